package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;

/**
 * MONAI's {@code Affine}: resamples a 2D/3D volume through an affine defined about the image
 * centre, built as {@code rotate · shear · translate · scale} (MONAI's order; translation in
 * voxels) or given directly as {@code affine}. The matrix maps centred output coordinates to
 * centred input coordinates. Defaults: bilinear, reflection padding, output size = input size.
 */
public final class Affine implements PlannedSpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Affine";

  private final double[] rotate;
  private final double[] shear;
  private final double[] translate;
  private final double[] scale;
  private final double[][] matrix;
  private final int[] spatialSize;
  private final String modeName;
  private final String paddingName;
  private final boolean alignCorners;
  private final String dtype;
  private final int threads;

  private Affine(
      double[] rotate, double[] shear, double[] translate, double[] scale, double[][] matrix,
      int[] spatialSize, String mode, String padding, boolean ac, String dtype, int threads) {
    this.rotate = rotate;
    this.shear = shear;
    this.translate = translate;
    this.scale = scale;
    this.matrix = matrix;
    this.spatialSize = spatialSize;
    this.modeName = mode;
    this.paddingName = padding;
    this.alignCorners = ac;
    this.dtype = dtype;
    this.threads = threads;
    GridSampleMode.parse(mode, NAME + ": argument 'mode'");
    GridSamplePadMode.parse(padding, NAME + ": argument 'padding_mode'");
  }

  /** The identity; add parameters with the {@code with...} methods. */
  public static Affine of() {
    return new Affine(null, null, null, null, null, null, "bilinear", "reflection", false,
        "float32", Parallel.defaultThreads());
  }

  private Affine copy(double[] ro, double[] sh, double[] tr, double[] sc, double[][] m, int[] ss,
      String mo, String pa, boolean ac, String dt, int t) {
    return new Affine(ro, sh, tr, sc, m, ss, mo, pa, ac, dt, t);
  }

  /** Rotation in radians: one angle (2D) or up to three (3D). */
  public Affine withRotateParams(double... r) {
    return copy(nullable("rotate_params", r), shear, translate, scale, matrix, spatialSize,
        modeName, paddingName, alignCorners, dtype, threads);
  }

  /** Shear factors: 2 (2D) or 6 (3D), see MONAI's {@code create_shear}. */
  public Affine withShearParams(double... s) {
    return copy(rotate, nullable("shear_params", s), translate, scale, matrix, spatialSize,
        modeName, paddingName, alignCorners, dtype, threads);
  }

  /** Translation in voxels per axis. */
  public Affine withTranslateParams(double... t) {
    return copy(rotate, shear, nullable("translate_params", t), scale, matrix, spatialSize,
        modeName, paddingName, alignCorners, dtype, threads);
  }

  /** Scale factor per axis. */
  public Affine withScaleParams(double... s) {
    return copy(rotate, shear, translate, nullable("scale_params", s), matrix, spatialSize,
        modeName, paddingName, alignCorners, dtype, threads);
  }

  /** A full (r+1)x(r+1) matrix used instead of the parameters. */
  public Affine withAffine(double[][] m) {
    if (m != null) {
      for (double[] row : m) {
        if (row == null || row.length != m.length) {
          throw new IllegalArgumentException(
              NAME + ": affine must be a square matrix, got " + Arrays.deepToString(m));
        }
        Args.finite(NAME + ": affine", row);
      }
    }
    return copy(rotate, shear, translate, scale, m == null ? null : Matrices.copy(m), spatialSize,
        modeName, paddingName, alignCorners, dtype, threads);
  }

  /** Output spatial size (non-positive or missing entries keep the input size). */
  public Affine withSpatialSize(int... s) {
    return copy(rotate, shear, translate, scale, matrix, s == null ? null : s.clone(), modeName,
        paddingName, alignCorners, dtype, threads);
  }

  public Affine withMode(String m) {
    return copy(rotate, shear, translate, scale, matrix, spatialSize, m, paddingName,
        alignCorners, dtype, threads);
  }

  public Affine withPaddingMode(String p) {
    return copy(rotate, shear, translate, scale, matrix, spatialSize, modeName, p, alignCorners,
        dtype, threads);
  }

  public Affine withAlignCorners(boolean ac) {
    return copy(rotate, shear, translate, scale, matrix, spatialSize, modeName, paddingName, ac,
        dtype, threads);
  }

  public Affine withDtype(String d) {
    return copy(rotate, shear, translate, scale, matrix, spatialSize, modeName, paddingName,
        alignCorners, Args.dtype(NAME, d), threads);
  }

  public Affine withThreads(int t) {
    return copy(rotate, shear, translate, scale, matrix, spatialSize, modeName, paddingName,
        alignCorners, dtype, Args.threads(NAME, t));
  }

  Affine forKey(String mode, String padding) {
    return copy(rotate, shear, translate, scale, matrix, spatialSize, mode, padding, alignCorners,
        dtype, threads);
  }

  private static double[] nullable(String name, double[] v) {
    return v == null || v.length == 0 ? null : Args.finite(NAME + ": " + name, v);
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public String operationName() {
    return NAME;
  }

  /** The centred-coordinate matrix for a volume of rank {@code r}. */
  double[][] matrix(int r) {
    if (matrix != null) {
      return Matrices.nd(matrix, r);
    }
    return compose(r, rotate, shear, translate, scale);
  }

  /** MONAI's AffineGrid: {@code I·rotate·shear·translate·scale}, skipping absent parts. */
  static double[][] compose(
      int r, double[] rotate, double[] shear, double[] translate, double[] scale) {
    double[][] a = Matrices.eye(r + 1);
    if (rotate != null && rotate.length > 0) {
      a = Matrices.mul(a, Matrices.rotate(r, rotate));
    }
    if (shear != null && shear.length > 0) {
      a = Matrices.mul(a, Matrices.shear(r, shear));
    }
    if (translate != null && translate.length > 0) {
      a = Matrices.mul(a, Matrices.translate(r, translate));
    }
    if (scale != null && scale.length > 0) {
      a = Matrices.mul(a, Matrices.scale(r, scale));
    }
    return a;
  }

  @Override
  public SpatialPlan plan(Geometry g, Object draw) {
    int r = g.rank();
    checkRank(NAME, r);
    int[] sp = Args.fallBack(NAME + ": spatial_size", spatialSize, g.spatialShape());
    return plan(g, matrix(r), sp, modeName, paddingName, alignCorners, true, NAME);
  }

  static void checkRank(String name, int r) {
    if (r != 2 && r != 3) {
      throw new IllegalArgumentException(name + ": supports 2D and 3D images, got " + r + "D");
    }
  }

  /** A plan through MONAI's AffineGrid + Resample path. */
  static SpatialPlan plan(
      Geometry g, double[][] a, int[] sp, String mode, String padding, boolean ac,
      boolean doResampling, String className) {
    int[] in = g.spatialShape();
    Metadata extra =
        Metadata.builder()
            .put("affine", Matrices.flatten(a))
            .put("mode", mode)
            .put("padding_mode", padding)
            .put("do_resampling", doResampling)
            .put("align_corners", ac)
            .build();
    AppliedOperation op = AppliedOperation.of(className, in, extra);
    if (!doResampling) {
      return SpatialPlan.noop(g, op, true);
    }
    return SpatialPlan.resample(
        g,
        sp,
        Matrices.embed(Matrices.computeWAffine(a, in, sp)),
        Matrices.embed(Matrices.resamplePathMap(a, in, sp, ac)),
        GridSampleMode.parse(mode, className + ": argument 'mode'"),
        GridSamplePadMode.parse(padding, className + ": argument 'padding_mode'"),
        ac,
        op);
  }

  /** Undoes a recorded Affine/RandAffine: the inverse matrix back to the original size. */
  static SpatialPlan inversePlan(Geometry g, AppliedOperation op, String modeOverride) {
    Metadata e = op.extraInfo();
    if (!Boolean.TRUE.equals(e.get("do_resampling"))) {
      return SpatialPlan.noop(g, null, false);
    }
    double[][] inv = Matrices.inv(Matrices.unflatten(e.getDoubleArray("affine")));
    String mode = modeOverride != null ? modeOverride : e.getString("mode");
    boolean ac = Boolean.TRUE.equals(e.get("align_corners"));
    return plan(g, inv, op.origSize(), mode, e.getString("padding_mode"), ac, true, op.className())
        .untracked();
  }

  @Override
  public String toString() {
    return "Affine(rotate_params=" + Arrays.toString(rotate) + ", shear_params="
        + Arrays.toString(shear) + ", translate_params=" + Arrays.toString(translate)
        + ", scale_params=" + Arrays.toString(scale) + ")";
  }
}
