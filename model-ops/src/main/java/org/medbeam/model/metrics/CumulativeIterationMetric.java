package org.medbeam.model.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code CumulativeIterationMetric}: {@link #call} computes the per-case values of a batch
 * and appends them to a buffer; {@link #aggregate()} reduces everything buffered since the last
 * {@link #reset()}.
 *
 * <p>A batch is a list of channel-first cases, MONAI's list-of-{@code (C, spatial)}-tensors form of
 * {@code y_pred}/{@code y} ({@code (B, C, spatial)} ↔ {@code List<Volume>} of {@code (C, X[, Y[,
 * Z]])}). Each case gives a row of shape {@code (C')} (classes after {@code include_background}) or
 * {@code (C', 4)} for confusion matrices; the buffer stacks them to {@code (B, C'[, 4])}.
 *
 * <p>Configuration is immutable ({@code withX()} returns a new metric with an empty buffer); the
 * buffer is not: like the MONAI object, one instance is not meant to be shared between threads.
 * {@link #computeCase} is stateless and thread-safe.
 */
public abstract class CumulativeIterationMetric {
  private final List<MetricTensor> buffer = new ArrayList<>();
  private final MetricReduction reduction;
  private final boolean getNotNans;
  private final int threads;

  protected CumulativeIterationMetric(MetricReduction reduction, boolean getNotNans, int threads) {
    this.reduction = Objects.requireNonNull(reduction, "reduction");
    this.getNotNans = getNotNans;
    this.threads = checkThreads(threads);
  }

  static int checkThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    return threads;
  }

  static int defaultThreads() {
    return Parallel.defaultThreads();
  }

  /** MONAI's class name, e.g. {@code "DiceMetric"}. */
  public String name() {
    return getClass().getSimpleName();
  }

  public MetricReduction reduction() {
    return reduction;
  }

  public boolean getNotNans() {
    return getNotNans;
  }

  /** Intra-op threads for the voxel loops of one case. */
  public int threads() {
    return threads;
  }

  /**
   * The metric of one case: one value per class kept ({@code (C')}), or {@code (C', 4)} for
   * confusion matrices. Stateless: does not touch the buffer.
   */
  public abstract MetricTensor computeCase(Volume yPred, Volume y);

  /** Computes a batch, appends it to the buffer and returns it, {@code (B, C'[, 4])}. */
  public MetricTensor call(List<Volume> yPred, List<Volume> y) {
    checkBatch(yPred, y);
    List<MetricTensor> rows = new ArrayList<>(yPred.size());
    for (int b = 0; b < yPred.size(); b++) {
      rows.add(computeCase(yPred.get(b), y.get(b)));
    }
    return append(rows);
  }

  /** One case as a batch of one, {@code (1, C'[, 4])}. */
  public MetricTensor call(Volume yPred, Volume y) {
    return call(Collections.singletonList(yPred), Collections.singletonList(y));
  }

  static void checkBatch(List<Volume> yPred, List<Volume> y) {
    Objects.requireNonNull(yPred, "y_pred");
    Objects.requireNonNull(y, "y");
    if (yPred.size() != y.size()) {
      throw new IllegalArgumentException(
          "y_pred holds "
              + yPred.size()
              + " cases but y holds "
              + y.size()
              + "; pass one prediction per ground truth");
    }
    if (yPred.isEmpty()) {
      throw new IllegalArgumentException("y_pred and y are empty; pass at least one case");
    }
  }

  final MetricTensor append(List<MetricTensor> rows) {
    MetricTensor batch = stack(rows);
    if (!buffer.isEmpty() && !Arrays.equals(buffer.get(0).shape(), rows.get(0).shape())) {
      throw new IllegalArgumentException(
          name()
              + ": cases give values of shape "
              + Arrays.toString(rows.get(0).shape())
              + " but the buffer holds "
              + Arrays.toString(buffer.get(0).shape())
              + "; every case needs the same number of classes (reset() to start over)");
    }
    buffer.addAll(rows);
    return batch;
  }

  static MetricTensor stack(List<MetricTensor> rows) {
    int[] rowShape = rows.get(0).shape();
    int rowSize = rows.get(0).size();
    double[] all = new double[rows.size() * rowSize];
    for (int b = 0; b < rows.size(); b++) {
      MetricTensor r = rows.get(b);
      if (!Arrays.equals(rowShape, r.shape())) {
        throw new IllegalArgumentException(
            "case "
                + b
                + " gives values of shape "
                + Arrays.toString(r.shape())
                + ", case 0 "
                + Arrays.toString(rowShape)
                + "; every case needs the same number of classes");
      }
      System.arraycopy(r.toArray(), 0, all, b * rowSize, rowSize);
    }
    int[] shape = new int[rowShape.length + 1];
    shape[0] = rows.size();
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    return MetricTensor.wrap(all, shape);
  }

  /** Number of cases buffered (MONAI's {@code len(metric)}). */
  public int length() {
    return buffer.size();
  }

  /** Everything buffered, {@code (N, C'[, 4])} (MONAI's {@code get_buffer()}). */
  public MetricTensor getBuffer() {
    if (buffer.isEmpty()) {
      throw new IllegalStateException(
          name() + " has no values: call it on at least one case first (or after reset())");
    }
    return stack(buffer);
  }

  /** Clears the buffer. */
  public void reset() {
    buffer.clear();
  }

  /** Reduces the buffer with the metric's own reduction. */
  public Aggregate aggregate() {
    return aggregate(reduction);
  }

  /** Reduces the buffer with {@code reduction} (MONAI's {@code aggregate(reduction=...)}). */
  public Aggregate aggregate(String reduction) {
    return aggregate(MetricReduction.of(reduction));
  }

  /** Reduces the buffer with {@code reduction}. */
  public Aggregate aggregate(MetricReduction reduction) {
    return reduction.reduce(getBuffer()).withNotNansRequested(getNotNans);
  }

  static MetricReduction reductionOf(String name) {
    return MetricReduction.of(name);
  }
}
