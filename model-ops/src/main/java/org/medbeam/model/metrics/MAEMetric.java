package org.medbeam.model.metrics;

/**
 * MONAI's {@code MAEMetric}: Mean Absolute Error, {@code mean(abs(y - y_pred))} per case, {@code
 * (1)}.
 */
public final class MAEMetric extends RegressionMetric {
  private MAEMetric(MetricReduction reduction, boolean getNotNans, int threads) {
    super(reduction, getNotNans, threads);
  }

  /** MONAI's defaults: reduction="mean", get_not_nans=False. */
  public static MAEMetric create() {
    return new MAEMetric(MetricReduction.MEAN, false, defaultThreads());
  }

  public MAEMetric withReduction(MetricReduction v) {
    return new MAEMetric(v, getNotNans(), threads());
  }

  public MAEMetric withReduction(String v) {
    return withReduction(reductionOf(v));
  }

  public MAEMetric withGetNotNans(boolean v) {
    return new MAEMetric(reduction(), v, threads());
  }

  public MAEMetric withThreads(int v) {
    return new MAEMetric(reduction(), getNotNans(), v);
  }

  @Override
  double error(double d) {
    return Math.abs(d);
  }
}
