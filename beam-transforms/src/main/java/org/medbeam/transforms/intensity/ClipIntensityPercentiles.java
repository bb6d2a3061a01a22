package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code ClipIntensityPercentiles}: clips to the {@code lower}-th and {@code upper}-th
 * percentiles of the image ({@link Percentiles}; null means 0 and 100), per channel with {@code
 * channel_wise}. With {@code sharpness_factor} the clip is soft: {@code x + softplus(-c(x - lo))/c
 * - softplus(c(x - hi))/c} (a null percentile leaves that side alone). The output keeps the input's
 * dtype (as MONAI's {@code convert_to_dst_type} does); the soft clip computes in {@code dtype}
 * (float32).
 */
public final class ClipIntensityPercentiles implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final Double lower;
  private final Double upper;
  private final Double sharpnessFactor;
  private final boolean channelWise;
  private final DType dtype;

  public ClipIntensityPercentiles(
      Double lower, Double upper, Double sharpnessFactor, boolean channelWise, DType dtype) {
    if (lower == null && upper == null) {
      throw new IllegalArgumentException(
          "ClipIntensityPercentiles: lower or upper percentiles must be provided");
    }
    if (lower != null && (lower < 0.0 || lower > 100.0)) {
      throw new IllegalArgumentException(
          "ClipIntensityPercentiles: Percentiles must be in the range [0, 100], lower is " + lower);
    }
    if (upper != null && (upper < 0.0 || upper > 100.0)) {
      throw new IllegalArgumentException(
          "ClipIntensityPercentiles: Percentiles must be in the range [0, 100], upper is " + upper);
    }
    if (upper != null && lower != null && upper < lower) {
      throw new IllegalArgumentException(
          "ClipIntensityPercentiles: upper must be greater than or equal to lower, got lower="
              + lower
              + " upper="
              + upper);
    }
    if (sharpnessFactor != null && sharpnessFactor <= 0) {
      throw new IllegalArgumentException(
          "ClipIntensityPercentiles: sharpness_factor must be greater than 0, got "
              + sharpnessFactor);
    }
    this.lower = lower;
    this.upper = upper;
    this.sharpnessFactor = sharpnessFactor;
    this.channelWise = channelWise;
    this.dtype = dtype;
  }

  @Override
  public Volume apply(Volume img, int threads) {
    float[] f = Floats.copy(img, threads);
    if (channelWise) {
      int n = img.voxelsPerChannel();
      for (int c = 0; c < img.channels(); c++) {
        clip(f, c * n, (c + 1) * n);
      }
    } else {
      clip(f, 0, f.length);
    }
    return Floats.output(img, f, img.dtype());
  }

  private void clip(float[] f, int from, int to) {
    if (sharpnessFactor != null) {
      Float lo = lower == null ? null : Percentiles.percentiles(f, from, to, lower)[0];
      Float hi = upper == null ? null : Percentiles.percentiles(f, from, to, upper)[0];
      float c = (float) (double) sharpnessFactor;
      for (int i = from; i < to; i++) {
        float x = f[i];
        float v = x;
        if (lo != null) {
          v = v + softplus(-c * (x - lo)) / c;
        }
        if (hi != null) {
          v = v - softplus(c * (x - hi)) / c;
        }
        f[i] = v;
      }
      return;
    }
    float[] p =
        Percentiles.percentiles(
            f, from, to, lower == null ? 0 : lower, upper == null ? 100 : upper);
    for (int i = from; i < to; i++) {
      float v = f[i];
      f[i] = v < p[0] ? p[0] : (v > p[1] ? p[1] : v);
    }
  }

  /** {@code logaddexp(0, x)} in float32. */
  static float softplus(float x) {
    if (Float.isNaN(x)) {
      return x;
    }
    double m = Math.max(0.0, x);
    return (float) (m + Math.log1p(Math.exp(-Math.abs((double) x))));
  }

  @Override
  public String toString() {
    return "ClipIntensityPercentiles(lower="
        + lower
        + ", upper="
        + upper
        + ", sharpness_factor="
        + sharpnessFactor
        + ", channel_wise="
        + channelWise
        + ")";
  }
}
