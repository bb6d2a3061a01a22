package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;

/**
 * MONAI's {@code Flip}: reverses the given spatial axes (all when none given; negative axes count
 * from the end) of a {@code (C, X, Y[, Z])} volume. Exact, dtype kept; the affine is updated so
 * world positions are unchanged.
 */
public final class Flip implements PlannedSpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Flip";

  private final int[] spatialAxis;
  private final int threads;

  private Flip(int[] spatialAxis, int threads) {
    this.spatialAxis = spatialAxis;
    this.threads = threads;
  }

  /** Flips the given spatial axes; no argument flips all of them (MONAI's {@code None}). */
  public static Flip of(int... spatialAxis) {
    return new Flip(
        spatialAxis == null || spatialAxis.length == 0 ? null : spatialAxis.clone(),
        Parallel.defaultThreads());
  }

  public Flip withThreads(int t) {
    return new Flip(spatialAxis, Args.threads(NAME, t));
  }

  /** The configured axes (null = all). */
  public int[] spatialAxis() {
    return spatialAxis == null ? null : spatialAxis.clone();
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public String operationName() {
    return NAME;
  }

  @Override
  public SpatialPlan plan(Geometry g, Object draw) {
    return plan(g, spatialAxis, NAME);
  }

  static SpatialPlan plan(Geometry g, int[] axes, String className) {
    int r = g.rank();
    int[] shape = g.spatialShape();
    boolean[] flip = new boolean[r];
    if (axes == null) {
      Arrays.fill(flip, true);
    } else {
      for (int a : axes) {
        flip[Args.spatialAxis(NAME + ": spatial_axis", a, r)] = true;
      }
    }
    double[][] x = Matrices.eye(4);
    for (int i = 0; i < r; i++) {
      if (flip[i]) {
        x[i][i] = -1;
        x[i][3] = shape[i] - 1;
      }
    }
    org.medbeam.core.Affine xform = org.medbeam.core.Affine.fromRows(x);
    Metadata extra =
        Metadata.builder()
            .put("axes", axes == null ? null : axes.clone())
            .put("xform", xform.toArray())
            .build();
    return SpatialPlan.exact(g, shape, xform, AppliedOperation.of(className, shape, extra));
  }

  @Override
  public String toString() {
    return "Flip(spatial_axis=" + (spatialAxis == null ? "None" : Arrays.toString(spatialAxis))
        + ")";
  }
}
