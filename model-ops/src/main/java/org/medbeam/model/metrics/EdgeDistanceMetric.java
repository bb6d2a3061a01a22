package org.medbeam.model.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.Volume;

/**
 * Base of the metrics built on edge-to-edge distances ({@link HausdorffDistanceMetric}, {@link
 * SurfaceDistanceMetric}, {@link SurfaceDiceMetric}): per case and class (after {@code
 * include_background}), the masks are {@code value == 1} of the one-hot channel, edges and
 * distances as {@link SurfaceDistances}.
 *
 * <p>Voxel spacing (MONAI's {@code spacing} keyword, used by {@code euclidean} only): an explicit
 * spacing passed to {@link #call(List, List, double[])} or set with {@code withSpacing} wins (one
 * value per spatial axis, or a single value for isotropic spacing); otherwise each case's spacing
 * comes from the ground-truth volume's affine ({@link Volume#spacing()}: column norms, mm). MONAI's
 * default {@code spacing=None} is unit spacing: the same as a volume with an identity affine, or
 * {@code withSpacing(1, 1, 1)}.
 *
 * @param <S> the concrete metric, which the shared {@code withX} settings return
 */
public abstract class EdgeDistanceMetric<S extends EdgeDistanceMetric<S>>
    extends CumulativeIterationMetric {
  private final boolean includeBackground;
  private final DistanceMetric distanceMetric;
  private final double[] spacing;

  EdgeDistanceMetric(
      boolean includeBackground,
      DistanceMetric distanceMetric,
      double[] spacing,
      MetricReduction reduction,
      boolean getNotNans,
      int threads) {
    super(reduction, getNotNans, threads);
    if (distanceMetric == null) {
      throw new IllegalArgumentException(
          "distance_metric must be one of [euclidean, chessboard, taxicab], got null");
    }
    this.includeBackground = includeBackground;
    this.distanceMetric = distanceMetric;
    this.spacing = spacing == null ? null : checkSpacing(spacing);
  }

  static double[] checkSpacing(double[] spacing) {
    if (spacing.length < 1 || spacing.length > 3) {
      throw new IllegalArgumentException(
          "spacing needs one value per spatial axis (1 to 3), got " + Arrays.toString(spacing));
    }
    for (double s : spacing) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException(
            "spacing must be finite and > 0 (mm per voxel), got " + Arrays.toString(spacing));
      }
    }
    return spacing.clone();
  }

  public boolean includeBackground() {
    return includeBackground;
  }

  public DistanceMetric distanceMetric() {
    return distanceMetric;
  }

  /** The explicit spacing, or null when it comes from each case's affine. */
  public double[] spacing() {
    return spacing == null ? null : spacing.clone();
  }

  double[] spacingOrNull() {
    return spacing;
  }

  /** The same metric with the shared settings replaced (its own settings kept). */
  abstract S with(boolean includeBackground, DistanceMetric distanceMetric, double[] spacing,
      MetricReduction reduction, boolean getNotNans, int threads);

  public S withIncludeBackground(boolean v) {
    return with(v, distanceMetric, spacing, reduction(), getNotNans(), threads());
  }

  public S withDistanceMetric(DistanceMetric v) {
    return with(includeBackground, v, spacing, reduction(), getNotNans(), threads());
  }

  public S withDistanceMetric(String v) {
    return withDistanceMetric(DistanceMetric.of(v));
  }

  /** Explicit spacing (mm per voxel, one per spatial axis); null: from each case's affine. */
  public S withSpacing(double... v) {
    return with(includeBackground, distanceMetric, v, reduction(), getNotNans(), threads());
  }

  public S withReduction(MetricReduction v) {
    return with(includeBackground, distanceMetric, spacing, v, getNotNans(), threads());
  }

  public S withReduction(String v) {
    return withReduction(reductionOf(v));
  }

  public S withGetNotNans(boolean v) {
    return with(includeBackground, distanceMetric, spacing, reduction(), v, threads());
  }

  public S withThreads(int v) {
    return with(includeBackground, distanceMetric, spacing, reduction(), getNotNans(), v);
  }

  /** Whether both directions are measured (pred→gt and gt→pred). */
  abstract boolean symmetric();

  /** The value of class {@code k} (index after include_background) from its edge distances. */
  abstract double classValue(SurfaceDistances.EdgeDistances d, int k);

  @Override
  public MetricTensor computeCase(Volume yPred, Volume y) {
    return computeCase(yPred, y, spacing);
  }

  /**
   * One case with an explicit spacing ({@code null}: the metric's own, else the affine's).
   *
   * @param spacing mm per voxel along each spatial axis
   */
  public MetricTensor computeCase(Volume yPred, Volume y, double[] spacing) {
    int fp = Voxels.firstChannel(yPred, includeBackground);
    int fy = Voxels.firstChannel(y, includeBackground);
    if (yPred.channels() - fp != y.channels() - fy) {
      Voxels.checkSameShape(name(), yPred, y);
    }
    Voxels.checkSameSpatialShape(name(), yPred, y);
    double[] sp = spacing != null ? spacing : (this.spacing != null ? this.spacing : y.spacing());
    if (sp.length == 1 && y.spatialRank() > 1) {
      // MONAI: a single number is an isotropic spacing
      double[] iso = new double[y.spatialRank()];
      java.util.Arrays.fill(iso, sp[0]);
      sp = iso;
    }
    if (sp.length != y.spatialRank()) {
      throw new IllegalArgumentException(
          name()
              + ": spacing "
              + Arrays.toString(sp)
              + " has "
              + sp.length
              + " values but the images have "
              + y.spatialRank()
              + " spatial axes "
              + Arrays.toString(y.spatialShape()));
    }
    checkSpacing(sp);
    int nc = yPred.channels() - fp;
    double[] out = new double[nc];
    for (int k = 0; k < nc; k++) {
      SurfaceDistances.EdgeDistances d =
          SurfaceDistances.edgeSurfaceDistance(
              yPred, fp + k, y, fy + k, distanceMetric, sp, symmetric(), threads());
      out[k] = classValue(d, k);
    }
    return MetricTensor.wrap(out, nc);
  }

  /** A batch with one explicit spacing for every case (MONAI's {@code spacing=[sx, sy, sz]}). */
  public MetricTensor call(List<Volume> yPred, List<Volume> y, double[] spacing) {
    checkBatch(yPred, y);
    List<MetricTensor> rows = new ArrayList<>();
    for (int b = 0; b < yPred.size(); b++) {
      rows.add(computeCase(yPred.get(b), y.get(b), spacing));
    }
    return append(rows);
  }

  /** A batch with one spacing per case (MONAI's sequence-of-sequences {@code spacing}). */
  public MetricTensor callWithSpacings(
      List<Volume> yPred, List<Volume> y, List<double[]> spacings) {
    checkBatch(yPred, y);
    if (spacings.size() != yPred.size()) {
      throw new IllegalArgumentException(
          name()
              + ": "
              + spacings.size()
              + " spacings for "
              + yPred.size()
              + " cases; give one per case");
    }
    List<MetricTensor> rows = new ArrayList<>();
    for (int b = 0; b < yPred.size(); b++) {
      rows.add(computeCase(yPred.get(b), y.get(b), spacings.get(b)));
    }
    return append(rows);
  }
}
