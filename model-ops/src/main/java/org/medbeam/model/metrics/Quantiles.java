package org.medbeam.model.metrics;

import java.util.Arrays;

/**
 * The percentile arithmetic MONAI's metrics use, reproduced to the bit.
 *
 * <p>{@link #torchQuantile}: {@code torch.quantile(x, q)} on a float32 vector with linear
 * interpolation (what {@code HausdorffDistanceMetric(percentile=p)} calls with {@code q = p/100}):
 * {@code q} becomes a float32, {@code rank = q * (n - 1)} in float32, and the two neighbours are
 * blended with torch's {@code lerp} in float32 ({@code lo + w (hi - lo)} for {@code w < 0.5}, else
 * {@code hi - (hi - lo)(1 - w)}). All-infinite inputs give NaN there, as in torch.
 */
public final class Quantiles {
  private Quantiles() {}

  /** {@code torch.quantile(values, q)} for float32 {@code values}; the input is not modified. */
  public static float torchQuantile(float[] values, double q) {
    if (values.length == 0) {
      throw new IllegalArgumentException("quantile of an empty array");
    }
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("quantile q must be in [0, 1], got " + q);
    }
    float[] sorted = values.clone();
    Arrays.sort(sorted);
    return torchQuantileSorted(sorted, q);
  }

  /** {@link #torchQuantile} on already sorted values (NaN-free). */
  static float torchQuantileSorted(float[] sorted, double q) {
    float q32 = (float) q;
    float rank = q32 * (float) (sorted.length - 1);
    int below = (int) rank;
    float weight = rank - below;
    int above = (int) Math.ceil(rank);
    float lo = sorted[below];
    float hi = sorted[above];
    float diff = hi - lo;
    return Math.abs(weight) < 0.5f ? lo + weight * diff : hi - diff * (1f - weight);
  }
}
