package org.medbeam.transforms.post;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.DType;
import org.medbeam.transforms.config.ConfigArgs;
import org.medbeam.transforms.config.TransformFactory;
import org.medbeam.transforms.config.TransformProvider;
import org.medbeam.transforms.utility.Args;

/**
 * Registers MONAI's post-processing transforms (array and dictionary forms) under their MONAI class
 * names with MONAI's snake_case arguments. {@code Activations}' {@code other} is a function name
 * ({@link Activations#named}); the ensembles combine several keys, so only their dictionary forms
 * can be configured.
 */
public final class PostProvider implements TransformProvider {

  interface Build {
    Object build();
  }

  private static Object wrap(ConfigArgs a, Build b) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw Args.named(a, e);
    }
  }

  @Override
  public Map<String, TransformFactory> transforms() {
    Map<String, TransformFactory> m = new LinkedHashMap<>();
    m.put(
        "Invertd",
        a ->
            wrap(
                a,
                () -> {
                  if (a.has("transform")) {
                    throw a.error(
                        "transform",
                        "is not needed: medbeam inverts the operations recorded on orig_keys");
                  }
                  // accepted for MONAI compatibility; metadata travels inside the volumes
                  a.getStrings("meta_keys", null);
                  a.getStrings("orig_meta_keys", null);
                  a.getString("meta_key_postfix", null);
                  a.getBoolean("to_tensor", true);
                  a.getString("device", null);
                  return new Invertd(
                      a.keys(), a.getStrings("orig_keys", null) == null
                          ? java.util.List.of("image") : a.getStrings("orig_keys", null),
                      a.getBoolean("nearest_interp", true));
                }));
    m.put(
        "Activations",
        a ->
            wrap(
                a,
                () -> {
                  dim(a);
                  return new Activations(
                      a.getBoolean("sigmoid", false),
                      a.getBoolean("softmax", false),
                      other(a, a.getString("other", null)));
                }));
    m.put(
        "Activationsd",
        a ->
            wrap(
                a,
                () -> {
                  dim(a);
                  List<Activations.VoxelFunction> others = new ArrayList<>();
                  for (Object o : nullable(a, "other")) {
                    others.add(o == null ? null : other(a, o.toString()));
                  }
                  return new Activationsd(
                      a.keys(), bools(a, "sigmoid"), bools(a, "softmax"), others);
                }));
    m.put(
        "AsDiscrete",
        a ->
            wrap(
                a,
                () -> {
                  dim(a);
                  return new AsDiscrete(
                      a.getBoolean("argmax", false),
                      onehot(a, a.raw("to_onehot")),
                      Args.optDouble(a, "threshold"),
                      Args.optString(a, "rounding"),
                      a.getBoolean("keepdim", true),
                      dtype(a));
                }));
    m.put(
        "AsDiscreted",
        a ->
            wrap(
                a,
                () -> {
                  dim(a);
                  List<Integer> oh = new ArrayList<>();
                  for (Object o : nullable(a, "to_onehot")) {
                    oh.add(onehot(a, o));
                  }
                  List<Double> th = new ArrayList<>();
                  for (Object o : nullable(a, "threshold")) {
                    th.add(o == null ? null : number(a, "threshold", o));
                  }
                  List<String> rd = new ArrayList<>();
                  for (Object o : nullable(a, "rounding")) {
                    rd.add(o == null ? null : o.toString());
                  }
                  return new AsDiscreted(
                      a.keys(),
                      bools(a, "argmax"),
                      oh,
                      th,
                      rd,
                      a.getBoolean("keepdim", true),
                      dtype(a));
                }));
    m.put(
        "KeepLargestConnectedComponent",
        a ->
            wrap(
                a,
                () ->
                    new KeepLargestConnectedComponent(
                        a.getDoubles("applied_labels", null),
                        isOnehot(a),
                        a.getBoolean("independent", true),
                        Args.optInt(a, "connectivity"),
                        a.getInt("num_components", 1))));
    m.put(
        "KeepLargestConnectedComponentd",
        a ->
            wrap(
                a,
                () ->
                    new KeepLargestConnectedComponentd(
                        a.keys(),
                        a.getDoubles("applied_labels", null),
                        isOnehot(a),
                        a.getBoolean("independent", true),
                        Args.optInt(a, "connectivity"),
                        a.getInt("num_components", 1))));
    m.put(
        "RemoveSmallObjects",
        a ->
            wrap(
                a,
                () -> {
                  pixdim(a);
                  return new RemoveSmallObjects(
                      a.getDouble("min_size", 64),
                      a.getInt("connectivity", 1),
                      a.getBoolean("independent_channels", true),
                      a.getBoolean("by_measure", false));
                }));
    m.put(
        "RemoveSmallObjectsd",
        a ->
            wrap(
                a,
                () -> {
                  pixdim(a);
                  return new RemoveSmallObjectsd(
                      a.keys(),
                      a.getDouble("min_size", 64),
                      a.getInt("connectivity", 1),
                      a.getBoolean("independent_channels", true),
                      a.getBoolean("by_measure", false));
                }));
    m.put(
        "FillHoles",
        a ->
            wrap(
                a,
                () ->
                    new FillHoles(
                        a.getDoubles("applied_labels", null), Args.optInt(a, "connectivity"))));
    m.put(
        "FillHolesd",
        a ->
            wrap(
                a,
                () ->
                    new FillHolesd(
                        a.keys(),
                        a.getDoubles("applied_labels", null),
                        Args.optInt(a, "connectivity"))));
    m.put("LabelFilter", a -> wrap(a, () -> new LabelFilter(a.requireDoubles("applied_labels"))));
    m.put(
        "LabelFilterd",
        a -> wrap(a, () -> new LabelFilterd(a.keys(), a.requireDoubles("applied_labels"))));
    m.put(
        "LabelToContour",
        a -> wrap(a, () -> new LabelToContour(a.getString("kernel_type", "Laplace"))));
    m.put(
        "LabelToContourd",
        a -> wrap(a, () -> new LabelToContourd(a.keys(), a.getString("kernel_type", "Laplace"))));
    m.put("MeanEnsemble", a -> listOnly(a, "MeanEnsembled"));
    m.put("VoteEnsemble", a -> listOnly(a, "VoteEnsembled"));
    m.put(
        "MeanEnsembled",
        a ->
            wrap(
                a, () -> new MeanEnsembled(a.keys(), Args.optString(a, "output_key"), weights(a))));
    m.put(
        "VoteEnsembled",
        a ->
            wrap(
                a,
                () ->
                    new VoteEnsembled(
                        a.keys(), Args.optString(a, "output_key"), Args.optInt(a, "num_classes"))));
    return m;
  }

  private static Object listOnly(ConfigArgs a, String instead) {
    throw new IllegalArgumentException(
        a.target()
            + ": the array form takes a list of "
            + "predictions, which a chain of single volumes cannot pass; use "
            + instead
            + " with keys (and output_key)");
  }

  private static void dim(ConfigArgs a) {
    int d = a.getInt("dim", 0);
    if (d != 0) {
      throw a.error("dim", "is " + d + "; medbeam volumes are channel-first, accepted: 0");
    }
  }

  private static DType dtype(ConfigArgs a) {
    return Args.dtype(a, "dtype", DType.FLOAT32);
  }

  private static Activations.VoxelFunction other(ConfigArgs a, String name) {
    if (name == null) {
      return null;
    }
    try {
      return Activations.named(name);
    } catch (IllegalArgumentException e) {
      throw a.error(
          "other",
          "is \""
              + name
              + "\"; a config names the function, accepted: tanh, "
              + "relu, sigmoid, exp, abs, softplus, neg");
    }
  }

  private static Integer onehot(ConfigArgs a, Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof Boolean) {
      throw a.error(
          "to_onehot",
          "is " + o + "; to_onehot=True/False is deprecated, give the " + "number of classes");
    }
    double d = number(a, "to_onehot", o);
    if (d != Math.rint(d) || d < 1) {
      throw a.error("to_onehot", "must be a positive number of classes, got " + o);
    }
    return (int) d;
  }

  private static double number(ConfigArgs a, String name, Object o) {
    if (o instanceof Number) {
      return ((Number) o).doubleValue();
    }
    throw a.error(name, "must be a number (or one per key), got " + o);
  }

  private static List<Object> nullable(ConfigArgs a, String name) {
    Object raw = a.raw(name);
    List<Object> l = new ArrayList<>();
    if (raw instanceof List) {
      l.addAll((List<?>) raw);
    } else {
      l.add(raw);
    }
    return l;
  }

  private static List<Boolean> bools(ConfigArgs a, String name) {
    List<Boolean> out = new ArrayList<>();
    for (Object o : nullable(a, name)) {
      if (o == null) {
        out.add(false);
      } else if (o instanceof Boolean) {
        out.add((Boolean) o);
      } else {
        throw a.error(name, "must be true/false (or one per key), got " + o);
      }
    }
    return out;
  }

  private static Boolean isOnehot(ConfigArgs a) {
    return a.has("is_onehot") ? a.getBoolean("is_onehot", false) : null;
  }

  private static void pixdim(ConfigArgs a) {
    // MONAI ignores pixdim for MetaTensors, which every medbeam volume is: the affine's spacing
    // is used; the argument is accepted for compatibility
    a.raw("pixdim");
  }

  private static double[][] weights(ConfigArgs a) {
    Object raw = a.raw("weights");
    if (raw == null) {
      return null;
    }
    if (!(raw instanceof List) || ((List<?>) raw).isEmpty()) {
      throw a.error(
          "weights",
          "must be a list (one weight per prediction) or a list of lists "
              + "(per prediction and channel), got "
              + raw);
    }
    List<?> rows = (List<?>) raw;
    double[][] w = new double[rows.size()][];
    for (int i = 0; i < w.length; i++) {
      Object r = rows.get(i);
      if (r instanceof Number) {
        w[i] = new double[] {((Number) r).doubleValue()};
      } else if (r instanceof List) {
        List<?> cols = (List<?>) r;
        w[i] = new double[cols.size()];
        for (int j = 0; j < w[i].length; j++) {
          w[i][j] = number(a, "weights", cols.get(j));
        }
      } else {
        throw a.error("weights", "entries must be numbers or lists of numbers, got " + r);
      }
    }
    return w;
  }
}
