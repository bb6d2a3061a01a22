package org.medbeam.model.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report files of MONAI's {@code MetricsSaver} ({@code monai.handlers.utils
 * .write_metrics_reports}), byte for byte:
 *
 * <ul>
 *   <li>{@code metrics.csv}: one line per metric, {@code <metric>,<value>}, the metric's MONAI
 *       aggregate ({@code reduction="mean"}: mean over classes per case, then over cases; NaN
 *       excluded) as a float32 spelled like Python's {@code str(float)}.
 *   <li>{@code <metric>_raw.csv}: {@code filename,class0,...,mean}, one line per case (sorted by
 *       id; MONAI writes them in iteration order), values as numpy prints float32 ({@code
 *       0.95627373}, {@code nan}); {@code mean} is numpy's float32 {@code nanmean} over classes.
 *   <li>{@code <metric>_summary.csv}: {@code class,<ops>}, one line per class and one for {@code
 *       mean}, each op over the cases with numpy's nan-aware float32 functions, {@code %.4f}. Ops
 *       ({@link #ALL_OPS}): {@code mean, median, max, min, <p>percentile} (0 ≤ p ≤ 100, default
 *       90), {@code std} (population), {@code notnans} (count).
 * </ul>
 *
 * MONAI 1.4 repeats "mean" in the header of every raw file after the first when one call writes
 * several metrics (its class-label list is mutated); that bug is not reproduced here.
 */
public final class MetricsReport {
  /** MONAI's {@code summary_ops="*"}, in MONAI's order. */
  public static final List<String> ALL_OPS =
      List.of("mean", "median", "max", "min", "90percentile", "std", "notnans");

  private MetricsReport() {}

  /** Validates summary op names ({@code "*"} = all); returns them in the given order. */
  public static List<String> summaryOps(List<String> ops) {
    if (ops == null || ops.isEmpty() || ops.contains("*")) {
      return ALL_OPS;
    }
    List<String> out = new ArrayList<>();
    for (String op : ops) {
      String o = op.trim().toLowerCase(Locale.ROOT);
      if (o.endsWith("percentile")) {
        String num = o.substring(0, o.length() - "percentile".length());
        int p;
        try {
          p = Integer.parseInt(num);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "summary op '" + op + "': the percentile must be an integer, e.g. 90percentile");
        }
        if (p < 0 || p > 100) {
          throw new IllegalArgumentException(
              "summary op '" + op + "': the percentile must be in [0, 100]");
        }
      } else if (!List.of("mean", "median", "max", "min", "std", "notnans").contains(o)) {
        throw new IllegalArgumentException(
            "summary op '"
                + op
                + "' is not supported; use mean, median, max, min, "
                + "<int>percentile, std, notnans or *");
      }
      out.add(o);
    }
    return Collections.unmodifiableList(out);
  }

  /** numpy's float32 nan-aware op on a column. */
  static double op(String op, float[] column) {
    switch (op) {
      case "mean":
        return NumpyFloat32.nanmean(column);
      case "median":
        return NumpyFloat32.nanmedian(column);
      case "max":
        return NumpyFloat32.nanmax(column);
      case "min":
        return NumpyFloat32.nanmin(column);
      case "std":
        return NumpyFloat32.nanstd(column);
      case "notnans":
        {
          int n = 0;
          for (float v : column) {
            n += Float.isNaN(v) ? 0 : 1;
          }
          return n;
        }
      default:
        int p = Integer.parseInt(op.substring(0, op.length() - "percentile".length()));
        return NumpyFloat32.nanpercentile(column, p);
    }
  }

  /** The per-case mean over classes (numpy float32 nanmean), MONAI's extra "mean" column. */
  static float[] caseMeans(MetricTable t) {
    float[] m = new float[t.cases()];
    for (int i = 0; i < m.length; i++) {
      m[i] = NumpyFloat32.nanmean(t.row32(i));
    }
    return m;
  }

  /** Class labels of a table: {@code class0 ... class<C-1>}, then {@code mean}. */
  static List<String> labels(MetricTable t) {
    List<String> l = new ArrayList<>();
    for (int k = 0; k < t.classes(); k++) {
      l.add("class" + k);
    }
    l.add("mean");
    return l;
  }

  /** The summary rows of one metric (one per class, then {@code mean}). */
  public static List<MetricSummary> summaries(MetricTable t, List<String> ops) {
    List<String> o = summaryOps(ops);
    List<String> labels = labels(t);
    float[] means = caseMeans(t);
    List<MetricSummary> out = new ArrayList<>();
    for (int k = 0; k <= t.classes(); k++) {
      float[] col = new float[t.cases()];
      for (int i = 0; i < col.length; i++) {
        col[i] = k < t.classes() ? (float) t.get(i, k) : means[i];
      }
      Map<String, Double> stats = new LinkedHashMap<>();
      for (String op : o) {
        stats.put(op, op(op, col));
      }
      out.add(MetricSummary.of(t.metric(), labels.get(k), stats));
    }
    return out;
  }

  /**
   * MONAI's default aggregate of a metric ({@code do_metric_reduction(buffer, "mean").item()}) in
   * torch's float32 arithmetic: per case the float32 sum of the not-NaN classes divided by their
   * count, then the float32 sum of those case means divided by the number of cases that had one.
   * Sums run in index order; torch may group a long batch differently, so with many cases the last
   * digit of {@code metrics.csv} can differ from MONAI's.
   */
  public static float aggregate(MetricTable t) {
    if (t.cases() == 0 || t.classes() == 0) {
      return Float.NaN;
    }
    float batchSum = 0f;
    int batchCount = 0;
    for (int i = 0; i < t.cases(); i++) {
      float[] row = t.row32(i);
      float s = 0f;
      int n = 0;
      for (float v : row) {
        if (!Float.isNaN(v)) {
          s += v;
          n++;
        }
      }
      batchSum += n > 0 ? s / n : 0f;
      batchCount += n > 0 ? 1 : 0;
    }
    return batchCount > 0 ? batchSum / batchCount : 0f;
  }

  /** {@code <metric>_raw.csv}. */
  public static String rawCsv(MetricTable t) {
    StringBuilder sb =
        new StringBuilder("filename,").append(String.join(",", labels(t))).append('\n');
    float[] means = caseMeans(t);
    for (int i = 0; i < t.cases(); i++) {
      sb.append(t.ids().get(i));
      for (int k = 0; k < t.classes(); k++) {
        sb.append(',').append(PyNumbers.float32Str((float) t.get(i, k)));
      }
      sb.append(',').append(PyNumbers.float32Str(means[i])).append('\n');
    }
    return sb.toString();
  }

  /** {@code <metric>_summary.csv}. */
  public static String summaryCsv(MetricTable t, List<String> ops) {
    List<String> o = summaryOps(ops);
    StringBuilder sb = new StringBuilder("class,").append(String.join(",", o)).append('\n');
    for (MetricSummary s : summaries(t, o)) {
      sb.append(s.classLabel());
      for (String op : o) {
        sb.append(',').append(PyNumbers.format4(s.get(op)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** {@code metrics.csv} for tables in the given order. */
  public static String metricsCsv(List<MetricTable> tables) {
    StringBuilder sb = new StringBuilder();
    for (MetricTable t : tables) {
      sb.append(t.metric()).append(',').append(PyNumbers.repr(aggregate(t))).append('\n');
    }
    return sb.toString();
  }

  /** Every report file: {@code metrics.csv}, then raw and summary per metric; name → contents. */
  public static Map<String, String> files(List<MetricTable> tables, List<String> ops) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("metrics.csv", metricsCsv(tables));
    for (MetricTable t : tables) {
      out.put(t.metric() + "_raw.csv", rawCsv(t));
      out.put(t.metric() + "_summary.csv", summaryCsv(t, ops));
    }
    return out;
  }

  /** Writes {@link #files} into {@code dir} (created if missing), UTF-8. */
  public static void write(Path dir, List<MetricTable> tables, List<String> ops) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, String> f : files(tables, ops).entrySet()) {
        Files.write(dir.resolve(f.getKey()), f.getValue().getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics reports to " + dir + ": " + e, e);
    }
  }
}
