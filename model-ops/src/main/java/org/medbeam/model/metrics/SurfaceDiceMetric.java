package org.medbeam.model.metrics;

import java.util.Arrays;

/**
 * MONAI's {@code SurfaceDiceMetric} (normalised surface Dice, NSD): per case and class, the
 * fraction of edge voxels of both masks whose distance to the other mask's edge is at most the
 * class threshold ({@code class_thresholds[c]}, in mm for {@code euclidean}, else voxels); counts
 * edge voxels ({@code use_subvoxels=False}). A class in neither mask → NaN; in only one → 0. Inputs
 * must be 2D or 3D.
 */
public final class SurfaceDiceMetric extends EdgeDistanceMetric<SurfaceDiceMetric> {
  private final double[] classThresholds;

  private SurfaceDiceMetric(
      double[] classThresholds,
      boolean includeBackground,
      DistanceMetric distanceMetric,
      double[] spacing,
      MetricReduction reduction,
      boolean getNotNans,
      int threads) {
    super(includeBackground, distanceMetric, spacing, reduction, getNotNans, threads);
    if (classThresholds == null || classThresholds.length == 0) {
      throw new IllegalArgumentException(
          "SurfaceDiceMetric: class_thresholds needs one threshold per class, got none");
    }
    for (double t : classThresholds) {
      if (Double.isNaN(t) || Double.isInfinite(t)) {
        throw new IllegalArgumentException(
            "SurfaceDiceMetric: all class thresholds need to be finite, got "
                + Arrays.toString(classThresholds));
      }
      if (t < 0) {
        throw new IllegalArgumentException(
            "SurfaceDiceMetric: all class thresholds need to be >= 0, got "
                + Arrays.toString(classThresholds));
      }
    }
    this.classThresholds = classThresholds.clone();
  }

  /**
   * MONAI's defaults besides the required thresholds: {@code include_background=False,
   * distance_metric="euclidean", reduction="mean", get_not_nans=False, use_subvoxels=False}.
   */
  public static SurfaceDiceMetric create(double... classThresholds) {
    return new SurfaceDiceMetric(
        classThresholds,
        false,
        DistanceMetric.EUCLIDEAN,
        null,
        MetricReduction.MEAN,
        false,
        defaultThreads());
  }

  @Override
  SurfaceDiceMetric with(boolean includeBackground, DistanceMetric distanceMetric,
      double[] spacing, MetricReduction reduction, boolean getNotNans, int threads) {
    return new SurfaceDiceMetric(classThresholds, includeBackground, distanceMetric, spacing,
        reduction, getNotNans, threads);
  }

  public double[] classThresholds() {
    return classThresholds.clone();
  }

  @Override
  public MetricTensor computeCase(
      org.medbeam.core.Volume yPred, org.medbeam.core.Volume y, double[] spacing) {
    int rank = yPred.spatialRank();
    if (rank != 2 && rank != 3) {
      throw new IllegalArgumentException(
          "SurfaceDiceMetric: y_pred and y should be one-hot encoded 2D or 3D images (C, H, W[,"
              + " D]), got shape "
              + Arrays.toString(yPred.shape()));
    }
    int nc = yPred.channels() - Voxels.firstChannel(yPred, includeBackground());
    if (nc != classThresholds.length) {
      throw new IllegalArgumentException(
          "SurfaceDiceMetric: number of classes ("
              + nc
              + ") does not match number of class "
              + "thresholds ("
              + classThresholds.length
              + ")");
    }
    return super.computeCase(yPred, y, spacing);
  }

  @Override
  boolean symmetric() {
    return true;
  }

  @Override
  double classValue(SurfaceDistances.EdgeDistances d, int k) {
    float[] a = d.fromPredRaw();
    float[] b = d.fromGtRaw();
    int complete = a.length + b.length;
    if (complete == 0) {
      return Double.NaN;
    }
    // torch compares the float32 distances with the threshold as a float32 scalar
    float th = (float) classThresholds[k];
    int correct = 0;
    for (float v : a) {
      correct += v <= th ? 1 : 0;
    }
    for (float v : b) {
      correct += v <= th ? 1 : 0;
    }
    return (double) correct / complete;
  }
}
