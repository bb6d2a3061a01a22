package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.DType;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.transforms.config.ConfigArgs;
import org.medbeam.transforms.config.TransformFactory;
import org.medbeam.transforms.config.TransformProvider;
import org.medbeam.transforms.config.TransformRegistry;

/**
 * Registers MONAI's utility transforms (array and dictionary forms) under their MONAI class names
 * with MONAI's snake_case arguments, and {@code OneOf} (whose {@code transforms} are nested specs).
 * Transforms whose arguments are code ({@code Lambda}, {@code RandLambda}, {@code adaptor}) or that
 * return several values ({@code SplitDim}, {@code FgBgToIndices}, {@code ClassesToIndices}) are
 * registered with an error saying what to use instead.
 */
public final class UtilityProvider implements TransformProvider {

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

  private static Object notFromConfig(ConfigArgs a, String why) {
    throw new IllegalArgumentException(a.target() + ": " + why);
  }

  @Override
  public Map<String, TransformFactory> transforms() {
    Map<String, TransformFactory> m = new LinkedHashMap<>();
    m.put("Identity", a -> new Identity());
    m.put("Identityd", a -> wrap(a, () -> new Identityd(a.keys())));
    m.put(
        "EnsureChannelFirst",
        a ->
            wrap(
                a,
                () -> new EnsureChannelFirst(a.getBoolean("strict_check", true), channelDim(a))));
    m.put(
        "EnsureChannelFirstd",
        a ->
            wrap(
                a,
                () ->
                    new EnsureChannelFirstd(
                        a.keys(), a.getBoolean("strict_check", true), channelDim(a))));
    m.put("AsChannelLast", a -> wrap(a, () -> new AsChannelLast(a.getInt("channel_dim", 0))));
    m.put(
        "AsChannelLastd",
        a -> wrap(a, () -> new AsChannelLastd(a.keys(), a.getInt("channel_dim", 0))));
    m.put(
        "SqueezeDim",
        a -> wrap(a, () -> new SqueezeDim(squeezeDim(a), a.getBoolean("update_meta", true))));
    m.put(
        "SqueezeDimd",
        a ->
            wrap(
                a,
                () -> new SqueezeDimd(a.keys(), squeezeDim(a), a.getBoolean("update_meta", true))));
    m.put("CastToType", a -> wrap(a, () -> new CastToType(Args.dtype(a, "dtype", DType.FLOAT32))));
    m.put(
        "CastToTyped",
        a ->
            wrap(
                a,
                () -> {
                  List<DType> types = new ArrayList<>();
                  for (String s : a.getStrings("dtype", List.of("float32"))) {
                    try {
                      types.add(DType.fromName(s));
                    } catch (IllegalArgumentException e) {
                      throw a.error("dtype", e.getMessage());
                    }
                  }
                  return new CastToTyped(a.keys(), types);
                }));
    m.put(
        "CopyItemsd",
        a ->
            wrap(
                a,
                () -> new CopyItemsd(a.keys(), a.getInt("times", 1), a.getStrings("names", null))));
    m.put(
        "ConcatItemsd",
        a ->
            wrap(a, () -> new ConcatItemsd(a.keys(), a.requireString("name"), a.getInt("dim", 0))));
    m.put(
        "DeleteItemsd",
        a ->
            wrap(
                a,
                () -> {
                  List<Boolean> useRe = new ArrayList<>();
                  List<Object> raw = a.getList("use_re");
                  if (raw != null) {
                    for (Object o : raw) {
                      if (!(o instanceof Boolean)) {
                        throw a.error("use_re", "must be true/false or one per key, got " + raw);
                      }
                      useRe.add((Boolean) o);
                    }
                  }
                  return new DeleteItemsd(
                      a.getStrings("keys", null),
                      a.getString("sep", "."),
                      raw == null ? null : useRe);
                }));
    m.put(
        "SplitDim",
        a ->
            notFromConfig(
                a,
                "returns one volume per slice, which a chain of single volumes cannot pass; use"
                    + " SplitDimd (with list_output for one sample per slice)"));
    m.put(
        "SplitDimd",
        a ->
            wrap(
                a,
                () ->
                    new SplitDimd(
                        a.keys(),
                        a.getStrings("output_postfixes", null),
                        a.getInt("dim", 0),
                        a.getBoolean("keepdim", true),
                        a.getBoolean("update_meta", true),
                        a.getBoolean("list_output", false))));
    for (String code : List.of("Lambda", "Lambdad", "RandLambda", "RandLambdad")) {
      m.put(
          code,
          a ->
              notFromConfig(
                  a,
                  "its 'func' is code, which a config cannot express (medbeam configs take literal"
                      + " values); build it in Java with a SerializableFunction"));
    }
    m.put(
        "DataStats",
        a ->
            wrap(
                a,
                () -> {
                  Args.unsupported(a, "additional_info", "it is code; use the Java constructor");
                  return new DataStats(
                      a.getString("prefix", "Data"),
                      a.getBoolean("data_type", true),
                      a.getBoolean("data_shape", true),
                      a.getBoolean("value_range", true),
                      a.getBoolean("data_value", false),
                      a.getBoolean("meta_info", false),
                      null,
                      a.getString("name", "DataStats"));
                }));
    m.put(
        "DataStatsd",
        a ->
            wrap(
                a,
                () -> {
                  Args.unsupported(a, "additional_info", "it is code; use the Java constructor");
                  return new DataStatsd(
                      a.keys(),
                      a.getStrings("prefix", null),
                      a.getBoolean("data_type", true),
                      a.getBoolean("data_shape", true),
                      a.getBoolean("value_range", true),
                      a.getBoolean("data_value", false),
                      a.getBoolean("meta_info", false),
                      a.getString("name", "DataStats"));
                }));
    m.put("OneOf", a -> wrap(a, () -> oneOf(a)));
    m.put(
        "FgBgToIndices",
        a ->
            notFromConfig(
                a,
                "returns two index arrays, not a volume; use FgBgToIndicesd, which stores them"
                    + " under <key>_fg_indices / <key>_bg_indices"));
    m.put(
        "FgBgToIndicesd",
        a ->
            wrap(
                a,
                () ->
                    new FgBgToIndicesd(
                        a.keys(),
                        a.getString("fg_postfix", "_fg_indices"),
                        a.getString("bg_postfix", "_bg_indices"),
                        Args.optString(a, "image_key"),
                        a.getDouble("image_threshold", 0),
                        a.getInts("output_shape", null))));
    m.put(
        "ClassesToIndices",
        a ->
            notFromConfig(
                a,
                "returns index arrays, not a volume; use "
                    + "ClassesToIndicesd, which stores them under <key>_cls_indices"));
    m.put(
        "ClassesToIndicesd",
        a ->
            wrap(
                a,
                () ->
                    new ClassesToIndicesd(
                        a.keys(),
                        a.getString("indices_postfix", "_cls_indices"),
                        Args.optInt(a, "num_classes"),
                        Args.optString(a, "image_key"),
                        a.getDouble("image_threshold", 0),
                        a.getInts("output_shape", null),
                        Args.optInt(a, "max_samples_per_class"))));
    return m;
  }

