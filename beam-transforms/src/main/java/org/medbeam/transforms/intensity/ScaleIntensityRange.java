package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code ScaleIntensityRange}: {@code (x - a_min) / (a_max - a_min)}, then {@code * (b_max
 * - b_min) + b_min} when both are given, then (with {@code clip}) clamped to {@code [b_min, b_max]}
 * (a null bound is not clamped). Computed step by step in float32 as torch does (float64 for
 * float64 input); output {@code dtype} default float32, null keeps the input's. With {@code a_min
 * == a_max} MONAI returns {@code x - a_min (+ b_min)} unconverted; so do we.
 */
public final class ScaleIntensityRange implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final double aMin;
  private final double aMax;
  private final Double bMin;
  private final Double bMax;
  private final boolean clip;
  private final DType dtype;

  public ScaleIntensityRange(
      double aMin, double aMax, Double bMin, Double bMax, boolean clip, DType dtype) {
    if (!Double.isFinite(aMin) || !Double.isFinite(aMax)) {
      throw new IllegalArgumentException(
          "ScaleIntensityRange: a_min and a_max must be finite, got " + aMin + ", " + aMax);
    }
    this.aMin = aMin;
    this.aMax = aMax;
    this.bMin = bMin;
    this.bMax = bMax;
    this.clip = clip;
    this.dtype = dtype;
  }

  public ScaleIntensityRange(double aMin, double aMax, double bMin, double bMax, boolean clip) {
    this(aMin, aMax, bMin, bMax, clip, DType.FLOAT32);
  }

  @Override
  public Volume apply(Volume img, int threads) {
    int n = img.size();
    if (aMax - aMin == 0.0) {
      if (Floats.isDouble(img)) {
        double[] d = Floats.copyDouble(img);
        for (int i = 0; i < n; i++) {
          d[i] = bMin == null ? d[i] - aMin : d[i] - aMin + bMin;
        }
        return img.withData(d, DType.FLOAT64, img.shape());
      }
      float[] f = Floats.copy(img, threads);
      float am = (float) aMin;
      float bm = bMin == null ? 0f : (float) (double) bMin;
      for (int i = 0; i < n; i++) {
        f[i] = bMin == null ? f[i] - am : f[i] - am + bm;
      }
      return img.withData(f, DType.FLOAT32, img.shape());
    }
    boolean affine = bMin != null && bMax != null;
    if (Floats.isDouble(img)) {
      double[] d = Floats.copyDouble(img);
      double lo = bMin == null ? Double.NEGATIVE_INFINITY : bMin;
      double hi = bMax == null ? Double.POSITIVE_INFINITY : bMax;
      double range = aMax - aMin;
      double bw = affine ? bMax - bMin : 1;
      double b0 = affine ? bMin : 0;
      for (int i = 0; i < n; i++) {
        double v = (d[i] - aMin) / range;
        if (affine) {
          v = v * bw + b0;
        }
        if (clip) {
          v = Math.min(Math.max(v, lo), hi);
        }
        d[i] = v;
      }
      return Floats.output(img, d, dtype);
    }
    float am = (float) aMin;
    float range = (float) (aMax - aMin);
    float bw = affine ? (float) (bMax - bMin) : 1f;
    float b0 = affine ? (float) (double) bMin : 0f;
    float lo = bMin == null ? Float.NEGATIVE_INFINITY : (float) (double) bMin;
    float hi = bMax == null ? Float.POSITIVE_INFINITY : (float) (double) bMax;
    float[] out = new float[n];
    Object src = img.array();
    DType t = img.dtype();
    boolean c = clip;
    Parallel.forRange(
        n,
        threads,
        (s, e) -> {
          if (t == DType.FLOAT32) {
            kernel((float[]) src, s, e, out, am, range, affine, bw, b0, c, lo, hi);
          } else if (t == DType.INT16) {
            short[] x = (short[]) src;
            for (int i = s; i < e; i++) {
              out[i] = one(x[i], am, range, affine, bw, b0, c, lo, hi);
            }
          } else {
            for (int i = s; i < e; i++) {
              out[i] = one((float) img.getDouble(i), am, range, affine, bw, b0, c, lo, hi);
            }
          }
        });
    return Floats.output(img, out, dtype);
  }

  /**
   * The float32 kernel; separate plain loops per case so the JIT vectorises them ({@code
   * Math.max}/{@code Math.min} clamp: NaN stays NaN, as with torch.clamp).
   */
  private static void kernel(
      float[] x,
      int s,
      int e,
      float[] out,
      float am,
      float range,
      boolean affine,
      float bw,
      float b0,
      boolean c,
      float lo,
      float hi) {
    if (affine && c) {
      for (int i = s; i < e; i++) {
        out[i] = Math.min(Math.max((x[i] - am) / range * bw + b0, lo), hi);
      }
    } else if (affine) {
      for (int i = s; i < e; i++) {
        out[i] = (x[i] - am) / range * bw + b0;
      }
    } else if (c) {
      for (int i = s; i < e; i++) {
        out[i] = Math.min(Math.max((x[i] - am) / range, lo), hi);
      }
    } else {
      for (int i = s; i < e; i++) {
        out[i] = (x[i] - am) / range;
      }
    }
  }

  private static float one(
      float x,
      float am,
      float range,
      boolean affine,
      float bw,
      float b0,
      boolean c,
      float lo,
      float hi) {
    float v = (x - am) / range;
    if (affine) {
      v = v * bw + b0;
    }
    return c ? Math.min(Math.max(v, lo), hi) : v;
  }

  @Override
  public String toString() {
    return "ScaleIntensityRange(a_min="
        + aMin
        + ", a_max="
        + aMax
        + ", b_min="
        + bMin
        + ", b_max="
        + bMax
        + ", clip="
        + clip
        + ", dtype="
        + Floats.name(dtype)
        + ")";
  }
}
