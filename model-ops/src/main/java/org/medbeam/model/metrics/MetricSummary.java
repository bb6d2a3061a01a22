package org.medbeam.model.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * One row of MONAI's {@code <metric>_summary.csv}: a metric, a class ({@code "class<i>"}, or {@code
 * "mean"} for the per-case mean over classes) and the summary operations in order, e.g. {@code
 * mean, median, max, min, 90percentile, std, notnans} (see {@link MetricsReport}).
 */
@DefaultCoder(MetricSummary.Coder.class)
public final class MetricSummary {
  private final String metric;
  private final String classLabel;
  private final Map<String, Double> stats;

  private MetricSummary(String metric, String classLabel, Map<String, Double> stats) {
    this.metric = Objects.requireNonNull(metric);
    this.classLabel = Objects.requireNonNull(classLabel);
    this.stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
  }

  public static MetricSummary of(String metric, String classLabel, Map<String, Double> stats) {
    return new MetricSummary(metric, classLabel, stats);
  }

  public String metric() {
    return metric;
  }

  public String classLabel() {
    return classLabel;
  }

  /** Operation name → value, in report order. */
  public Map<String, Double> stats() {
    return stats;
  }

  public double get(String op) {
    Double v = stats.get(op);
    if (v == null) {
      throw new IllegalArgumentException(
          "summary of "
              + metric
              + "/"
              + classLabel
              + " has no '"
              + op
              + "'; it has "
              + stats.keySet());
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MetricSummary)) {
      return false;
    }
    MetricSummary s = (MetricSummary) o;
    return metric.equals(s.metric) && classLabel.equals(s.classLabel) && stats.equals(s.stats);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metric, classLabel, stats);
  }

  @Override
  public String toString() {
    return "MetricSummary(" + metric + ", " + classLabel + ", " + stats + ")";
  }

  /** Beam coder. */
  public static final class Coder extends CustomCoder<MetricSummary> {
    private static final long serialVersionUID = 1L;

    public static Coder of() {
      return new Coder();
    }

    @Override
    public void encode(MetricSummary v, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(v.metric, out);
      StringUtf8Coder.of().encode(v.classLabel, out);
      VarIntCoder.of().encode(v.stats.size(), out);
      for (Map.Entry<String, Double> e : v.stats.entrySet()) {
        StringUtf8Coder.of().encode(e.getKey(), out);
        DoubleCoder.of().encode(e.getValue(), out);
      }
    }

    @Override
    public MetricSummary decode(InputStream in) throws IOException {
      String m = StringUtf8Coder.of().decode(in);
      String c = StringUtf8Coder.of().decode(in);
      int n = VarIntCoder.of().decode(in);
      Map<String, Double> stats = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        stats.put(StringUtf8Coder.of().decode(in), DoubleCoder.of().decode(in));
      }
      return new MetricSummary(m, c, stats);
    }
  }
}
