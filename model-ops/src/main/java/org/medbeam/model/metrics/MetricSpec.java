package org.medbeam.model.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medbeam.core.Volume;

/**
 * One metric of a metrics run, by name with optional MONAI keyword arguments, e.g. {@code dice},
 * {@code dice(include_background=false)}, {@code hausdorff95}, {@code
 * surface_distance(symmetric=true)}, {@code surface_dice(class_thresholds=[1.5,2])}, {@code
 * psnr(max_val=255)}. {@link #parse} reads a comma-separated list ({@code
 * "dice,hausdorff95,surface_distance"}).
 *
 * <table>
 *   <caption>names</caption>
 *   <tr><td>{@code dice}</td><td>{@link DiceMetric}: include_background (true), ignore_empty
 *       (true), num_classes</td></tr>
 *   <tr><td>{@code mean_iou}, {@code iou}</td><td>{@link MeanIoU}: include_background (true),
 *       ignore_empty (true)</td></tr>
 *   <tr><td>{@code hausdorff}, {@code hausdorff<P>} (e.g. {@code hausdorff95}: percentile P)</td>
 *       <td>{@link HausdorffDistanceMetric}: include_background (false), distance_metric,
 *       percentile, directed (false)</td></tr>
 *   <tr><td>{@code surface_distance}</td><td>{@link SurfaceDistanceMetric}: include_background
 *       (false), symmetric (false), distance_metric</td></tr>
 *   <tr><td>{@code surface_dice}</td><td>{@link SurfaceDiceMetric}: class_thresholds (required),
 *       include_background (false), distance_metric</td></tr>
 *   <tr><td>a confusion-matrix name or alias ({@code sensitivity}, {@code specificity}, {@code
 *       precision}, {@code f1_score}, ...)</td><td>{@link ConfusionMatrixMetric} with that
 *       metric_name: include_background (true). Per case and class the metric of that case's
 *       confusion matrix (MONAI's {@code compute_sample=True})</td></tr>
 *   <tr><td>{@code mse}, {@code mae}, {@code rmse}, {@code psnr}</td><td>regression metrics;
 *       {@code psnr} requires max_val</td></tr>
 * </table>
 *
 * <p>Every metric also takes {@code name=...} (the name used in reports and file names; default:
 * the metric token as written, e.g. {@code hausdorff95}). Keys are MONAI's snake_case; values are
 * numbers, {@code true}/{@code false}, {@code none}, words, or {@code [a,b,...]} lists. Defaults
 * are MONAI's.
 */
