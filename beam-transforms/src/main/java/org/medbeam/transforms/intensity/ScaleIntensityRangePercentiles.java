package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code ScaleIntensityRangePercentiles}: {@link ScaleIntensityRange} from the {@code
 * lower}-th and {@code upper}-th percentiles of the image ({@link Percentiles}, MONAI's {@code
 * percentile}) to {@code [b_min, b_max]}; with {@code relative}, to the same percentiles of {@code
 * [b_min, b_max]}; per channel with {@code channel_wise}.
 */
public final class ScaleIntensityRangePercentiles implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final double lower;
  private final double upper;
  private final Double bMin;
  private final Double bMax;
  private final boolean clip;
  private final boolean relative;
  private final boolean channelWise;
  private final DType dtype;

  public ScaleIntensityRangePercentiles(
      double lower,
      double upper,
      Double bMin,
      Double bMax,
      boolean clip,
      boolean relative,
      boolean channelWise,
      DType dtype) {
    if (lower < 0.0 || lower > 100.0 || Double.isNaN(lower)) {
      throw new IllegalArgumentException(
          "ScaleIntensityRangePercentiles: Percentiles must be in the range [0, 100], lower is "
              + lower);
    }
    if (upper < 0.0 || upper > 100.0 || Double.isNaN(upper)) {
      throw new IllegalArgumentException(
          "ScaleIntensityRangePercentiles: Percentiles must be in the range [0, 100], upper is "
              + upper);
    }
    if (relative && (bMin == null || bMax == null)) {
      throw new IllegalArgumentException(
          "ScaleIntensityRangePercentiles: If it is relative, b_min and b_max should not be None");
    }
    this.lower = lower;
    this.upper = upper;
    this.bMin = bMin;
    this.bMax = bMax;
    this.clip = clip;
    this.relative = relative;
    this.channelWise = channelWise;
    this.dtype = dtype;
  }

  @Override
  public Volume apply(Volume img, int threads) {
    float[] f = Floats.copy(img, threads);
    if (channelWise) {
      int n = img.voxelsPerChannel();
      for (int c = 0; c < img.channels(); c++) {
        normalize(f, c * n, (c + 1) * n);
      }
    } else {
      normalize(f, 0, f.length);
    }
    return Floats.output(img, f, dtype == null ? img.dtype() : dtype);
  }

  private void normalize(float[] f, int from, int to) {
    float[] p = Percentiles.percentiles(f, from, to, lower, upper);
    float aMin = p[0];
    float aMax = p[1];
    Double b0 = bMin;
    Double b1 = bMax;
    if (relative) {
      b0 = ((bMax - bMin) * (lower / 100.0)) + bMin;
      b1 = ((bMax - bMin) * (upper / 100.0)) + bMin;
    }
    float range = aMax - aMin; // a 0-d float32 tensor difference in MONAI
    if (range == 0f) {
      float bm = b0 == null ? 0f : (float) (double) b0;
      for (int i = from; i < to; i++) {
        f[i] = b0 == null ? f[i] - aMin : f[i] - aMin + bm;
      }
      return;
    }
    boolean affine = b0 != null && b1 != null;
    float bw = affine ? (float) (b1 - b0) : 1f;
    float bm = affine ? (float) (double) b0 : 0f;
    float lo = b0 == null ? Float.NEGATIVE_INFINITY : (float) (double) b0;
    float hi = b1 == null ? Float.POSITIVE_INFINITY : (float) (double) b1;
    for (int i = from; i < to; i++) {
      float v = (f[i] - aMin) / range;
      if (affine) {
        v = v * bw + bm;
      }
      if (clip) {
        v = v < lo ? lo : (v > hi ? hi : v);
      }
      f[i] = v;
    }
  }

  @Override
  public String toString() {
    return "ScaleIntensityRangePercentiles(lower="
        + lower
        + ", upper="
        + upper
        + ", b_min="
        + bMin
        + ", b_max="
        + bMax
        + ", clip="
        + clip
        + ", relative="
        + relative
        + ", channel_wise="
        + channelWise
        + ")";
  }
}
