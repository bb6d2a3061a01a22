package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.OperationInverter;
import org.medbeam.transforms.config.ConfigArgs;
import org.medbeam.transforms.config.TransformFactory;
import org.medbeam.transforms.config.TransformProvider;

/**
 * Registers MONAI's spatial transforms (array and dictionary forms) under their class names with
 * MONAI's snake_case arguments, and the inverters of the operations they record. MONAI's {@code
 * lazy} argument is accepted and ignored (fusion is a property of the {@code Compose}); {@code
 * device} and {@code cache_grid} are accepted and ignored (CPU, no grid cache needed).
 */
public final class SpatialTransforms implements TransformProvider {
  static final String[] GRID_MODES = {"nearest", "bilinear", "linear", "trilinear"};
  static final String[] GRID_PADS = {"zeros", "border", "reflection"};
  static final String[] INTERP_MODES = {
    "nearest", "nearest-exact", "linear", "bilinear", "trilinear", "bicubic", "area"
  };
  static final String[] NUMPY_PADS = {
    "constant", "edge", "reflect", "symmetric", "wrap", "replicate", "circular"
  };

  @Override
  public Map<String, TransformFactory> transforms() {
    Map<String, TransformFactory> m = new TreeMap<>();
    m.put("Spacing", SpatialTransforms::spacing);
    m.put("Spacingd", SpatialTransforms::spacingd);
    m.put("Orientation", SpatialTransforms::orientation);
    m.put("Orientationd", a -> Orientationd.of(a.keys(), orientationArgs(a)));
    m.put("Flip", SpatialTransforms::flip);
    m.put("Flipd", a -> Flipd.of(a.keys(), flip(a)));
    m.put("RandFlip", SpatialTransforms::randFlip);
    m.put("RandFlipd", a -> RandFlipd.of(a.keys(), randFlip(a)));
    m.put("Rotate90", SpatialTransforms::rotate90);
    m.put("Rotate90d", a -> Rotate90d.of(a.keys(), rotate90(a)));
    m.put("RandRotate90", SpatialTransforms::randRotate90);
    m.put("RandRotate90d", a -> RandRotate90d.of(a.keys(), randRotate90(a)));
    m.put("Rotate", a -> rotateBase(a, true));
    m.put("Rotated", SpatialTransforms::rotated);
    m.put("RandRotate", a -> randRotateBase(a, true));
    m.put("RandRotated", SpatialTransforms::randRotated);
    m.put("Zoom", a -> zoomBase(a, true));
    m.put("Zoomd", SpatialTransforms::zoomd);
    m.put("RandZoom", a -> randZoomBase(a, true));
    m.put("RandZoomd", SpatialTransforms::randZoomd);
    m.put("Resize", a -> resizeBase(a, true));
    m.put("Resized", SpatialTransforms::resized);
    m.put("Affine", a -> affineBase(a, true));
    m.put("Affined", SpatialTransforms::affined);
    m.put("RandAffine", a -> randAffineBase(a, true));
    m.put("RandAffined", SpatialTransforms::randAffined);
    m.put("Rand2DElastic", a -> rand2d(a, true));
    m.put("Rand2DElasticd", SpatialTransforms::rand2dd);
    m.put("Rand3DElastic", a -> rand3d(a, true));
    m.put("Rand3DElasticd", SpatialTransforms::rand3dd);
    return m;
  }