public final class MetricSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final Set<String> DICE =
      Set.of("include_background", "ignore_empty", "num_classes");
  private static final Set<String> IOU = Set.of("include_background", "ignore_empty");
  private static final Set<String> HD =
      Set.of("include_background", "distance_metric", "percentile", "directed");
  private static final Set<String> SD =
      Set.of("include_background", "symmetric", "distance_metric");
  private static final Set<String> NSD =
      Set.of("class_thresholds", "include_background", "distance_metric");
  private static final Set<String> CM = Set.of("include_background");
  private static final Set<String> REG = Set.of();
  private static final Set<String> PSNR = Set.of("max_val");

  private final String name;
  private final String kind;
  private final LinkedHashMap<String, String> args;

  private MetricSpec(String name, String kind, LinkedHashMap<String, String> args) {
    this.name = name;
    this.kind = kind;
    this.args = args;
  }

  /** Parses a comma-separated list of metric specs; names must be unique. */
  public static List<MetricSpec> parse(String specs) {
    if (specs == null || specs.isBlank()) {
      throw new IllegalArgumentException(
          "metric list is empty; give e.g. \"dice,hausdorff95,surface_distance\"");
    }
    List<MetricSpec> out = new ArrayList<>();
    for (String item : split(specs, ',')) {
      out.add(of(item));
    }
    Set<String> seen = new HashSet<>();
    for (MetricSpec s : out) {
      if (!seen.add(s.name)) {
        throw new IllegalArgumentException(
            "metric name '"
                + s.name
                + "' appears twice in \""
                + specs
                + "\"; give one of them another name with name=...");
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** One spec, e.g. {@code "hausdorff(percentile=95,directed=true)"}. */
  public static MetricSpec of(String spec) {
    String s = spec.trim();
    String token = s;
    LinkedHashMap<String, String> args = new LinkedHashMap<>();
    int open = s.indexOf('(');
    if (open >= 0) {
      if (!s.endsWith(")")) {
        throw new IllegalArgumentException(
            "metric spec '" + spec + "': arguments must be closed with ')'");
      }
      token = s.substring(0, open).trim();
      String inner = s.substring(open + 1, s.length() - 1).trim();
      if (!inner.isEmpty()) {
        for (String kv : split(inner, ',')) {
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(
                "metric spec '" + spec + "': argument '" + kv.trim() + "' must be key=value");
          }
          String key = kv.substring(0, eq).trim().toLowerCase(Locale.ROOT);
          if (args.put(key, kv.substring(eq + 1).trim()) != null) {
            throw new IllegalArgumentException(
                "metric spec '" + spec + "': argument '" + key + "' given twice");
          }
        }
      }
    }
    String t = token.toLowerCase(Locale.ROOT).replace(' ', '_');
    if (t.isEmpty()) {
      throw new IllegalArgumentException("metric spec '" + spec + "' has no metric name");
    }
    String kind;
    if (t.equals("dice")) {
      kind = "dice";
    } else if (t.equals("mean_iou") || t.equals("iou") || t.equals("meaniou")) {
      kind = "mean_iou";
    } else if (t.equals("hausdorff") || t.equals("hausdorff_distance")) {
      kind = "hausdorff";
    } else if (t.matches("hausdorff\\d+(\\.\\d+)?")) {
      kind = "hausdorff";
      if (args.containsKey("percentile")) {
        throw new IllegalArgumentException(
            "metric spec '" + spec + "': " + t + " already sets the percentile");
      }
      args.put("percentile", t.substring("hausdorff".length()));
    } else if (t.equals("surface_distance") || t.equals("asd") || t.equals("assd")) {
      kind = "surface_distance";
      if (t.equals("assd")) {
        args.putIfAbsent("symmetric", "true");
      }
    } else if (t.equals("surface_dice") || t.equals("nsd")) {
      kind = "surface_dice";
    } else if (t.equals("mse") || t.equals("mae") || t.equals("rmse") || t.equals("psnr")) {
      kind = t;
    } else {
      try {
        ConfusionMatrixMetric.canonicalName(t);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown metric '"
                + token
                + "' in '"
                + spec
                + "'; use dice, mean_iou, hausdorff, "
                + "hausdorff<percentile> (e.g. hausdorff95), surface_distance, surface_dice, mse, "
                + "mae, rmse, psnr, or a confusion-matrix metric (sensitivity, specificity, "
                + "precision, f1_score, ...)");
      }
      kind = "confusion:" + t;
    }
    String name = args.containsKey("name") ? args.remove("name") : t;
    if (!name.matches("[A-Za-z0-9_.\\-]+")) {
      throw new IllegalArgumentException(
          "metric name '" + name + "' must be letters, digits, '_', '.' or '-' (it names files)");
    }
    MetricSpec m = new MetricSpec(name, kind, args);
    m.newMetric(1); // validates every argument now
    return m;
  }

  /** Splits on {@code sep} outside brackets and parentheses. */
  private static List<String> split(String s, char sep) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
        if (depth < 0) {
          throw new IllegalArgumentException("unbalanced '" + c + "' in metric spec \"" + s + "\"");
        }
      } else if (c == sep && depth == 0) {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("unclosed bracket in metric spec \"" + s + "\"");
    }
    out.add(s.substring(start));
    for (String p : out) {
      if (p.isBlank()) {
        throw new IllegalArgumentException("empty item in metric spec \"" + s + "\"");
      }
    }
    return out;
  }

  /** The name used in rows, reports and file names. */
  public String name() {
    return name;
  }

  /** The MONAI metric class this spec builds. */
  public String metricClass() {
    if (kind.startsWith("confusion:")) {
      return "ConfusionMatrixMetric";
    }
    switch (kind) {
      case "dice":
        return "DiceMetric";
      case "mean_iou":
        return "MeanIoU";
      case "hausdorff":
        return "HausdorffDistanceMetric";
      case "surface_distance":
        return "SurfaceDistanceMetric";
      case "surface_dice":
        return "SurfaceDiceMetric";
      case "mse":
        return "MSEMetric";
      case "mae":
        return "MAEMetric";
      case "rmse":
        return "RMSEMetric";
      default:
        return "PSNRMetric";
    }
  }

  /**
   * Whether the metric compares segmentations (label maps are made one-hot for it, {@link
   * OneHot#prepare}); false for the regression metrics, which take the images as they are.
   */
  public boolean isSegmentation() {
    return !(kind.equals("mse")
        || kind.equals("mae")
        || kind.equals("rmse")
        || kind.equals("psnr"));
  }

  /** The keyword arguments as given (snake_case keys, raw values). */
  public Map<String, String> args() {
    return Collections.unmodifiableMap(args);
  }

  /** A new metric object configured by this spec, with {@code threads} intra-op threads. */
  public CumulativeIterationMetric newMetric(int threads) {
    if (kind.startsWith("confusion:")) {
      checkKeys(CM);
      return ConfusionMatrixMetric.create()
          .withMetricName(kind.substring("confusion:".length()))
          .withIncludeBackground(bool("include_background", true))
          .withThreads(threads);
    }
    switch (kind) {
      case "dice":
        {
          checkKeys(DICE);
          DiceMetric d =
              DiceMetric.create()
                  .withIncludeBackground(bool("include_background", true))
                  .withIgnoreEmpty(bool("ignore_empty", true))
                  .withThreads(threads);
          Integer n = integer("num_classes");
          return n == null ? d : d.withNumClasses(n);
        }
      case "mean_iou":
        checkKeys(IOU);
        return MeanIoU.create()
            .withIncludeBackground(bool("include_background", true))
            .withIgnoreEmpty(bool("ignore_empty", true))
            .withThreads(threads);
      case "hausdorff":
        checkKeys(HD);
        return HausdorffDistanceMetric.create()
            .withIncludeBackground(bool("include_background", false))
            .withDistanceMetric(str("distance_metric", "euclidean"))
            .withPercentile(number("percentile"))
            .withDirected(bool("directed", false))
            .withThreads(threads);
      case "surface_distance":
        checkKeys(SD);
        return SurfaceDistanceMetric.create()
            .withIncludeBackground(bool("include_background", false))
            .withSymmetric(bool("symmetric", false))
            .withDistanceMetric(str("distance_metric", "euclidean"))
            .withThreads(threads);
      case "surface_dice":
        {
          checkKeys(NSD);
          if (!args.containsKey("class_thresholds")) {
            throw new IllegalArgumentException(
                "metric '"
                    + name
                    + "': surface_dice needs class_thresholds=[t1,t2,...] "
                    + "(one per class kept, in mm for euclidean)");
          }
          return SurfaceDiceMetric.create(list("class_thresholds"))
              .withIncludeBackground(bool("include_background", false))
              .withDistanceMetric(str("distance_metric", "euclidean"))
              .withThreads(threads);
        }
      case "mse":
        checkKeys(REG);
        return MSEMetric.create().withThreads(threads);
      case "mae":
        checkKeys(REG);
        return MAEMetric.create().withThreads(threads);
      case "rmse":
        checkKeys(REG);
        return RMSEMetric.create().withThreads(threads);
      case "psnr":
        {
          checkKeys(PSNR);
          Double max = number("max_val");
          if (max == null) {
            throw new IllegalArgumentException(
                "metric '" + name + "': psnr needs max_val=<dynamic range>, e.g. psnr(max_val=1)");
          }
          return PSNRMetric.create(max).withThreads(threads);
        }
      default:
        throw new AssertionError(kind);
    }
  }

  /**
   * Per-class values of one case: the metric's row, or for a confusion-matrix spec the named metric
   * of each class's confusion matrix.
   */
  double[] evaluate(CumulativeIterationMetric metric, Volume yPred, Volume y) {
    MetricTensor row = metric.computeCase(yPred, y);
    if (kind.startsWith("confusion:")) {
      return ConfusionMatrixMetric.compute(kind.substring("confusion:".length()), row).toArray();
    }
    return row.toArray();
  }

  private void checkKeys(Set<String> allowed) {
    for (String k : args.keySet()) {
      if (!allowed.contains(k)) {
        List<String> sorted = new ArrayList<>(allowed);
        Collections.sort(sorted);
        throw new IllegalArgumentException(
            "metric '"
                + name
                + "' ("
                + metricClass()
                + ") has no argument '"
                + k
                + "'; accepted: "
                + (sorted.isEmpty() ? "none" : String.join(", ", sorted))
                + ", name");
      }
    }
  }

  private boolean bool(String key, boolean dflt) {
    String v = args.get(key);
    if (v == null) {
      return dflt;
    }
    switch (v.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException(
            "metric '" + name + "': " + key + " must be true or false, got '" + v + "'");
    }
  }

  private String str(String key, String dflt) {
    String v = args.get(key);
    return v == null ? dflt : v;
  }

  private Double number(String key) {
    String v = args.get(key);
    if (v == null || v.equalsIgnoreCase("none") || v.equalsIgnoreCase("null")) {
      return null;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "metric '" + name + "': " + key + " must be a number, got '" + v + "'");
    }
  }

  private Integer integer(String key) {
    Double d = number(key);
    if (d == null) {
      return null;
    }
    if (d != Math.rint(d)) {
      throw new IllegalArgumentException(
          "metric '" + name + "': " + key + " must be an integer, got '" + args.get(key) + "'");
    }
    return d.intValue();
  }

  private double[] list(String key) {
    String v = args.get(key).trim();
    if (v.startsWith("[") && v.endsWith("]")) {
      v = v.substring(1, v.length() - 1);
    }
    String[] parts = v.split("[,;]");
    double[] out = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "metric '"
                + name
                + "': "
                + key
                + " must be a list of numbers like [1.5,2], got '"
                + args.get(key)
                + "'");
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MetricSpec)) {
      return false;
    }
    MetricSpec s = (MetricSpec) o;
    return name.equals(s.name) && kind.equals(s.kind) && args.equals(s.args);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + args.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(metricClass()).append('(').append("name=").append(name);
    for (Map.Entry<String, String> e : args.entrySet()) {
      sb.append(", ").append(e.getKey()).append('=').append(e.getValue());
    }
    return sb.append(')').toString();
  }
}
