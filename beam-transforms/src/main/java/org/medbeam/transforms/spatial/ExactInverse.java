package org.medbeam.transforms.spatial;

import org.medbeam.core.Affine;
import org.medbeam.core.AppliedOperation;

/** Undoes a recorded flip/permutation ({@code Flip}, {@code Orientation}, {@code Rotate90}). */
final class ExactInverse {
  private ExactInverse() {}

  static SpatialPlan plan(Geometry g, AppliedOperation op) {
    Affine fwd = Affine.of(op.extraInfo().getDoubleArray("xform"));
    SpatialPlan p = SpatialPlan.exact(g, op.origSize(), fwd.inverse(), null);
    double[] orig = op.extraInfo().getDoubleArray("original_affine");
    return orig != null ? p.withOutAffine(Affine.of(orig)).untracked() : p;
  }
}