  private static Object channelDim(ConfigArgs a) {
    if (!a.has("channel_dim")) {
      return null;
    }
    Object v = a.raw("channel_dim");
    if (v instanceof String) {
      if (!v.equals("no_channel")) {
        throw a.error(
            "channel_dim", "is \"" + v + "\"; accepted: an integer, \"no_channel\", " + "or null");
      }
      return v;
    }
    return a.getInt("channel_dim", 0);
  }

  private static Integer squeezeDim(ConfigArgs a) {
    if (a.isNull("dim")) {
      return null;
    }
    return a.getInt("dim", 0);
  }

  @SuppressWarnings("unchecked")
  private static OneOf oneOf(ConfigArgs a) {
    for (String unsupported : List.of("map_items", "unpack_items", "log_stats", "lazy")) {
      a.raw(unsupported);
    }
    List<Object> specs = a.getList("transforms");
    if (specs == null) {
      throw a.error("transforms", "is required: a list of transform specs");
    }
    List<MapTransform> ts = new ArrayList<>();
    int i = 0;
    for (Object spec : specs) {
      Object t;
      String where = "OneOf.transforms[" + i++ + "]";
      if (spec instanceof List
          || (spec instanceof Map
              && String.valueOf(((Map<String, Object>) spec).get("_target_"))
                  .endsWith("Compose"))) {
        t = ChainConfig.toCompose(spec, where);
      } else if (spec instanceof Map) {
        try {
          t = TransformRegistry.getDefault().create((Map<String, Object>) spec);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
      } else {
        throw a.error("transforms", "must hold transform specs, got " + spec);
      }
      if (!(t instanceof MapTransform)) {
        throw a.error(
            "transforms",
            "item "
                + (i - 1)
                + " ("
                + t.getClass().getSimpleName()
                + ") is an array transform; OneOf in a chain needs dictionary (…d) transforms");
      }
      ts.add((MapTransform) t);
    }
    double[] w = a.getDoubles("weights", null);
    return new OneOf(ts, w);
  }
}