  @Override
  public Map<String, OperationInverter> inverters() {
    Map<String, OperationInverter> m = new TreeMap<>();
    m.put(SpatialResampling.CLASS_NAME, inverter(SpatialResampling::inversePlan));
    m.put(Orientation.NAME, inverter((g, op, mode) -> ExactInverse.plan(g, op)));
    m.put(Flip.NAME, inverter((g, op, mode) -> ExactInverse.plan(g, op)));
    m.put(RandFlip.NAME, inverter((g, op, mode) -> ExactInverse.plan(g, op)));
    m.put(Rotate90.NAME, inverter((g, op, mode) -> ExactInverse.plan(g, op)));
    m.put(RandRotate90.NAME, inverter((g, op, mode) -> ExactInverse.plan(g, op)));
    m.put(Rotate.NAME, inverter(Rotate::inversePlan));
    m.put(RandRotate.NAME, inverter(Rotate::inversePlan));
    m.put(Zoom.NAME, inverter(Zoom::inversePlan));
    m.put(RandZoom.NAME, inverter(Zoom::inversePlan));
    m.put(Resize.NAME, inverter(Resize::inversePlan));
    m.put(Affine.NAME, inverter(Affine::inversePlan));
    m.put(RandAffine.NAME, inverter(Affine::inversePlan));
    return m;
  }

  /** Plans the inverse of one recorded operation. */
  @FunctionalInterface
  interface InversePlanner extends java.io.Serializable {
    SpatialPlan plan(Geometry g, AppliedOperation op, String modeOverride);
  }

  static OperationInverter inverter(InversePlanner planner) {
    return (Volume img, AppliedOperation op, String modeOverride) ->
        planner.plan(Geometry.of(img), op, modeOverride).execute(img, Parallel.defaultThreads());
  }

  // ------------------------------------------------------------------ shared argument readers

  private static void ignored(ConfigArgs a, String... names) {
    for (String n : names) {
      a.raw(n);
    }
  }

  private static List<String> choices(ConfigArgs a, String name, String def, String... accepted) {
    return a.getChoices(name, List.of(def), accepted);
  }

  private static String choice(ConfigArgs a, String name, String def, String... accepted) {
    return a.getChoice(name, def, accepted);
  }

  /** One boolean or one per key (null entries allowed where {@code nullable}). */
  private static List<Boolean> booleans(ConfigArgs a, String name, Boolean def, boolean nullable) {
    Object v = a.raw(name);
    List<Object> raw = v instanceof List ? new ArrayList<>((List<?>) v) : null;
    if (raw == null) {
      raw = new ArrayList<>();
      raw.add(v);
    }
    List<Boolean> out = new ArrayList<>();
    for (Object o : raw) {
      if (o == null && (v == null || nullable)) {
        out.add(v == null ? def : null);
      } else if (o instanceof Boolean) {
        out.add((Boolean) o);
      } else {
        throw a.error(name, "must be true or false" + (nullable ? " (or null)" : "")
            + ", one value or one per key, got " + v);
      }
    }
    return out;
  }

  private static List<String> dtypes(ConfigArgs a) {
    Object v = a.raw("dtype");
    List<String> out = new ArrayList<>();
    if (v instanceof List) {
      for (Object o : (List<?>) v) {
        out.add(o == null ? null : checkDtype(a, o.toString()));
      }
    } else {
      out.add(v == null ? null : checkDtype(a, v.toString()));
    }
    return out;
  }

  private static String checkDtype(ConfigArgs a, String s) {
    try {
      return org.medbeam.core.DType.fromName(s).numpyName();
    } catch (IllegalArgumentException e) {
      throw a.error("dtype", e.getMessage());
    }
  }

  private static String dtype(ConfigArgs a, String def) {
    List<String> d = dtypes(a);
    if (d.size() != 1) {
      throw a.error("dtype", "must be one dtype name, got " + d);
    }
    return d.get(0) == null ? def : d.get(0);
  }

  private static boolean single(ConfigArgs a, String name, List<?> values) {
    if (values.size() != 1) {
      throw a.error(name, "must be one value for an array transform, got " + values);
    }
    return true;
  }

