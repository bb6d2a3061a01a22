package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;

/**
 * MONAI's {@code Rotate}: rotates a 2D or 3D volume about its centre by {@code angle} radians
 * (one angle in 2D; three in 3D, in the planes of axes (1,2), (0,2), (0,1), composed as MONAI's
 * {@code create_rotate}). With {@code keep_size=false} the output grows to hold the whole input.
 * Defaults: bilinear, border padding, align_corners false.
 */
public final class Rotate implements PlannedSpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Rotate";

  private final double[] angle;
  private final boolean keepSize;
  private final String modeName;
  private final String paddingName;
  private final boolean alignCorners;
  private final String dtype;
  private final int threads;

  private Rotate(
      double[] angle, boolean keepSize, String mode, String padding, boolean ac, String dtype,
      int threads) {
    this.angle = angle;
    this.keepSize = keepSize;
    this.modeName = mode;
    this.paddingName = padding;
    this.alignCorners = ac;
    this.dtype = dtype;
    this.threads = threads;
    GridSampleMode.parse(mode, NAME + ": argument 'mode'");
    GridSamplePadMode.parse(padding, NAME + ": argument 'padding_mode'");
  }

  /** Rotation angle(s) in radians: one for 2D, one (used for all three planes) or three for 3D. */
  public static Rotate of(double... angle) {
    if (angle == null || angle.length == 0) {
      throw new IllegalArgumentException(NAME + ": angle must have at least one value");
    }
    return new Rotate(
        Args.finite(NAME + ": angle", angle), true, "bilinear", "border", false, "float32",
        Parallel.defaultThreads());
  }

  public Rotate withKeepSize(boolean k) {
    return new Rotate(angle, k, modeName, paddingName, alignCorners, dtype, threads);
  }

  public Rotate withMode(String m) {
    return new Rotate(angle, keepSize, m, paddingName, alignCorners, dtype, threads);
  }

  public Rotate withPaddingMode(String p) {
    return new Rotate(angle, keepSize, modeName, p, alignCorners, dtype, threads);
  }

  public Rotate withAlignCorners(boolean ac) {
    return new Rotate(angle, keepSize, modeName, paddingName, ac, dtype, threads);
  }

  /** Recorded only (computation is always double, output float32). */
  public Rotate withDtype(String d) {
    return new Rotate(angle, keepSize, modeName, paddingName, alignCorners, Args.dtype(NAME, d),
        threads);
  }

  public Rotate withThreads(int t) {
    return new Rotate(angle, keepSize, modeName, paddingName, alignCorners, dtype,
        Args.threads(NAME, t));
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
    return plan(g, angle, NAME);
  }

  SpatialPlan plan(Geometry g, double[] angles, String className) {
    int r = g.rank();
    if (r != 2 && r != 3) {
      throw new IllegalArgumentException(
          NAME + ": unsupported image dimension " + r + "; accepted: 2, 3");
    }
    int[] in = g.spatialShape();
    double[] a = Args.rep(NAME + ": angle", angles, r == 2 ? 1 : 3);
    double[][] rot = Matrices.rotate(r, a);
    int[] out;
    if (keepSize) {
      out = in.clone();
    } else {
      out = new int[r];
      int nc = 1 << r;
      for (int d = 0; d < r; d++) {
        double mn = Double.POSITIVE_INFINITY;
        double mx = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < nc; c++) {
          double v = 0;
          for (int e = 0; e < r; e++) {
            boolean hi = ((c >> (r - 1 - e)) & 1) == 1;
            v += rot[d][e] * (hi ? in[e] : 0);
          }
          mn = Math.min(mn, v);
          mx = Math.max(mx, v);
        }
        out[d] = (int) (mx - mn + 0.5);
      }
    }
    double[] s1 = new double[r];
    double[] s2 = new double[r];
    for (int i = 0; i < r; i++) {
      s1[i] = (in[i] - 1) / 2.0;
      s2[i] = -(out[i] - 1) / 2.0;
    }
    double[][] transform =
        Matrices.mul(Matrices.mul(Matrices.translate(r, s1), rot), Matrices.translate(r, s2));
    Metadata extra =
        Metadata.builder()
            .put("rot_mat", Matrices.flatten(transform))
            .put("mode", modeName)
            .put("padding_mode", paddingName)
            .put("align_corners", alignCorners)
            .put("dtype", dtype)
            .build();
    return affineTransformPlan(
        g, out, transform, modeName, paddingName, alignCorners,
        AppliedOperation.of(className, in, extra));
  }

  /** A plan for MONAI's AffineTransform(normalized=False) path with matrix {@code m}. */
  static SpatialPlan affineTransformPlan(
      Geometry g, int[] out, double[][] m, String mode, String padding, boolean ac,
      AppliedOperation op) {
    return SpatialPlan.resample(
        g,
        out,
        Matrices.embed(m),
        Matrices.embed(Matrices.affineTransformMap(m, g.spatialShape(), out, ac)),
        GridSampleMode.parse(mode, NAME + ": argument 'mode'"),
        GridSamplePadMode.parse(padding, NAME + ": argument 'padding_mode'"),
        ac,
        op);
  }

  /** Undoes a recorded Rotate: resamples with the inverse matrix back to the original size. */
  static SpatialPlan inversePlan(Geometry g, AppliedOperation op, String modeOverride) {
    Metadata e = op.extraInfo();
    double[][] fwd = Matrices.unflatten(e.getDoubleArray("rot_mat"));
    String mode = modeOverride != null ? modeOverride : e.getString("mode");
    return affineTransformPlan(
            g, op.origSize(), Matrices.inv(fwd), mode, e.getString("padding_mode"),
            Boolean.TRUE.equals(e.get("align_corners")), null)
        .untracked();
  }

  Rotate forKey(String mode, String padding, boolean ac, String dt) {
    return new Rotate(angle, keepSize, mode, padding, ac, dt == null ? dtype : Args.dtype(NAME, dt),
        threads);
  }

  @Override
  public String toString() {
    return "Rotate(angle=" + Arrays.toString(angle) + ", keep_size=" + keepSize + ")";
  }
}
