package org.medbeam.transforms.spatial;

import org.medbeam.core.Affine;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;

/**
 * MONAI's {@code spatial_resample}: resample from the volume's affine to {@code dst_affine} on a
 * grid of {@code spatial_size}, recorded as {@code SpatialResample}. The matrix is {@code
 * solve(src_affine, dst_affine)}; when it is the identity (within MONAI's {@code AFFINE_TOL} =
 * 1e-3) and the size is unchanged, the voxels are only converted to float32 and the affine kept.
 */
final class SpatialResampling {
  static final String CLASS_NAME = "SpatialResample";
  static final double AFFINE_TOL = 1e-3;

  private SpatialResampling() {}

  static SpatialPlan plan(
      Geometry g,
      double[][] dstNd,
      int[] spatialSize,
      GridSampleMode mode,
      GridSamplePadMode padding,
      boolean alignCorners,
      String dtype,
      String modeName,
      String paddingName) {
    int r = Math.min(spatialSize.length, 3);
    int[] inShape = g.spatialShape();
    double[][] src = Matrices.nd(g.affine(), r);
    double[][] dst = Matrices.nd(dstNd, r);
    double[][] xform = r < 2 ? Matrices.eye(r + 1) : Matrices.solve(src, dst);
    boolean sameSize = java.util.Arrays.equals(spatialSize, inShape);
    boolean unchanged =
        sameSize
            && (Matrices.allclose(src, dst, AFFINE_TOL)
                || Matrices.allclose(xform, Matrices.eye(r + 1), AFFINE_TOL));
    Metadata extra =
        Metadata.builder()
            .put("dtype", dtype)
            .put("mode", modeName)
            .put("padding_mode", paddingName)
            .put("align_corners", alignCorners)
            .put("src_affine", g.affine().toArray())
            .build();
    AppliedOperation op = AppliedOperation.of(CLASS_NAME, inShape, extra);
    if (unchanged) {
      return SpatialPlan.noop(g, op, true);
    }
    Affine x = Matrices.embed(xform);
    Affine sample =
        Matrices.embed(Matrices.affineTransformMap(xform, inShape, spatialSize, alignCorners));
    return SpatialPlan.resample(g, spatialSize, x, sample, mode, padding, alignCorners, op);
  }

  /**
   * Undoes a recorded {@code SpatialResample}: resamples back to the recorded source affine and
   * size (MONAI's {@code SpatialResample.inverse}) and restores that affine exactly.
   */
  static SpatialPlan inversePlan(Geometry g, AppliedOperation op, String modeOverride) {
    Metadata e = op.extraInfo();
    Affine src = Affine.of(e.getDoubleArray("src_affine"));
    String modeName = modeOverride != null ? modeOverride : e.getString("mode");
    String padName = e.getString("padding_mode");
    boolean ac = Boolean.TRUE.equals(e.get("align_corners"));
    int[] orig = op.origSize();
    SpatialPlan p =
        plan(
            g,
            Matrices.nd(src, orig.length),
            orig,
            GridSampleMode.parse(modeName, "SpatialResample.inverse mode"),
            GridSamplePadMode.parse(padName, "SpatialResample.inverse padding_mode"),
            ac,
            e.getString("dtype"),
            modeName,
            padName);
    return p.withOutAffine(src).untracked();
  }
}