  /** A MONAI RandRange: a number, or a list of numbers, (min, max) pairs and nulls. */
  static double[][] randRange(ConfigArgs a, String name) {
    Object v = a.raw(name);
    if (v == null) {
      return null;
    }
    List<?> l = v instanceof List ? (List<?>) v : List.of(v);
    double[][] out = new double[l.size()][];
    for (int i = 0; i < l.size(); i++) {
      Object o = l.get(i);
      if (o == null) {
        continue;
      }
      if (o instanceof Number) {
        out[i] = new double[] {((Number) o).doubleValue()};
      } else if (o instanceof List && ((List<?>) o).size() == 2
          && ((List<?>) o).get(0) instanceof Number && ((List<?>) o).get(1) instanceof Number) {
        out[i] =
            new double[] {
              ((Number) ((List<?>) o).get(0)).doubleValue(),
              ((Number) ((List<?>) o).get(1)).doubleValue()
            };
      } else {
        throw a.error(name, "entries must be a number f (for [-f, f]), a [min, max] pair or "
            + "null, got " + o);
      }
    }
    return out;
  }

  private static int[] spatialAxes(ConfigArgs a, String name, int[] def) {
    return a.getInts(name, def);
  }

  private static double[] pair(ConfigArgs a, String name) {
    double[] p = a.requireDoubles(name);
    if (p.length != 2) {
      throw a.error(name, "must be a [min, max] pair, got " + java.util.Arrays.toString(p));
    }
    return p;
  }

