package org.medbeam.model.metrics;

/**
 * MONAI's {@code PSNRMetric}: {@code 20 log10(max_val) - 10 log10(MSE)} per case, {@code (1)}, in
 * dB; {@code max_val} is the dynamic range of the images (e.g. 255 for uint8, 1.0 for [0, 1]).
 */
public final class PSNRMetric extends RegressionMetric {
  private final double maxVal;

  private PSNRMetric(double maxVal, MetricReduction reduction, boolean getNotNans, int threads) {
    super(reduction, getNotNans, threads);
    if (!(maxVal > 0) || Double.isInfinite(maxVal)) {
      throw new IllegalArgumentException(
          "PSNRMetric: max_val must be a finite number > 0 (the images' dynamic range), got "
              + maxVal);
    }
    this.maxVal = maxVal;
  }

  /** MONAI's defaults besides the required {@code max_val}: reduction="mean". */
  public static PSNRMetric create(double maxVal) {
    return new PSNRMetric(maxVal, MetricReduction.MEAN, false, defaultThreads());
  }

  public PSNRMetric withReduction(MetricReduction v) {
    return new PSNRMetric(maxVal, v, getNotNans(), threads());
  }

  public PSNRMetric withReduction(String v) {
    return withReduction(reductionOf(v));
  }

  public PSNRMetric withGetNotNans(boolean v) {
    return new PSNRMetric(maxVal, reduction(), v, threads());
  }

  public PSNRMetric withThreads(int v) {
    return new PSNRMetric(maxVal, reduction(), getNotNans(), v);
  }

  public double maxVal() {
    return maxVal;
  }

  @Override
  double error(double d) {
    return d * d;
  }

  @Override
  double finish(double mse) {
    return 20 * Math.log10(maxVal) - 10 * Math.log10(mse);
  }
}
