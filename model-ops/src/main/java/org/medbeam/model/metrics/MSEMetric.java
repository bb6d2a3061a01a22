package org.medbeam.model.metrics;

/**
 * MONAI's {@code MSEMetric}: Mean Squared Error, {@code mean((y - y_pred)^2)} per case, {@code
 * (1)}.
 */
public final class MSEMetric extends RegressionMetric {
  private MSEMetric(MetricReduction reduction, boolean getNotNans, int threads) {
    super(reduction, getNotNans, threads);
  }

  /** MONAI's defaults: reduction="mean", get_not_nans=False. */
  public static MSEMetric create() {
    return new MSEMetric(MetricReduction.MEAN, false, defaultThreads());
  }

  public MSEMetric withReduction(MetricReduction v) {
    return new MSEMetric(v, getNotNans(), threads());
  }

  public MSEMetric withReduction(String v) {
    return withReduction(reductionOf(v));
  }

  public MSEMetric withGetNotNans(boolean v) {
    return new MSEMetric(reduction(), v, threads());
  }

  public MSEMetric withThreads(int v) {
    return new MSEMetric(reduction(), getNotNans(), v);
  }

  @Override
  double error(double d) {
    return d * d;
  }
}
