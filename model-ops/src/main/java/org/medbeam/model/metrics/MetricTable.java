package org.medbeam.model.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * All per-case values of one metric: cases sorted by id (string order) × class columns. Cases with
 * fewer classes than the widest one are padded with NaN. This is MONAI's {@code metric_details}
 * buffer {@code (N, C)} for one metric.
 */
@DefaultCoder(MetricTable.Coder.class)
public final class MetricTable implements Serializable {
  private static final long serialVersionUID = 1L;
  private final String metric;
  private final List<String> ids;
  private final double[][] values;

  private MetricTable(String metric, List<String> ids, double[][] values) {
    this.metric = metric;
    this.ids = ids;
    this.values = values;
  }

  /** Builds the table from rows of one metric (any order; one value per case and class). */
  public static MetricTable of(String metric, Iterable<MetricValue> rows) {
    TreeMap<String, TreeMap<Integer, Double>> byCase = new TreeMap<>();
    int width = 0;
    for (MetricValue v : rows) {
      if (!v.metric().equals(metric)) {
        throw new IllegalArgumentException(
            "table of '" + metric + "' got a row of '" + v.metric() + "'");
      }
      Double old =
          byCase.computeIfAbsent(v.caseId(), k -> new TreeMap<>()).put(v.classIndex(), v.value());
      if (old != null) {
        throw new IllegalArgumentException(
            "metric '"
                + metric
                + "': case '"
                + v.caseId()
                + "' has two values for "
                + v.classLabel()
                + " (case ids must be unique)");
      }
      width = Math.max(width, v.classIndex() + 1);
    }
    List<String> ids = new ArrayList<>(byCase.keySet());
    double[][] vals = new double[ids.size()][width];
    int r = 0;
    for (Map.Entry<String, TreeMap<Integer, Double>> e : byCase.entrySet()) {
      Arrays.fill(vals[r], Double.NaN);
      for (Map.Entry<Integer, Double> c : e.getValue().entrySet()) {
        vals[r][c.getKey()] = c.getValue();
      }
      r++;
    }
    return new MetricTable(metric, Collections.unmodifiableList(ids), vals);
  }

  public String metric() {
    return metric;
  }

  /** Case ids, sorted. */
  public List<String> ids() {
    return ids;
  }

  public int cases() {
    return ids.size();
  }

  public int classes() {
    return values.length == 0 ? 0 : values[0].length;
  }

  public double get(int caseIndex, int classIndex) {
    return values[caseIndex][classIndex];
  }

  /** The table as a {@code (N, C)} tensor. */
  public MetricTensor tensor() {
    int c = classes();
    double[] flat = new double[cases() * c];
    for (int i = 0; i < cases(); i++) {
      System.arraycopy(values[i], 0, flat, i * c, c);
    }
    return MetricTensor.wrap(flat, cases(), c);
  }

  /** Row {@code i} as float32, the dtype of MONAI's metric buffers. */
  float[] row32(int i) {
    float[] r = new float[classes()];
    for (int k = 0; k < r.length; k++) {
      r[k] = (float) values[i][k];
    }
    return r;
  }

  /** Beam coder: metric, ids, then the values row by row (bit-exact). */
  public static final class Coder extends CustomCoder<MetricTable> {
    private static final long serialVersionUID = 1L;

    public static Coder of() {
      return new Coder();
    }

    @Override
    public void encode(MetricTable t, OutputStream out) throws IOException {
      StringUtf8Coder.of().encode(t.metric, out);
      VarIntCoder.of().encode(t.ids.size(), out);
      VarIntCoder.of().encode(t.classes(), out);
      for (int i = 0; i < t.ids.size(); i++) {
        StringUtf8Coder.of().encode(t.ids.get(i), out);
        for (double v : t.values[i]) {
          DoubleCoder.of().encode(v, out);
        }
      }
    }

    @Override
    public MetricTable decode(InputStream in) throws IOException {
      String metric = StringUtf8Coder.of().decode(in);
      int n = VarIntCoder.of().decode(in);
      int c = VarIntCoder.of().decode(in);
      List<String> ids = new ArrayList<>(n);
      double[][] vals = new double[n][c];
      for (int i = 0; i < n; i++) {
        ids.add(StringUtf8Coder.of().decode(in));
        for (int k = 0; k < c; k++) {
          vals[i][k] = DoubleCoder.of().decode(in);
        }
      }
      return new MetricTable(metric, Collections.unmodifiableList(ids), vals);
    }
  }
}
