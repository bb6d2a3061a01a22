package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.Affine;
import org.medbeam.core.Parallel;

/**
 * MONAI's {@code Spacing}: resamples a {@code (C, X, Y[, Z])} volume to voxel sizes {@code
 * pixdim} (mm), keeping its orientation (or resetting it to a diagonal affine with {@code
 * diagonal}). Output shape and origin follow MONAI's {@code compute_shape_offset} exactly
 * (corner-to-corner extent rounded half-to-even); spacings already within 1e-3 mm of the target
 * (or inside {@code [min_pixdim, max_pixdim]}) are kept. Records {@code SpatialResample}.
 *
 * <p>Note MONAI's {@code recompute_affine=True} replaces the affine by {@code
 * scale_affine(in_shape, out_shape)} alone; this class does the same.
 */
public final class Spacing implements PlannedSpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Spacing";

  private final double[] pixdim;
  private final boolean diagonal;
  private final String modeName;
  private final String paddingName;
  private final boolean alignCorners;
  private final String dtype;
  private final boolean scaleExtent;
  private final boolean recomputeAffine;
  private final double[] minPixdim;
  private final double[] maxPixdim;
  private final int threads;

  private Spacing(
      double[] pixdim,
      boolean diagonal,
      String modeName,
      String paddingName,
      boolean alignCorners,
      String dtype,
      boolean scaleExtent,
      boolean recomputeAffine,
      double[] minPixdim,
      double[] maxPixdim,
      int threads) {
    this.pixdim = pixdim;
    this.diagonal = diagonal;
    this.modeName = modeName;
    this.paddingName = paddingName;
    this.alignCorners = alignCorners;
    this.dtype = dtype;
    this.scaleExtent = scaleExtent;
    this.recomputeAffine = recomputeAffine;
    this.minPixdim = minPixdim;
    this.maxPixdim = maxPixdim;
    this.threads = threads;
    GridSampleMode.parse(modeName, NAME + ": argument 'mode'");
    GridSamplePadMode.parse(paddingName, NAME + ": argument 'padding_mode'");
    for (int i = 0; i < Math.min(minPixdim.length, maxPixdim.length); i++) {
      double mn = minPixdim[i];
      double mx = maxPixdim[i];
      if (!Double.isNaN(mn) && !Double.isNaN(mx) && (mx < mn || mn < 0)) {
        throw new IllegalArgumentException(
            NAME + ": min_pixdim " + Arrays.toString(minPixdim)
                + " must be non-negative and not larger than max_pixdim "
                + Arrays.toString(maxPixdim));
      }
    }
  }

  /**
   * @param pixdim target voxel size (mm) per spatial axis; fewer values are padded with the last,
   *     non-positive ones keep the input's spacing
   */
  public static Spacing of(double... pixdim) {
    if (pixdim == null || pixdim.length == 0) {
      throw new IllegalArgumentException(NAME + ": pixdim must have at least one value");
    }
    return new Spacing(
        Args.finite(NAME + ": pixdim", pixdim), false, "bilinear", "border", false, "float64",
        false, false, new double[] {Double.NaN}, new double[] {Double.NaN},
        Parallel.defaultThreads());
  }

  private Spacing copy(
      boolean diag, String mode, String pad, boolean ac, String dt, boolean se, boolean ra,
      double[] mn, double[] mx, int t) {
    return new Spacing(pixdim, diag, mode, pad, ac, dt, se, ra, mn, mx, t);
  }

  public Spacing withDiagonal(boolean d) {
    return copy(d, modeName, paddingName, alignCorners, dtype, scaleExtent, recomputeAffine,
        minPixdim, maxPixdim, threads);
  }

  /** {@code nearest} or {@code bilinear} (also {@code linear}, {@code trilinear}). */
  public Spacing withMode(String mode) {
    return copy(diagonal, mode, paddingName, alignCorners, dtype, scaleExtent, recomputeAffine,
        minPixdim, maxPixdim, threads);
  }

  /** {@code zeros}, {@code border} or {@code reflection}. */
  public Spacing withPaddingMode(String padding) {
    return copy(diagonal, modeName, padding, alignCorners, dtype, scaleExtent, recomputeAffine,
        minPixdim, maxPixdim, threads);
  }

  public Spacing withAlignCorners(boolean ac) {
    return copy(diagonal, modeName, paddingName, ac, dtype, scaleExtent, recomputeAffine,
        minPixdim, maxPixdim, threads);
  }

  /** Recorded only: medbeam always interpolates in double precision and outputs float32. */
  public Spacing withDtype(String dt) {
    return copy(diagonal, modeName, paddingName, alignCorners, Args.dtype(NAME, dt), scaleExtent,
        recomputeAffine, minPixdim, maxPixdim, threads);
  }

  public Spacing withScaleExtent(boolean se) {
    return copy(diagonal, modeName, paddingName, alignCorners, dtype, se, recomputeAffine,
        minPixdim, maxPixdim, threads);
  }

  public Spacing withRecomputeAffine(boolean ra) {
    return copy(diagonal, modeName, paddingName, alignCorners, dtype, scaleExtent, ra, minPixdim,
        maxPixdim, threads);
  }

  /**
   * Input spacings at or above these values (per axis; as in MONAI a single value applies to the
   * first axis only) are kept.
   */
  public Spacing withMinPixdim(double... mn) {
    return copy(diagonal, modeName, paddingName, alignCorners, dtype, scaleExtent,
        recomputeAffine, nanIfNull(mn), maxPixdim, threads);
  }

  /** Input spacings at or below these values are kept. */
  public Spacing withMaxPixdim(double... mx) {
    return copy(diagonal, modeName, paddingName, alignCorners, dtype, scaleExtent,
        recomputeAffine, minPixdim, nanIfNull(mx), threads);
  }

  public Spacing withThreads(int t) {
    return copy(diagonal, modeName, paddingName, alignCorners, dtype, scaleExtent,
        recomputeAffine, minPixdim, maxPixdim, Args.threads(NAME, t));
  }

  private static double[] nanIfNull(double[] v) {
    return v == null || v.length == 0 ? new double[] {Double.NaN} : v.clone();
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public String operationName() {
    return SpatialResampling.CLASS_NAME;
  }

  @Override
  public SpatialPlan plan(Geometry g, Object draw) {
    return plan(g, (int[]) null);
  }

  /** The output spatial shape this transform gives a volume of geometry {@code g}. */
  public int[] outputShape(Geometry g) {
    return plan(g, (int[]) null).out().spatialShape();
  }

  /**
   * @param outputSpatialShape MONAI's {@code output_spatial_shape} (null = computed)
   */
  SpatialPlan plan(Geometry g, int[] outputSpatialShape) {
    int sr = g.rank();
    int[] shape = g.spatialShape();
    double[][] affine = Matrices.nd(g.affine(), sr);
    double[] outD = new double[sr];
    for (int i = 0; i < sr; i++) {
      outD[i] = i < pixdim.length ? pixdim[i] : pixdim[pixdim.length - 1];
    }
    double[] origD = Matrices.spacing(affine, sr);
    for (int i = 0; i < sr; i++) {
      double target = outD[i];
      double mn = i < minPixdim.length ? minPixdim[i] : Double.NaN;
      double mx = i < maxPixdim.length ? maxPixdim[i] : Double.NaN;
      mn = Double.isNaN(mn) ? target : Math.min(mn, target);
      mx = Double.isNaN(mx) ? target : Math.max(mx, target);
      if (mn > mx) {
        throw new IllegalArgumentException(
            NAME + ": min_pixdim is larger than max_pixdim at dim " + i + ": min " + mn + " max "
                + mx + " out " + target);
      }
      double d = origD[i];
      outD[i] = (mn - SpatialResampling.AFFINE_TOL) <= d && d <= (mx + SpatialResampling.AFFINE_TOL)
          ? d : target;
    }
    double[][] newAffine = zoomAffine(affine, outD, diagonal);
    ShapeOffset so = computeShapeOffset(shape, affine, newAffine, scaleExtent);
    for (int i = 0; i < sr; i++) {
      newAffine[i][sr] = so.offset[i];
    }
    int[] actual = outputSpatialShape != null ? outputSpatialShape : so.shape;
    SpatialPlan p =
        SpatialResampling.plan(
            g,
            newAffine,
            actual,
            GridSampleMode.parse(modeName, NAME + ": argument 'mode'"),
            GridSamplePadMode.parse(paddingName, NAME + ": argument 'padding_mode'"),
            alignCorners,
            dtype,
            modeName,
            paddingName);
    if (recomputeAffine) {
      Affine a = Matrices.embed(Matrices.scaleAffine(shape, actual));
      p = p.withOutAffine(a);
    }
    return p;
  }

  /** MONAI's {@code zoom_affine}. */
  static double[][] zoomAffine(double[][] affine, double[] scale, boolean diagonal) {
    int d = affine.length - 1;
    double[] norm = Matrices.spacing(affine, d);
    double[] s = new double[d];
    for (int i = 0; i < d; i++) {
      double v = i < scale.length ? scale[i] : norm[i];
      v = v > 0 ? v : norm[i];
      s[i] = v == 0 ? 1.0 : v;
    }
    if (diagonal) {
      return Matrices.scale(d, s);
    }
    double[][] rzs = new double[d][d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(affine[i], 0, rzs[i], 0, d);
    }
    double[][] zs = Matrices.choleskyUpper(Matrices.mul(Matrices.transpose(rzs), rzs));
    double[][] rotation = Matrices.mul(rzs, Matrices.inv(zs));
    double[][] out = Matrices.eye(d + 1);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        out[i][j] = rotation[i][j] * Math.signum(zs[j][j]) * Math.abs(s[j]);
      }
    }
    return out;
  }

  static final class ShapeOffset {
    final int[] shape;
    final double[] offset;

    ShapeOffset(int[] shape, double[] offset) {
      this.shape = shape;
      this.offset = offset;
    }
  }

  /** MONAI's {@code compute_shape_offset}. */
  static ShapeOffset computeShapeOffset(
      int[] spatialShape, double[][] inAffine, double[][] outAffine, boolean scaleExtent) {
    int sr = spatialShape.length;
    double[][] in = Matrices.nd(inAffine, sr);
    double[][] out = Matrices.nd(outAffine, sr);
    int nc = 1 << sr;
    double[][] corners = new double[sr + 1][nc];
    for (int i = 0; i < nc; i++) {
      for (int d = 0; d < sr; d++) {
        boolean hi = ((i >> (sr - 1 - d)) & 1) == 1;
        double lo = scaleExtent ? -0.5 : 0.0;
        double up = scaleExtent ? spatialShape[d] - 0.5 : spatialShape[d] - 1.0;
        corners[d][i] = hi ? up : lo;
      }
      corners[sr][i] = 1;
    }
    double[][] cornersOut = Matrices.mul(Matrices.solve(out, in), corners);
    double[][] cornersWorld = Matrices.mul(in, corners);
    int[] outShape = new int[sr];
    for (int d = 0; d < sr; d++) {
      double mn = Double.POSITIVE_INFINITY;
      double mx = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < nc; i++) {
        double v = cornersOut[d][i] / cornersOut[sr][i];
        mn = Math.min(mn, v);
        mx = Math.max(mx, v);
      }
      outShape[d] = (int) Math.rint(scaleExtent ? mx - mn : mx - mn + 1.0);
    }
    double[] offset = null;
    for (int i = 0; i < nc && offset == null; i++) {
      boolean ok = true;
      for (int d = 0; d < sr && ok; d++) {
        double mn = Double.POSITIVE_INFINITY;
        for (int k = 0; k < nc; k++) {
          mn = Math.min(mn, cornersOut[d][k] - cornersOut[d][i]);
        }
        ok = Math.abs(mn) <= 1e-8;
      }
      if (ok) {
        offset = new double[sr];
        for (int d = 0; d < sr; d++) {
          offset[d] = cornersWorld[d][i];
        }
      }
    }
    if (offset == null) {
      offset = new double[sr];
      for (int d = 0; d < sr; d++) {
        double v = in[d][sr];
        for (int k = 0; k < sr; k++) {
          v += in[d][k] * spatialShape[k] / 2.0 - out[d][k] * outShape[k] / 2.0;
        }
        offset[d] = v;
      }
    }
    if (scaleExtent) {
      double[] inOffset = new double[sr + 1];
      for (int d = 0; d < sr; d++) {
        inOffset[d] = 0.5 * ((double) spatialShape[d] / outShape[d] - 1.0);
      }
      inOffset[sr] = 1.0;
      for (int d = 0; d < sr; d++) {
        double v = 0;
        for (int k = 0; k <= sr; k++) {
          v += in[d][k] * inOffset[k];
        }
        offset[d] = Math.abs(v / inOffset[sr]) * Math.signum(offset[d]);
      }
    }
    return new ShapeOffset(outShape, offset);
  }

  String modeName() {
    return modeName;
  }

  Spacing forKey(String mode, String padding, boolean ac, String dt, boolean se) {
    return copy(diagonal, mode, padding, ac, dt == null ? dtype : Args.dtype(NAME, dt), se,
        recomputeAffine, minPixdim, maxPixdim, threads);
  }

  @Override
  public String toString() {
    return "Spacing(pixdim=" + Arrays.toString(pixdim) + ", mode=" + modeName + ", padding_mode="
        + paddingName + ")";
  }
}
