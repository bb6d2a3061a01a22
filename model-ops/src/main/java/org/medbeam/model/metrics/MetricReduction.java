package org.medbeam.model.metrics;

import java.util.Arrays;
import java.util.Locale;

/**
 * MONAI's {@code MetricReduction}: how a {@code (B, C[, ...])} buffer of per-case, per-class values
 * is reduced, counting only not-NaN values ({@code monai.metrics.utils.do_metric_reduction}).
 *
 * <ul>
 *   <li>{@code none}: the buffer itself; not_nans is 1 where a value is not NaN.
 *   <li>{@code mean}: first the mean over classes of each case (not-NaN values only; 0 when none),
 *       then the mean over the cases that had at least one not-NaN class. not_nans counts those
 *       cases. As in MONAI the value has shape {@code (1)} (not 0-d) for a {@code (B, C)} input.
 *   <li>{@code sum}: sum over cases and classes (NaN counted as 0).
 *   <li>{@code mean_batch} / {@code sum_batch}: over cases, one value per class {@code (C)}.
 *   <li>{@code mean_channel} / {@code sum_channel}: over classes, one value per case {@code (B)}.
 * </ul>
 *
 * <p>Infinite values are not NaN: they take part in means and sums, as in MONAI.
 */
public enum MetricReduction {
  NONE("none"),
  MEAN("mean"),
  SUM("sum"),
  MEAN_BATCH("mean_batch"),
  SUM_BATCH("sum_batch"),
  MEAN_CHANNEL("mean_channel"),
  SUM_CHANNEL("sum_channel");

  private final String monaiName;

  MetricReduction(String monaiName) {
    this.monaiName = monaiName;
  }

  /** MONAI's spelling, e.g. {@code "mean_batch"}. */
  public String monaiName() {
    return monaiName;
  }

  /** Parses MONAI's spelling (case-insensitive); also accepts the Java constant name. */
  public static MetricReduction of(String name) {
    if (name != null) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      for (MetricReduction r : values()) {
        if (r.monaiName.equals(n)) {
          return r;
        }
      }
    }
    throw new IllegalArgumentException(
        "reduction must be one of [none, mean, sum, mean_batch, sum_batch, mean_channel, "
            + "sum_channel], got '"
            + name
            + "'");
  }

  /**
   * {@code do_metric_reduction(f, reduction)}: returns the reduced values and the not-NaN counts.
   *
   * @param f at least 2-d, {@code (B, C, ...)}; trailing dimensions are carried through
   */
  public Aggregate reduce(MetricTensor f) {
    int[] shape = f.shape();
    if (shape.length < 2) {
      throw new IllegalArgumentException(
          "metric values to reduce must be (batch, class, ...), got shape "
              + Arrays.toString(shape));
    }
    int nb = shape[0];
    int nc = shape[1];
    int[] restShape = Arrays.copyOfRange(shape, 2, shape.length);
    int r = 1;
    for (int d : restShape) {
      r *= d;
    }
    double[] v = f.toArray();
    if (this == NONE) {
      double[] nn = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        nn[i] = Double.isNaN(v[i]) ? 0 : 1;
      }
      return new Aggregate(MetricTensor.wrap(v, shape), MetricTensor.wrap(nn, shape));
    }
    boolean[] ok = new boolean[v.length];
    for (int i = 0; i < v.length; i++) {
      ok[i] = !Double.isNaN(v[i]);
      if (!ok[i]) {
        v[i] = 0;
      }
    }
    switch (this) {
      case MEAN:
        {
          double[] out = new double[r];
          double[] outNn = new double[r];
          for (int k = 0; k < r; k++) {
            double batchSum = 0;
            int batchCount = 0;
            for (int b = 0; b < nb; b++) {
              double s = 0;
              int n = 0;
              for (int c = 0; c < nc; c++) {
                int i = (b * nc + c) * r + k;
                s += v[i];
                n += ok[i] ? 1 : 0;
              }
              double caseMean = n > 0 ? s / n : 0;
              batchSum += caseMean;
              batchCount += n > 0 ? 1 : 0;
            }
            out[k] = batchCount > 0 ? batchSum / batchCount : 0;
            outNn[k] = batchCount;
          }
          // MONAI's torch.where(..., t_zero) broadcasts a 0-d mean to shape (1)
          int[] valueShape = restShape.length == 0 ? new int[] {1} : restShape;
          return new Aggregate(
              MetricTensor.wrap(out, valueShape), MetricTensor.wrap(outNn, restShape));
        }
      case SUM:
        {
          double[] out = new double[r];
          double[] outNn = new double[r];
          for (int k = 0; k < r; k++) {
            for (int bc = 0; bc < nb * nc; bc++) {
              out[k] += v[bc * r + k];
              outNn[k] += ok[bc * r + k] ? 1 : 0;
            }
          }
          return new Aggregate(
              MetricTensor.wrap(out, restShape), MetricTensor.wrap(outNn, restShape));
        }
      case MEAN_BATCH:
      case SUM_BATCH:
        {
          int[] outShape = prepend(nc, restShape);
          double[] out = new double[nc * r];
          double[] outNn = new double[nc * r];
          for (int c = 0; c < nc; c++) {
            for (int k = 0; k < r; k++) {
              double s = 0;
              int n = 0;
              for (int b = 0; b < nb; b++) {
                int i = (b * nc + c) * r + k;
                s += v[i];
                n += ok[i] ? 1 : 0;
              }
              out[c * r + k] = this == SUM_BATCH ? s : (n > 0 ? s / n : 0);
              outNn[c * r + k] = n;
            }
          }
          return new Aggregate(
              MetricTensor.wrap(out, outShape), MetricTensor.wrap(outNn, outShape));
        }
      case MEAN_CHANNEL:
      case SUM_CHANNEL:
        {
          int[] outShape = prepend(nb, restShape);
          double[] out = new double[nb * r];
          double[] outNn = new double[nb * r];
          for (int b = 0; b < nb; b++) {
            for (int k = 0; k < r; k++) {
              double s = 0;
              int n = 0;
              for (int c = 0; c < nc; c++) {
                int i = (b * nc + c) * r + k;
                s += v[i];
                n += ok[i] ? 1 : 0;
              }
              out[b * r + k] = this == SUM_CHANNEL ? s : (n > 0 ? s / n : 0);
              outNn[b * r + k] = n;
            }
          }
          return new Aggregate(
              MetricTensor.wrap(out, outShape), MetricTensor.wrap(outNn, outShape));
        }
      default:
        throw new AssertionError(this);
    }
  }

  private static int[] prepend(int first, int[] rest) {
    int[] s = new int[rest.length + 1];
    s[0] = first;
    System.arraycopy(rest, 0, s, 1, rest.length);
    return s;
  }
}
