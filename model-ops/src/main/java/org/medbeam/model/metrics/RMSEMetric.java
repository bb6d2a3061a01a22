package org.medbeam.model.metrics;

/** MONAI's {@code RMSEMetric}: Root Mean Squared Error, {@code sqrt(MSE)} per case, {@code (1)}. */
public final class RMSEMetric extends RegressionMetric {
  private RMSEMetric(MetricReduction reduction, boolean getNotNans, int threads) {
    super(reduction, getNotNans, threads);
  }

  /** MONAI's defaults: reduction="mean", get_not_nans=False. */
  public static RMSEMetric create() {
    return new RMSEMetric(MetricReduction.MEAN, false, defaultThreads());
  }

  public RMSEMetric withReduction(MetricReduction v) {
    return new RMSEMetric(v, getNotNans(), threads());
  }

  public RMSEMetric withReduction(String v) {
    return withReduction(reductionOf(v));
  }

  public RMSEMetric withGetNotNans(boolean v) {
    return new RMSEMetric(reduction(), v, threads());
  }

  public RMSEMetric withThreads(int v) {
    return new RMSEMetric(reduction(), getNotNans(), v);
  }

  @Override
  double error(double d) {
    return d * d;
  }

  @Override
  double finish(double meanError) {
    return Math.sqrt(meanError);
  }
}
