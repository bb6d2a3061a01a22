package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code ScaleIntensity}: rescales to {@code [minv, maxv]} (MONAI's {@code rescale_array}:
 * {@code (x - min) / (max - min) * (maxv - minv) + minv}; a constant image becomes {@code x *
 * minv}; with only one of the bounds given, the result is just {@code (x - min) / (max - min)}),
 * per channel with {@code channel_wise}; with both bounds null, {@code x * (1 + factor)}. Float32
 * arithmetic step by step; output {@code dtype} default float32, null keeps the input's.
 */
public final class ScaleIntensity implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final Double minv;
  private final Double maxv;
  private final Double factor;
  private final boolean channelWise;
  private final DType dtype;

  public ScaleIntensity(Double minv, Double maxv, Double factor, boolean channelWise, DType dtype) {
    this.minv = minv;
    this.maxv = maxv;
    this.factor = factor;
    this.channelWise = channelWise;
    this.dtype = dtype;
  }

  /** To {@code [0, 1]}, float32. */
  public ScaleIntensity() {
    this(0.0, 1.0, null, false, DType.FLOAT32);
  }

  @Override
  public Volume apply(Volume img, int threads) {
    float[] f = Floats.copy(img, threads);
    if (minv != null || maxv != null) {
      if (channelWise) {
        int n = img.voxelsPerChannel();
        for (int c = 0; c < img.channels(); c++) {
          rescale(f, c * n, (c + 1) * n);
        }
      } else {
        rescale(f, 0, f.length);
      }
    } else if (factor != null) {
      float m = (float) (1 + factor);
      for (int i = 0; i < f.length; i++) {
        f[i] = f[i] * m;
      }
    }
    return Floats.output(img, f, dtype == null ? img.dtype() : dtype);
  }

  private void rescale(float[] f, int from, int to) {
    if (to <= from) {
      return;
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    boolean nan = false;
    for (int i = from; i < to; i++) {
      float v = f[i];
      if (Float.isNaN(v)) {
        nan = true;
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (nan) {
      min = Float.NaN;
      max = Float.NaN;
    }
    if (min == max) {
      if (minv != null) {
        float m = (float) (double) minv;
        for (int i = from; i < to; i++) {
          f[i] = f[i] * m;
        }
      }
      return;
    }
    float range = max - min;
    boolean both = minv != null && maxv != null;
    float w = both ? (float) (maxv - minv) : 1f;
    float b = both ? (float) (double) minv : 0f;
    for (int i = from; i < to; i++) {
      float v = (f[i] - min) / range;
      f[i] = both ? v * w + b : v;
    }
  }

  @Override
  public String toString() {
    return "ScaleIntensity(minv="
        + minv
        + ", maxv="
        + maxv
        + ", factor="
        + factor
        + ", channel_wise="
        + channelWise
        + ", dtype="
        + Floats.name(dtype)
        + ")";
  }
}
