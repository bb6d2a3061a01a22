package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;

/**
 * MONAI's {@code Resize}: resamples a {@code (C, X, Y[, Z])} volume to {@code spatial_size} with
 * PyTorch {@code interpolate} semantics (default mode {@code area}). {@code size_mode="longest"}
 * scales the longest side to one {@code spatial_size} keeping the aspect ratio; non-positive
 * sizes keep the input size. {@code anti_aliasing} smooths with a Gaussian (σ = (factor-1)/2 by
 * default, skimage's rule) before downsampling. The affine gets {@code scale_affine(in, out)}.
 */
public final class Resize implements PlannedSpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Resize";

  private final int[] spatialSize;
  private final boolean longest;
  private final String modeName;
  private final Boolean alignCorners;
  private final boolean antiAliasing;
  private final double[] antiAliasingSigma;
  private final String dtype;
  private final int threads;

  private Resize(
      int[] spatialSize, boolean longest, String mode, Boolean ac, boolean aa, double[] aaSigma,
      String dtype, int threads) {
    this.spatialSize = spatialSize;
    this.longest = longest;
    this.modeName = mode;
    this.alignCorners = ac;
    this.antiAliasing = aa;
    this.antiAliasingSigma = aaSigma;
    this.dtype = dtype;
    this.threads = threads;
    InterpolateMode m = InterpolateMode.parse(mode, NAME + ": argument 'mode'");
    if (ac != null && !m.usesAlignCorners()) {
      throw new IllegalArgumentException(
          NAME + ": align_corners can only be set with linear, bilinear, bicubic or trilinear "
              + "mode, got mode=\"" + mode + "\"");
    }
    if (longest && spatialSize.length != 1) {
      throw new IllegalArgumentException(
          NAME + ": spatial_size must be one int when size_mode is \"longest\", got "
              + Arrays.toString(spatialSize));
    }
  }

  /** Output spatial size (non-positive entries keep the input's). */
  public static Resize of(int... spatialSize) {
    if (spatialSize == null || spatialSize.length == 0) {
      throw new IllegalArgumentException(NAME + ": spatial_size must have at least one value");
    }
    return new Resize(spatialSize.clone(), false, "area", null, false, null, "float32",
        Parallel.defaultThreads());
  }

  /** {@code "all"} (default) or {@code "longest"}. */
  public Resize withSizeMode(String sizeMode) {
    boolean l;
    if ("all".equals(sizeMode)) {
      l = false;
    } else if ("longest".equals(sizeMode)) {
      l = true;
    } else {
      throw new IllegalArgumentException(
          NAME + ": argument 'size_mode' is \"" + sizeMode + "\"; accepted: all, longest");
    }
    return new Resize(spatialSize, l, modeName, alignCorners, antiAliasing, antiAliasingSigma,
        dtype, threads);
  }

  public Resize withMode(String m) {
    return new Resize(spatialSize, longest, m, alignCorners, antiAliasing, antiAliasingSigma,
        dtype, threads);
  }

  public Resize withAlignCorners(Boolean ac) {
    return new Resize(spatialSize, longest, modeName, ac, antiAliasing, antiAliasingSigma, dtype,
        threads);
  }

  public Resize withAntiAliasing(boolean aa) {
    return new Resize(spatialSize, longest, modeName, alignCorners, aa, antiAliasingSigma, dtype,
        threads);
  }

  /** σ per axis (or one for all) for anti-aliasing; null = (factor - 1) / 2. */
  public Resize withAntiAliasingSigma(double... sigma) {
    return new Resize(spatialSize, longest, modeName, alignCorners, antiAliasing,
        sigma == null ? null : Args.finite(NAME + ": anti_aliasing_sigma", sigma), dtype, threads);
  }

  public Resize withDtype(String d) {
    return new Resize(spatialSize, longest, modeName, alignCorners, antiAliasing,
        antiAliasingSigma, Args.dtype(NAME, d), threads);
  }

  public Resize withThreads(int t) {
    return new Resize(spatialSize, longest, modeName, alignCorners, antiAliasing,
        antiAliasingSigma, dtype, Args.threads(NAME, t));
  }

  Resize forKey(String mode, Boolean ac, boolean aa, double[] aaSigma, String dt) {
    return new Resize(spatialSize, longest, mode, ac, aa, aaSigma,
        dt == null ? dtype : Args.dtype(NAME, dt), threads);
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
    int r = g.rank();
    int[] in = g.spatialShape();
    int[] out;
    if (longest) {
      int mx = Arrays.stream(in).max().getAsInt();
      double scale = (double) spatialSize[0] / mx;
      out = new int[r];
      for (int i = 0; i < r; i++) {
        out[i] = (int) Math.rint(in[i] * scale);
      }
    } else {
      if (spatialSize.length != r) {
        throw new IllegalArgumentException(
            NAME + ": spatial_size " + Arrays.toString(spatialSize) + " has " + spatialSize.length
                + " values for a " + r + "D image");
      }
      out = Args.fallBack(NAME + ": spatial_size", spatialSize, in);
    }
    InterpolateMode mode = InterpolateMode.parse(modeName, NAME + ": argument 'mode'");
    float[][] smooth = null;
    if (antiAliasing && !Arrays.equals(in, out)) {
      boolean down = false;
      for (int i = 0; i < r; i++) {
        down |= out[i] < in[i];
      }
      if (down) {
        double[] sig =
            antiAliasingSigma == null ? null : Args.rep(NAME + ": anti_aliasing_sigma",
                antiAliasingSigma, r);
        smooth = new float[3][];
        for (int i = 0; i < r; i++) {
          double f = (double) in[i] / out[i];
          double s = sig == null ? Math.max(0, (f - 1) / 2) : sig[i] * (f > 1 ? 1 : 0);
          smooth[i] = s > 0 ? org.medbeam.transforms.intensity.GaussianKernels.gaussian1d(s, 4.0, "erf") : null;
        }
      }
    }
    return plan(g, out, mode, alignCorners, smooth, dtype, NAME);
  }

  static SpatialPlan plan(
      Geometry g, int[] out, InterpolateMode mode, Boolean ac, float[][] smooth, String dtype,
      String className) {
    int r = g.rank();
    int[] in = g.spatialShape();
    if (mode == InterpolateMode.BICUBIC && r != 2) {
      throw new IllegalArgumentException(NAME + ": mode bicubic supports 2D images only");
    }
    Metadata extra =
        Metadata.builder()
            .put("mode", mode.monaiName())
            .put("align_corners", ac)
            .put("dtype", dtype)
            .put("new_dim", 0)
            .build();
    AppliedOperation op = AppliedOperation.of(className, in, extra);
    if (Arrays.equals(in, out)) {
      return SpatialPlan.noop(g, op, true);
    }
    AxisTable[] tables = new AxisTable[3];
    for (int a = 0; a < 3; a++) {
      tables[a] =
          a < r ? InterpolateTables.build(mode, in[a], out[a], ac, a) : AxisTable.identity(1, a);
    }
    return SpatialPlan.interpolate(
        g, out, Matrices.embed(Matrices.scaleAffine(in, out)), tables, smooth, true,
        Zoom.fuseMode(mode), null, op);
  }

  /** Undoes a recorded Resize: resizes back to the original size with the recorded mode. */
  static SpatialPlan inversePlan(Geometry g, AppliedOperation op, String modeOverride) {
    Metadata e = op.extraInfo();
    InterpolateMode mode =
        InterpolateMode.parse(
            modeOverride != null ? modeOverride : e.getString("mode"), "Resize.inverse mode");
    Boolean ac = mode.usesAlignCorners() ? (Boolean) e.get("align_corners") : null;
    return plan(g, op.origSize(), mode, ac, null, e.getString("dtype"), NAME).untracked();
  }

  @Override
  public String toString() {
    return "Resize(spatial_size=" + Arrays.toString(spatialSize) + ", mode=" + modeName + ")";
  }
}