  private static <T> T wrap(ConfigArgs a, java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      if (msg != null && msg.startsWith(a.target() + ":")) {
        throw e;
      }
      throw new IllegalArgumentException(a.target() + ": " + msg, e);
    }
  }

  // ------------------------------------------------------------------ Spacing

  private static Spacing spacingBase(ConfigArgs a) {
    double[] pixdim = a.requireDoubles("pixdim");
    ignored(a, "lazy");
    return wrap(a, () -> {
      Spacing s = Spacing.of(pixdim)
          .withDiagonal(a.getBoolean("diagonal", false))
          .withRecomputeAffine(a.getBoolean("recompute_affine", false));
      double[] mn = a.getDoubles("min_pixdim", null);
      double[] mx = a.getDoubles("max_pixdim", null);
      if (mn != null) {
        s = s.withMinPixdim(mn);
      }
      if (mx != null) {
        s = s.withMaxPixdim(mx);
      }
      return s;
    });
  }

  private static Object spacing(ConfigArgs a) {
    Spacing s = spacingBase(a);
    String mode = choice(a, "mode", "bilinear", GRID_MODES);
    String pad = choice(a, "padding_mode", "border", GRID_PADS);
    boolean ac = a.getBoolean("align_corners", false);
    boolean se = a.getBoolean("scale_extent", false);
    String dt = dtype(a, "float64");
    return wrap(a, () -> s.forKey(mode, pad, ac, dt, se));
  }

  private static Object spacingd(ConfigArgs a) {
    KeySelection keys = a.keys();
    Spacing s = spacingBase(a);
    List<String> modes = choices(a, "mode", "bilinear", GRID_MODES);
    List<String> pads = choices(a, "padding_mode", "border", GRID_PADS);
    List<Boolean> ac = booleans(a, "align_corners", false, false);
    List<String> dt = dtypes(a);
    List<Boolean> se = booleans(a, "scale_extent", false, false);
    boolean same = a.getBoolean("ensure_same_shape", true);
    return wrap(a, () -> Spacingd.of(keys, s, modes, pads, ac, dt, se).withEnsureSameShape(same));
  }

  // ------------------------------------------------------------------ exact ops

  private static Orientation orientationArgs(ConfigArgs a) {
    String ax = a.getString("axcodes", null);
    boolean closest = a.getBoolean("as_closest_canonical", false);
    Object labels = a.raw("labels");
    ignored(a, "lazy");
    String[][] lab = null;
    if (labels != null) {
      if (!(labels instanceof List)) {
        throw a.error("labels", "must be a list of [start, end] pairs, got " + labels);
      }
      List<?> l = (List<?>) labels;
      lab = new String[l.size()][];
      for (int i = 0; i < l.size(); i++) {
        Object p = l.get(i);
        if (!(p instanceof List) || ((List<?>) p).size() != 2) {
          throw a.error("labels", "must be a list of [start, end] pairs, got " + labels);
        }
        lab[i] = new String[] {
          String.valueOf(((List<?>) p).get(0)), String.valueOf(((List<?>) p).get(1))
        };
      }
    }
    final String[][] labFinal = lab;
    return wrap(a, () -> {
      Orientation o = closest ? Orientation.closestCanonical() : Orientation.of(ax);
      return labFinal == null ? o : o.withLabels(labFinal);
    });
  }

  private static Object orientation(ConfigArgs a) {
    return orientationArgs(a);
  }

  private static Flip flip(ConfigArgs a) {
    int[] axes = spatialAxes(a, "spatial_axis", null);
    ignored(a, "lazy");
    return wrap(a, () -> Flip.of(axes));
  }

  private static RandFlip randFlip(ConfigArgs a) {
    double prob = a.getDouble("prob", 0.1);
    int[] axes = spatialAxes(a, "spatial_axis", null);
    ignored(a, "lazy");
    return wrap(a, () -> RandFlip.of(prob, axes));
  }

  private static Rotate90 rotate90(ConfigArgs a) {
    int k = a.getInt("k", 1);
    int[] axes = spatialAxes(a, "spatial_axes", new int[] {0, 1});
    ignored(a, "lazy");
    if (axes.length != 2) {
      throw a.error("spatial_axes", "must be 2 axes, got " + java.util.Arrays.toString(axes));
    }
    return wrap(a, () -> Rotate90.of(k, axes[0], axes[1]));
  }

  private static RandRotate90 randRotate90(ConfigArgs a) {
    double prob = a.getDouble("prob", 0.1);
    int maxK = a.getInt("max_k", 3);
    int[] axes = spatialAxes(a, "spatial_axes", new int[] {0, 1});
    ignored(a, "lazy");
    if (axes.length != 2) {
      throw a.error("spatial_axes", "must be 2 axes, got " + java.util.Arrays.toString(axes));
    }
    return wrap(a, () -> RandRotate90.of(prob, maxK, axes[0], axes[1]));
  }

  // ------------------------------------------------------------------ Rotate

  private static Object rotateBase(ConfigArgs a, boolean array) {
    double[] angle = a.requireDoubles("angle");
    boolean keep = a.getBoolean("keep_size", true);
    ignored(a, "lazy");
    Rotate r = wrap(a, () -> Rotate.of(angle).withKeepSize(keep));
    if (!array) {
      return r;
    }
    String mode = choice(a, "mode", "bilinear", GRID_MODES);
    String pad = choice(a, "padding_mode", "border", GRID_PADS);
    boolean ac = a.getBoolean("align_corners", false);
    String dt = dtype(a, "float32");
    return wrap(a, () -> r.forKey(mode, pad, ac, dt));
  }

  private static Object rotated(ConfigArgs a) {
    KeySelection keys = a.keys();
    Rotate base = (Rotate) rotateBase(a, false);
    List<String> modes = choices(a, "mode", "bilinear", GRID_MODES);
    List<String> pads = choices(a, "padding_mode", "border", GRID_PADS);
    List<Boolean> ac = booleans(a, "align_corners", false, false);
    List<String> dt = dtypes(a);
    return wrap(a, () -> Rotated.of(keys, base, modes, pads, ac, dt));
  }

  private static double[] optionalDoubles(ConfigArgs a, String name) {
    return a.getDoubles(name, null);
  }

  private static Object randRotateBase(ConfigArgs a, boolean array) {
    double[] rx = optionalDoubles(a, "range_x");
    double[] ry = optionalDoubles(a, "range_y");
    double[] rz = optionalDoubles(a, "range_z");
    double prob = a.getDouble("prob", 0.1);
    boolean keep = a.getBoolean("keep_size", true);
    ignored(a, "lazy");
    RandRotate r = wrap(a, () -> RandRotate.of(prob, rx, ry, rz).withKeepSize(keep));
    if (!array) {
      return r;
    }
    String mode = choice(a, "mode", "bilinear", GRID_MODES);
    String pad = choice(a, "padding_mode", "border", GRID_PADS);
    boolean ac = a.getBoolean("align_corners", false);
    String dt = dtype(a, "float32");
    return wrap(a, () -> r.forKey(mode, pad, ac, dt));
  }

  private static Object randRotated(ConfigArgs a) {
    KeySelection keys = a.keys();
    RandRotate base = (RandRotate) randRotateBase(a, false);
    double prob = a.getDouble("prob", 0.1);
    List<String> modes = choices(a, "mode", "bilinear", GRID_MODES);
    List<String> pads = choices(a, "padding_mode", "border", GRID_PADS);
    List<Boolean> ac = booleans(a, "align_corners", false, false);
    List<String> dt = dtypes(a);
    return wrap(a, () -> RandRotated.of(keys, prob, base, modes, pads, ac, dt));
  }

  // ------------------------------------------------------------------ Zoom, Resize

  private static Object zoomBase(ConfigArgs a, boolean array) {
    double[] z = a.requireDoubles("zoom");
    boolean keep = a.getBoolean("keep_size", true);
    ignored(a, "lazy");
    Zoom zoom = wrap(a, () -> Zoom.of(z).withKeepSize(keep));
    if (!array) {
      return zoom;
    }
    String mode = choice(a, "mode", "area", INTERP_MODES);
    String pad = choice(a, "padding_mode", "edge", NUMPY_PADS);
    Boolean ac = booleans(a, "align_corners", null, true).get(0);
    String dt = dtype(a, "float32");
    return wrap(a, () -> zoom.forKey(mode, pad, ac, dt));
  }

  private static Object zoomd(ConfigArgs a) {
    KeySelection keys = a.keys();
    Zoom base = (Zoom) zoomBase(a, false);
    List<String> modes = choices(a, "mode", "area", INTERP_MODES);
    List<String> pads = choices(a, "padding_mode", "edge", NUMPY_PADS);
    List<Boolean> ac = booleans(a, "align_corners", null, true);
    List<String> dt = dtypes(a);
    return wrap(a, () -> Zoomd.of(keys, base, modes, pads, ac, dt));
  }

  private static Object randZoomBase(ConfigArgs a, boolean array) {
    double prob = a.getDouble("prob", 0.1);
    double[] mn = a.getDoubles("min_zoom", new double[] {0.9});
    double[] mx = a.getDoubles("max_zoom", new double[] {1.1});
    boolean keep = a.getBoolean("keep_size", true);
    ignored(a, "lazy");
    RandZoom rz = wrap(a, () -> RandZoom.of(prob, mn, mx).withKeepSize(keep));
    if (!array) {
      return rz;
    }
    String mode = choice(a, "mode", "area", INTERP_MODES);
    String pad = choice(a, "padding_mode", "edge", NUMPY_PADS);
    Boolean ac = booleans(a, "align_corners", null, true).get(0);
    String dt = dtype(a, "float32");
    return wrap(a, () -> rz.forKey(mode, pad, ac, dt));
  }

  private static Object randZoomd(ConfigArgs a) {
    KeySelection keys = a.keys();
    RandZoom base = (RandZoom) randZoomBase(a, false);
    double prob = a.getDouble("prob", 0.1);
    List<String> modes = choices(a, "mode", "area", INTERP_MODES);
    List<String> pads = choices(a, "padding_mode", "edge", NUMPY_PADS);
    List<Boolean> ac = booleans(a, "align_corners", null, true);
    List<String> dt = dtypes(a);
    return wrap(a, () -> RandZoomd.of(keys, prob, base, modes, pads, ac, dt));
  }

  private static Object resizeBase(ConfigArgs a, boolean array) {
    int[] size = a.requireInts("spatial_size");
    String sizeMode = choice(a, "size_mode", "all", "all", "longest");
    ignored(a, "lazy");
    Resize r = wrap(a, () -> Resize.of(size).withSizeMode(sizeMode));
    if (!array) {
      return r;
    }
    String mode = choice(a, "mode", "area", INTERP_MODES);
    Boolean ac = booleans(a, "align_corners", null, true).get(0);
    boolean aa = a.getBoolean("anti_aliasing", false);
    double[] sigma = a.getDoubles("anti_aliasing_sigma", null);
    String dt = dtype(a, "float32");
    return wrap(a, () -> r.forKey(mode, ac, aa, sigma, dt));
  }

  private static Object resized(ConfigArgs a) {
    KeySelection keys = a.keys();
    Resize base = (Resize) resizeBase(a, false);
    List<String> modes = choices(a, "mode", "area", INTERP_MODES);
    List<Boolean> ac = booleans(a, "align_corners", null, true);
    List<Boolean> aa = booleans(a, "anti_aliasing", false, false);
    double[] sigma = a.getDoubles("anti_aliasing_sigma", null);
    List<String> dt = dtypes(a);
    return wrap(a, () -> Resized.of(keys, base, modes, ac, aa, Collections.singletonList(sigma),
        dt));
  }

  // ------------------------------------------------------------------ Affine, RandAffine

  private static double[][] matrix(ConfigArgs a, String name) {
    Object v = a.raw(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List)) {
      throw a.error(name, "must be a square matrix (list of rows), got " + v);
    }
    List<?> rows = (List<?>) v;
    double[][] m = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      Object r = rows.get(i);
      if (!(r instanceof List) || ((List<?>) r).size() != rows.size()) {
        throw a.error(name, "must be a square matrix (list of rows), got " + v);
      }
      m[i] = new double[rows.size()];
      for (int j = 0; j < rows.size(); j++) {
        Object e = ((List<?>) r).get(j);
        if (!(e instanceof Number)) {
          throw a.error(name, "entries must be numbers, got " + e);
        }
        m[i][j] = ((Number) e).doubleValue();
      }
    }
    return m;
  }

  private static Affine affineParams(ConfigArgs a) {
    double[] ro = a.getDoubles("rotate_params", null);
    double[] sh = a.getDoubles("shear_params", null);
    double[] tr = a.getDoubles("translate_params", null);
    double[] sc = a.getDoubles("scale_params", null);
    double[][] m = matrix(a, "affine");
    int[] size = a.getInts("spatial_size", null);
    if (a.getBoolean("normalized", false)) {
      throw a.error("normalized", "true is not supported; give the affine in voxel units "
          + "(normalized=false)");
    }
    boolean ac = a.getBoolean("align_corners", false);
    ignored(a, "lazy", "device", "image_only");
    String dt = dtype(a, "float32");
    return wrap(a, () -> Affine.of().withRotateParams(ro).withShearParams(sh)
        .withTranslateParams(tr).withScaleParams(sc).withAffine(m).withSpatialSize(size)
        .withAlignCorners(ac).withDtype(dt));
  }

  private static Object affineBase(ConfigArgs a, boolean array) {
    Affine t = affineParams(a);
    String mode = choice(a, "mode", "bilinear", GRID_MODES);
    String pad = choice(a, "padding_mode", "reflection", GRID_PADS);
    return wrap(a, () -> t.forKey(mode, pad));
  }

  private static Object affined(ConfigArgs a) {
    KeySelection keys = a.keys();
    Affine t = affineParams(a);
    List<String> modes = choices(a, "mode", "bilinear", GRID_MODES);
    List<String> pads = choices(a, "padding_mode", "reflection", GRID_PADS);
    return wrap(a, () -> Affined.of(keys, t, modes, pads));
  }

  private static RandAffine randAffineParams(ConfigArgs a, double prob) {
    double[][] ro = randRange(a, "rotate_range");
    double[][] sh = randRange(a, "shear_range");
    double[][] tr = randRange(a, "translate_range");
    double[][] sc = randRange(a, "scale_range");
    int[] size = a.getInts("spatial_size", null);
    ignored(a, "lazy", "device", "cache_grid");
    return wrap(a, () -> RandAffine.of(prob).withRotateRange(ro).withShearRange(sh)
        .withTranslateRange(tr).withScaleRange(sc).withSpatialSize(size));
  }

  private static Object randAffineBase(ConfigArgs a, boolean array) {
    RandAffine t = randAffineParams(a, a.getDouble("prob", 0.1));
    String mode = choice(a, "mode", "bilinear", GRID_MODES);
    String pad = choice(a, "padding_mode", "reflection", GRID_PADS);
    return wrap(a, () -> t.forKey(mode, pad));
  }

  private static Object randAffined(ConfigArgs a) {
    KeySelection keys = a.keys();
    double prob = a.getDouble("prob", 0.1);
    RandAffine t = randAffineParams(a, 1.0);
    List<String> modes = choices(a, "mode", "bilinear", GRID_MODES);
    List<String> pads = choices(a, "padding_mode", "reflection", GRID_PADS);
    return wrap(a, () -> RandAffined.of(keys, prob, t, modes, pads));
  }

  // ------------------------------------------------------------------ elastic

  private static Rand2DElastic rand2dParams(ConfigArgs a, double prob) {
    double[] spacing = a.requireDoubles("spacing");
    double[] mag = pair(a, "magnitude_range");
    double[][] ro = randRange(a, "rotate_range");
    double[][] sh = randRange(a, "shear_range");
    double[][] tr = randRange(a, "translate_range");
    double[][] sc = randRange(a, "scale_range");
    int[] size = a.getInts("spatial_size", null);
    ignored(a, "device");
    return wrap(a, () -> Rand2DElastic.of(spacing, mag, prob).withRotateRange(ro)
        .withShearRange(sh).withTranslateRange(tr).withScaleRange(sc).withSpatialSize(size));
  }

  private static Object rand2d(ConfigArgs a, boolean array) {
    Rand2DElastic t = rand2dParams(a, a.getDouble("prob", 0.1));
    String mode = choice(a, "mode", "bilinear", GRID_MODES);
    String pad = choice(a, "padding_mode", "reflection", GRID_PADS);
    return wrap(a, () -> t.forKey(mode, pad));
  }

  private static Object rand2dd(ConfigArgs a) {
    KeySelection keys = a.keys();
    double prob = a.getDouble("prob", 0.1);
    Rand2DElastic t = rand2dParams(a, 1.0);
    List<String> modes = choices(a, "mode", "bilinear", GRID_MODES);
    List<String> pads = choices(a, "padding_mode", "reflection", GRID_PADS);
    return wrap(a, () -> Rand2DElasticd.of(keys, prob, t, modes, pads));
  }

  private static Rand3DElastic rand3dParams(ConfigArgs a, double prob) {
    double[] sigma = pair(a, "sigma_range");
    double[] mag = pair(a, "magnitude_range");
    double[][] ro = randRange(a, "rotate_range");
    double[][] sh = randRange(a, "shear_range");
    double[][] tr = randRange(a, "translate_range");
    double[][] sc = randRange(a, "scale_range");
    int[] size = a.getInts("spatial_size", null);
    ignored(a, "device");
    return wrap(a, () -> Rand3DElastic.of(sigma, mag, prob).withRotateRange(ro)
        .withShearRange(sh).withTranslateRange(tr).withScaleRange(sc).withSpatialSize(size));
  }

  private static Object rand3d(ConfigArgs a, boolean array) {
    Rand3DElastic t = rand3dParams(a, a.getDouble("prob", 0.1));
    String mode = choice(a, "mode", "bilinear", GRID_MODES);
    String pad = choice(a, "padding_mode", "reflection", GRID_PADS);
    return wrap(a, () -> t.forKey(mode, pad));
  }

  private static Object rand3dd(ConfigArgs a) {
    KeySelection keys = a.keys();
    double prob = a.getDouble("prob", 0.1);
    Rand3DElastic t = rand3dParams(a, 1.0);
    List<String> modes = choices(a, "mode", "bilinear", GRID_MODES);
    List<String> pads = choices(a, "padding_mode", "reflection", GRID_PADS);
    return wrap(a, () -> Rand3DElasticd.of(keys, prob, t, modes, pads));
  }
}
