package org.medbeam.transforms.spatial;

import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;

/**
 * MONAI's {@code Rotate90}: rotates {@code k} times by 90° in the plane of two spatial axes (as
 * {@code torch.rot90}, from the first axis towards the second). Exact, dtype kept; the affine is
 * updated with MONAI's matrix.
 */
public final class Rotate90 implements PlannedSpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Rotate90";

  private final int k;
  private final int[] spatialAxes;
  private final int threads;

  private Rotate90(int k, int[] spatialAxes, int threads) {
    this.k = ((k % 4) + 4) % 4;
    if (spatialAxes == null || spatialAxes.length != 2) {
      throw new IllegalArgumentException(
          NAME + ": spatial_axes must be 2 numbers defining the plane to rotate, got "
              + java.util.Arrays.toString(spatialAxes));
    }
    this.spatialAxes = spatialAxes.clone();
    this.threads = threads;
  }

  /** {@code k} quarter turns in the plane of spatial axes {@code a0, a1}. */
  public static Rotate90 of(int k, int a0, int a1) {
    return new Rotate90(k, new int[] {a0, a1}, Parallel.defaultThreads());
  }

  /** MONAI's defaults: one quarter turn in the plane of spatial axes 0 and 1. */
  public static Rotate90 of(int k) {
    return of(k, 0, 1);
  }

  public Rotate90 withThreads(int t) {
    return new Rotate90(k, spatialAxes, Args.threads(NAME, t));
  }

  public int k() {
    return k;
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
    return plan(g, k, spatialAxes, NAME);
  }

  static SpatialPlan plan(Geometry g, int k, int[] spatialAxes, String className) {
    int r = g.rank();
    if (r < 2) {
      throw new IllegalArgumentException(NAME + " needs at least 2 spatial dimensions, got " + r);
    }
    int a0 = Args.spatialAxis(NAME + ": spatial_axes", spatialAxes[0], r);
    int a1 = Args.spatialAxis(NAME + ": spatial_axes", spatialAxes[1], r);
    if (a0 == a1) {
      throw new IllegalArgumentException(
          NAME + ": spatial_axes must name two different axes, got " + a0 + " and " + a1);
    }
    int[] ori = g.spatialShape();
    int[] sp = ori.clone();
    if (k == 1 || k == 3) {
      sp[a0] = ori[a1];
      sp[a1] = ori[a0];
    }
    double[] shiftOut = new double[r];
    double[] shiftIn = new double[r];
    for (int i = 0; i < r; i++) {
      shiftOut[i] = -(sp[i] - 1) / 2.0;
      shiftIn[i] = (ori[i] - 1) / 2.0;
    }
    // MONAI: axes include the channel; s = -1 when axes[0] - axes[1] in (-1, 2)
    int diff = (a0 + 1) - (a1 + 1);
    double s = (diff == -1 || diff == 2) ? -1.0 : 1.0;
    double[][] rot;
    if (r == 2) {
      rot = Matrices.rotate(2, new double[] {s * Math.PI / 2});
    } else {
      double[] angle = new double[3];
      int other = 3 - a0 - a1;
      angle[other] = s * Math.PI / 2;
      rot = Matrices.rotate(3, angle);
    }
    double[][] x = Matrices.translate(r, shiftOut);
    for (int i = 0; i < k; i++) {
      x = Matrices.mul(rot, x);
    }
    x = Matrices.mul(Matrices.translate(r, shiftIn), x);
    org.medbeam.core.Affine xform = Matrices.embed(x);
    Metadata extra =
        Metadata.builder()
            .put("axes", new int[] {a0, a1})
            .put("k", k)
            .put("xform", xform.toArray())
            .build();
    return SpatialPlan.exact(g, sp, xform, AppliedOperation.of(className, ori, extra));
  }

  @Override
  public String toString() {
    return "Rotate90(k=" + k + ", spatial_axes=" + java.util.Arrays.toString(spatialAxes) + ")";
  }
}
