package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;

/**
 * MONAI's {@code Zoom}: scales a {@code (C, X, Y[, Z])} volume by {@code zoom} per spatial axis
 * with PyTorch {@code interpolate} (output {@code floor(size·zoom)}; default mode {@code area}),
 * then with {@code keep_size} (default) pads ({@code padding_mode}, numpy names, default {@code
 * edge}) or centre-crops back to the input size, as MONAI's {@code ResizeWithPadOrCrop}. The
 * affine gets {@code scale_affine} and the pad/crop shift.
 */
public final class Zoom implements PlannedSpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Zoom";

  private final double[] zoom;
  private final String modeName;
  private final String paddingName;
  private final Boolean alignCorners;
  private final String dtype;
  private final boolean keepSize;
  private final int threads;

  private Zoom(
      double[] zoom, String mode, String padding, Boolean ac, String dtype, boolean keepSize,
      int threads) {
    this.zoom = zoom;
    this.modeName = mode;
    this.paddingName = padding;
    this.alignCorners = ac;
    this.dtype = dtype;
    this.keepSize = keepSize;
    this.threads = threads;
    InterpolateMode m = InterpolateMode.parse(mode, NAME + ": argument 'mode'");
    InterpolateTables.PadMode.parse(padding, NAME + ": argument 'padding_mode'");
    if (ac != null && !m.usesAlignCorners()) {
      throw new IllegalArgumentException(
          NAME + ": align_corners can only be set with linear, bilinear, bicubic or trilinear "
              + "mode, got mode=\"" + mode + "\"");
    }
    for (double z : zoom) {
      if (!(z > 0) || Double.isInfinite(z)) {
        throw new IllegalArgumentException(
            NAME + ": zoom factors must be positive and finite, got " + Arrays.toString(zoom));
      }
    }
  }

  /** One factor for all spatial axes, or one per axis. */
  public static Zoom of(double... zoom) {
    if (zoom == null || zoom.length == 0) {
      throw new IllegalArgumentException(NAME + ": zoom must have at least one value");
    }
    return new Zoom(zoom.clone(), "area", "edge", null, "float32", true, Parallel.defaultThreads());
  }

  /** nearest, nearest-exact, linear/bilinear/trilinear, bicubic (2D) or area. */
  public Zoom withMode(String m) {
    return new Zoom(zoom, m, paddingName, alignCorners, dtype, keepSize, threads);
  }

  /** numpy pad mode for keep_size: constant, edge, reflect, symmetric, wrap. */
  public Zoom withPaddingMode(String p) {
    return new Zoom(zoom, modeName, p, alignCorners, dtype, keepSize, threads);
  }

  /** PyTorch's align_corners (linear/bicubic only); null = unset. */
  public Zoom withAlignCorners(Boolean ac) {
    return new Zoom(zoom, modeName, paddingName, ac, dtype, keepSize, threads);
  }

  public Zoom withDtype(String d) {
    return new Zoom(zoom, modeName, paddingName, alignCorners, Args.dtype(NAME, d), keepSize,
        threads);
  }

  public Zoom withKeepSize(boolean k) {
    return new Zoom(zoom, modeName, paddingName, alignCorners, dtype, k, threads);
  }

  public Zoom withThreads(int t) {
    return new Zoom(zoom, modeName, paddingName, alignCorners, dtype, keepSize,
        Args.threads(NAME, t));
  }

  Zoom withZoom(double[] z) {
    return new Zoom(z, modeName, paddingName, alignCorners, dtype, keepSize, threads);
  }

  Zoom forKey(String mode, String padding, Boolean ac, String dt) {
    return new Zoom(zoom, mode, padding, ac, dt == null ? dtype : Args.dtype(NAME, dt), keepSize,
        threads);
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
    return plan(g, zoom, NAME);
  }

  SpatialPlan plan(Geometry g, double[] factors, String className) {
    int r = g.rank();
    int[] in = g.spatialShape();
    double[] z = Args.rep(NAME + ": zoom", factors, r);
    InterpolateMode mode = InterpolateMode.parse(modeName, NAME + ": argument 'mode'");
    if (mode == InterpolateMode.BICUBIC && r != 2) {
      throw new IllegalArgumentException(NAME + ": mode bicubic supports 2D images only");
    }
    InterpolateTables.PadMode pad =
        InterpolateTables.PadMode.parse(paddingName, NAME + ": argument 'padding_mode'");
    int[] zoomed = new int[r];
    for (int i = 0; i < r; i++) {
      zoomed[i] = (int) Math.floor((double) in[i] * z[i]);
      if (zoomed[i] < 1) {
        throw new IllegalArgumentException(
            NAME + ": zoom " + Arrays.toString(z) + " leaves no voxel on axis " + i + " of size "
                + in[i]);
      }
    }
    double[][] xform = Matrices.scaleAffine(in, zoomed);
    int[] out = zoomed.clone();
    int[] shift = new int[r];
    boolean doPadCrop = keepSize && !Arrays.equals(zoomed, in);
    boolean padded = false;
    if (keepSize) {
      for (int i = 0; i < r; i++) {
        if (zoomed[i] < in[i]) {
          shift[i] = -((in[i] - zoomed[i]) / 2);
          padded = true;
        } else if (zoomed[i] > in[i]) {
          shift[i] = zoomed[i] / 2 - in[i] / 2;
        }
      }
      out = in.clone();
      double[] sh = new double[r];
      for (int i = 0; i < r; i++) {
        sh[i] = shift[i];
      }
      xform = Matrices.mul(xform, Matrices.translate(r, sh));
    }
    AxisTable[] tables = new AxisTable[3];
    int[] out3 = Resampler.pad3(out);
    for (int a = 0; a < 3; a++) {
      if (a >= r) {
        tables[a] = AxisTable.identity(1, a);
        continue;
      }
      AxisTable t = InterpolateTables.build(mode, in[a], zoomed[a], alignCorners, a);
      tables[a] = shift[a] != 0 || out3[a] != zoomed[a]
          ? InterpolateTables.shifted(t, out3[a], shift[a], pad) : t;
    }
    Metadata extra =
        Metadata.builder()
            .put("mode", mode.monaiName())
            .put("align_corners", alignCorners)
            .put("dtype", dtype)
            .put("do_padcrop", doPadCrop)
            .put("zoomed_size", zoomed)
            .put("padcrop_shift", shift)
            .put("padding_mode", pad.numpyName())
            .put("xform", Matrices.flatten(Matrices.nd(xform, 3)))
            .build();
    GridSampleMode fuseMode = fuseMode(mode);
    GridSamplePadMode fusePad = null;
    boolean fusible = true;
    if (padded) {
      switch (pad) {
        case CONSTANT:
          fusePad = GridSamplePadMode.ZEROS;
          break;
        case EDGE:
          fusePad = GridSamplePadMode.BORDER;
          break;
        case REFLECT:
        case SYMMETRIC:
          fusePad = GridSamplePadMode.REFLECTION;
          break;
        default:
          fusible = false;
      }
    }
    return SpatialPlan.interpolate(
        g, out, Matrices.embed(xform), tables, null, fusible, fuseMode, fusePad,
        AppliedOperation.of(className, in, extra));
  }

  static GridSampleMode fuseMode(InterpolateMode m) {
    return m == InterpolateMode.NEAREST || m == InterpolateMode.NEAREST_EXACT
        ? GridSampleMode.NEAREST
        : GridSampleMode.BILINEAR;
  }

  /**
   * Undoes a recorded Zoom: undoes the pad/crop (zeros where a crop removed voxels, as MONAI's
   * inverse crop pads with zeros), then resizes back with the recorded mode.
   */
  static SpatialPlan inversePlan(Geometry g, AppliedOperation op, String modeOverride) {
    Metadata e = op.extraInfo();
    int[] orig = op.origSize();
    int[] zoomed = e.getIntArray("zoomed_size");
    int[] shift = e.getIntArray("padcrop_shift");
    boolean doPadCrop = Boolean.TRUE.equals(e.get("do_padcrop"));
    InterpolateMode mode =
        InterpolateMode.parse(
            modeOverride != null ? modeOverride : e.getString("mode"), "Zoom.inverse mode");
    Boolean ac = (Boolean) e.get("align_corners");
    if (!mode.usesAlignCorners()) {
      ac = null;
    }
    int r = orig.length;
    int[] cur = g.spatialShape();
    int[] mid = doPadCrop ? zoomed : cur;
    AxisTable[] tables = new AxisTable[3];
    for (int a = 0; a < 3; a++) {
      if (a >= r) {
        tables[a] = AxisTable.identity(1, a);
        continue;
      }
      AxisTable t = InterpolateTables.build(mode, mid[a], orig[a], ac, a);
      tables[a] = doPadCrop ? InterpolateTables.throughShift(t, shift[a], cur[a]) : t;
    }
    double[][] fwd = Matrices.nd(Matrices.unflatten(e.getDoubleArray("xform")), r);
    return SpatialPlan.interpolate(
        g, orig, Matrices.embed(Matrices.inv(fwd)), tables, null, false, null, null, null);
  }

  @Override
  public String toString() {
    return "Zoom(zoom=" + Arrays.toString(zoom) + ", mode=" + modeName + ", keep_size=" + keepSize
        + ")";
  }
}
