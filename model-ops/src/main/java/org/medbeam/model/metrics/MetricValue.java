package org.medbeam.model.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import org.apache.beam.sdk.coders.CustomCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * One per-case metric value: case id, metric name, class column and value (a row of MONAI's {@code
 * <metric>_raw.csv}). {@code classIndex} is the column of the metric's output, {@code "class<i>"}
 * in reports: with {@code include_background=False} column 0 is input channel 1, as in MONAI. NaN
 * marks an undefined value (e.g. empty ground truth).
 */
@DefaultCoder(MetricValue.Coder.class)
public final class MetricValue {
  private final String caseId;
  private final String metric;
  private final int classIndex;
  private final double value;

  private MetricValue(String caseId, String metric, int classIndex, double value) {
    this.caseId = Objects.requireNonNull(caseId, "caseId");
    this.metric = Objects.requireNonNull(metric, "metric");
    if (classIndex < 0) {
      throw new IllegalArgumentException("classIndex must be >= 0, got " + classIndex);
    }
    this.classIndex = classIndex;
    this.value = value;
  }

  public static MetricValue of(String caseId, String metric, int classIndex, double value) {
    return new MetricValue(caseId, metric, classIndex, value);
  }

  public String caseId() {
    return caseId;
  }

  public String metric() {
    return metric;
  }

  public int classIndex() {
    return classIndex;
  }

  /** {@code "class<i>"}, MONAI's default column label. */
  public String classLabel() {
    return "class" + classIndex;
  }

  public double value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MetricValue)) {
      return false;
    }
    MetricValue m = (MetricValue) o;
    return caseId.equals(m.caseId)
        && metric.equals(m.metric)
        && classIndex == m.classIndex
        && Double.compare(value, m.value) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(caseId, metric, classIndex, value);
  }

  @Override
  public String toString() {
    return caseId + "," + metric + "," + classLabel() + "," + PyNumbers.repr(value);
  }

  /** Beam coder: id, metric, class index, value (bit-exact). */
  public static final class Coder extends CustomCoder<MetricValue> {
    private static final long serialVersionUID = 1L;
    private static final StringUtf8Coder STRING = StringUtf8Coder.of();

    public static Coder of() {
      return new Coder();
    }

    @Override
    public void encode(MetricValue v, OutputStream out) throws IOException {
      STRING.encode(v.caseId, out);
      STRING.encode(v.metric, out);
      VarIntCoder.of().encode(v.classIndex, out);
      DoubleCoder.of().encode(v.value, out);
    }

    @Override
    public MetricValue decode(InputStream in) throws IOException {
      return new MetricValue(
          STRING.decode(in),
          STRING.decode(in),
          VarIntCoder.of().decode(in),
          DoubleCoder.of().decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
