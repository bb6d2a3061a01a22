package org.medbeam.model.metrics;

import java.util.Arrays;

/**
 * MONAI's {@code HausdorffDistanceMetric}: per case and class, the largest (or the {@code
 * percentile}-th) distance between the edges of prediction and ground truth, in mm for {@code
 * euclidean} (see {@link EdgeDistanceMetric} for spacing), in voxels otherwise.
 *
 * <p>Undirected (default): the larger of the two directed values. Percentiles follow {@code
 * torch.quantile} in float32 ({@link Quantiles}); a percentile of 0 or none means the maximum, as
 * in MONAI. Edge cases (MONAI's): both masks empty → NaN; one empty → +inf for the maximum, NaN for
 * a percentile (torch's interpolation between infinities).
 */
public final class HausdorffDistanceMetric extends EdgeDistanceMetric<HausdorffDistanceMetric> {
  private final Double percentile;
  private final boolean directed;

  private HausdorffDistanceMetric(
      boolean includeBackground,
      DistanceMetric distanceMetric,
      Double percentile,
      boolean directed,
      double[] spacing,
      MetricReduction reduction,
      boolean getNotNans,
      int threads) {
    super(includeBackground, distanceMetric, spacing, reduction, getNotNans, threads);
    if (percentile != null && !(percentile >= 0 && percentile <= 100)) {
      throw new IllegalArgumentException(
          "HausdorffDistanceMetric: percentile should be a value between 0 and 100, got "
              + percentile);
    }
    this.percentile = percentile;
    this.directed = directed;
  }

  /**
   * MONAI's defaults: {@code include_background=False, distance_metric="euclidean",
   * percentile=None, directed=False, reduction="mean", get_not_nans=False}.
   */
  public static HausdorffDistanceMetric create() {
    return new HausdorffDistanceMetric(
        false,
        DistanceMetric.EUCLIDEAN,
        null,
        false,
        null,
        MetricReduction.MEAN,
        false,
        defaultThreads());
  }

  @Override
  HausdorffDistanceMetric with(boolean includeBackground, DistanceMetric distanceMetric,
      double[] spacing, MetricReduction reduction, boolean getNotNans, int threads) {
    return new HausdorffDistanceMetric(includeBackground, distanceMetric, percentile, directed,
        spacing, reduction, getNotNans, threads);
  }

  /** Percentile in [0, 100], or null for the maximum. */
  public HausdorffDistanceMetric withPercentile(Double v) {
    return new HausdorffDistanceMetric(
        includeBackground(),
        distanceMetric(),
        v,
        directed,
        spacingOrNull(),
        reduction(),
        getNotNans(),
        threads());
  }

  public HausdorffDistanceMetric withDirected(boolean v) {
    return new HausdorffDistanceMetric(
        includeBackground(),
        distanceMetric(),
        percentile,
        v,
        spacingOrNull(),
        reduction(),
        getNotNans(),
        threads());
  }

  public Double percentile() {
    return percentile;
  }

  public boolean directed() {
    return directed;
  }

  @Override
  boolean symmetric() {
    return !directed;
  }

  @Override
  double classValue(SurfaceDistances.EdgeDistances d, int k) {
    float a = percentileDistance(d.fromPredRaw(), percentile);
    if (directed) {
      return a;
    }
    float b = percentileDistance(d.fromGtRaw(), percentile);
    return (Float.isNaN(a) || Float.isNaN(b)) ? Double.NaN : Math.max(a, b);
  }

  /** MONAI's {@code _compute_percentile_hausdorff_distance}. */
  static float percentileDistance(float[] distances, Double percentile) {
    if (distances.length == 0) {
      return Float.NaN;
    }
    if (percentile == null || percentile == 0) {
      float m = Float.NEGATIVE_INFINITY;
      for (float v : distances) {
        m = Math.max(m, v);
      }
      return m;
    }
    float[] sorted = distances.clone();
    Arrays.sort(sorted);
    return Quantiles.torchQuantileSorted(sorted, percentile / 100);
  }
}
