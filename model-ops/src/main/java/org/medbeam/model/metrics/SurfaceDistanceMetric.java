package org.medbeam.model.metrics;

/**
 * MONAI's {@code SurfaceDistanceMetric}: per case and class, the mean distance from the
 * prediction's edge voxels to the ground truth's edge ({@code symmetric}: the mean over both
 * directions' distances together), in mm for {@code euclidean} (see {@link EdgeDistanceMetric}),
 * voxels otherwise. Both masks empty → NaN; one empty → +inf.
 */
public final class SurfaceDistanceMetric extends EdgeDistanceMetric<SurfaceDistanceMetric> {
  private final boolean symmetric;

  private SurfaceDistanceMetric(
      boolean includeBackground,
      boolean symmetric,
      DistanceMetric distanceMetric,
      double[] spacing,
      MetricReduction reduction,
      boolean getNotNans,
      int threads) {
    super(includeBackground, distanceMetric, spacing, reduction, getNotNans, threads);
    this.symmetric = symmetric;
  }

  /**
   * MONAI's defaults: {@code include_background=False, symmetric=False,
   * distance_metric="euclidean", reduction="mean", get_not_nans=False}.
   */
  public static SurfaceDistanceMetric create() {
    return new SurfaceDistanceMetric(
        false,
        false,
        DistanceMetric.EUCLIDEAN,
        null,
        MetricReduction.MEAN,
        false,
        defaultThreads());
  }

  @Override
  SurfaceDistanceMetric with(boolean includeBackground, DistanceMetric distanceMetric,
      double[] spacing, MetricReduction reduction, boolean getNotNans, int threads) {
    return new SurfaceDistanceMetric(includeBackground, symmetric, distanceMetric, spacing,
        reduction, getNotNans, threads);
  }

  public SurfaceDistanceMetric withSymmetric(boolean v) {
    return new SurfaceDistanceMetric(
        includeBackground(),
        v,
        distanceMetric(),
        spacingOrNull(),
        reduction(),
        getNotNans(),
        threads());
  }

  @Override
  boolean symmetric() {
    return symmetric;
  }

  @Override
  double classValue(SurfaceDistances.EdgeDistances d, int k) {
    float[] a = d.fromPredRaw();
    float[] b = symmetric ? d.fromGtRaw() : new float[0];
    int n = a.length + b.length;
    if (n == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (float v : a) {
      s += v;
    }
    for (float v : b) {
      s += v;
    }
    return s / n;
  }
}
