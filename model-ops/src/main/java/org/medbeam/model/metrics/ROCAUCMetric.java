package org.medbeam.model.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * MONAI's {@code ROCAUCMetric}: area under the ROC curve of classification scores, accumulated over
 * calls and computed at {@link #aggregate()} (as {@code sklearn.metrics.roc_auc_score}).
 *
 * <p>Inputs are per-sample rows: {@code y_pred} scores {@code (B, C)} and {@code y} one-hot 0/1
 * labels {@code (B, C)}, or {@code (B)} / {@code (B, 1)} for a binary task. Tied scores share their
 * rank (half credit). A class whose labels are all equal, or not exactly {0, 1}, gives NaN (MONAI
 * warns and skips it). {@code average}: {@code macro} (mean of the class AUCs), {@code weighted}
 * (weighted by each class's positives), {@code micro} (all entries as one binary problem), {@code
 * none} (one AUC per class).
 */
public final class ROCAUCMetric {
  /** MONAI's {@code Average}. */
  public enum Average {
    MACRO("macro"),
    WEIGHTED("weighted"),
    MICRO("micro"),
    NONE("none");

    private final String monaiName;

    Average(String monaiName) {
      this.monaiName = monaiName;
    }

    public String monaiName() {
      return monaiName;
    }

    public static Average of(String name) {
      if (name != null) {
        for (Average a : values()) {
          if (a.monaiName.equals(name.trim().toLowerCase(Locale.ROOT))) {
            return a;
          }
        }
      }
      throw new IllegalArgumentException(
          "average must be one of [macro, weighted, micro, none], got '" + name + "'");
    }
  }

  private final Average average;
  private final List<double[]> predRows = new ArrayList<>();
  private final List<double[]> labelRows = new ArrayList<>();

  private ROCAUCMetric(Average average) {
    this.average = average;
  }

  /** MONAI's default: {@code average="macro"}. */
  public static ROCAUCMetric create() {
    return new ROCAUCMetric(Average.MACRO);
  }

  public ROCAUCMetric withAverage(Average v) {
    if (v == null) {
      throw new IllegalArgumentException("average must not be null");
    }
    return new ROCAUCMetric(v);
  }

  public ROCAUCMetric withAverage(String v) {
    return withAverage(Average.of(v));
  }

  public Average average() {
    return average;
  }

  /** Appends a batch of {@code (B, C)} scores and labels. */
  public void call(double[][] yPred, double[][] y) {
    if (yPred.length != y.length) {
      throw new IllegalArgumentException(
          "ROCAUCMetric: y_pred has " + yPred.length + " rows but y has " + y.length);
    }
    int c = -1;
    for (int b = 0; b < yPred.length; b++) {
      if (c < 0) {
        c = predRows.isEmpty() ? yPred[b].length : predRows.get(0).length;
      }
      if (yPred[b].length != c || y[b].length != c) {
        throw new IllegalArgumentException(
            "ROCAUCMetric: every row of y_pred and y needs "
                + c
                + " values, row "
                + b
                + " has "
                + yPred[b].length
                + " and "
                + y[b].length);
      }
    }
    for (int b = 0; b < yPred.length; b++) {
      predRows.add(yPred[b].clone());
      labelRows.add(y[b].clone());
    }
  }

  /** Appends a batch of binary scores and labels ({@code (B)}). */
  public void call(double[] yPred, double[] y) {
    double[][] p = new double[yPred.length][];
    double[][] t = new double[y.length][];
    for (int b = 0; b < yPred.length; b++) {
      p[b] = new double[] {yPred[b]};
    }
    for (int b = 0; b < y.length; b++) {
      t[b] = new double[] {y[b]};
    }
    call(p, t);
  }

  public int length() {
    return predRows.size();
  }

  public void reset() {
    predRows.clear();
    labelRows.clear();
  }

  /** With the metric's own {@code average}: 0-d, or {@code (C)} for {@code none}. */
  public MetricTensor aggregate() {
    return aggregate(average);
  }

  /** MONAI's {@code aggregate(average)}. */
  public MetricTensor aggregate(Average avg) {
    if (predRows.isEmpty()) {
      throw new IllegalStateException("ROCAUCMetric has no values: call it first");
    }
    int b = predRows.size();
    int c = predRows.get(0).length;
    if (c == 1) {
      return MetricTensor.scalar(auc(column(predRows, 0), column(labelRows, 0)));
    }
    if (avg == Average.MICRO) {
      double[] p = new double[b * c];
      double[] t = new double[b * c];
      for (int i = 0; i < b; i++) {
        System.arraycopy(predRows.get(i), 0, p, i * c, c);
        System.arraycopy(labelRows.get(i), 0, t, i * c, c);
      }
      return MetricTensor.scalar(auc(p, t));
    }
    double[] aucs = new double[c];
    double[] weights = new double[c];
    for (int k = 0; k < c; k++) {
      double[] t = column(labelRows, k);
      aucs[k] = auc(column(predRows, k), t);
      for (double v : t) {
        weights[k] += v;
      }
    }
    switch (avg) {
      case NONE:
        return MetricTensor.wrap(aucs, c);
      case MACRO:
        {
          double s = 0;
          for (double a : aucs) {
            s += a;
          }
          return MetricTensor.scalar(s / c);
        }
      case WEIGHTED:
        {
          double s = 0;
          double w = 0;
          for (int k = 0; k < c; k++) {
            s += aucs[k] * weights[k];
            w += weights[k];
          }
          if (w == 0) {
            throw new IllegalStateException(
                "ROCAUCMetric: weighted average needs at least one positive label, got none");
          }
          return MetricTensor.scalar(s / w);
        }
      default:
        throw new AssertionError(avg);
    }
  }

  private static double[] column(List<double[]> rows, int k) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[k];
    }
    return out;
  }

  /** MONAI's {@code _calculate}: the AUC of one binary problem, tied scores sharing credit. */
  static double auc(double[] yPred, double[] y) {
    double[] uniq = Arrays.stream(y).distinct().sorted().toArray();
    if (uniq.length == 1) {
      return Double.NaN;
    }
    if (uniq.length != 2 || uniq[0] != 0 || uniq[1] != 1) {
      return Double.NaN;
    }
    int n = y.length;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(yPred[a], yPred[b]));
    double nneg = 0;
    double auc = 0;
    double tmpPos = 0;
    double tmpNeg = 0;
    for (int i = 0; i < n; i++) {
      double yi = y[idx[i]];
      if (i + 1 < n && yPred[idx[i]] == yPred[idx[i + 1]]) {
        tmpPos += yi;
        tmpNeg += 1 - yi;
        continue;
      }
      if (tmpPos + tmpNeg > 0) {
        tmpPos += yi;
        tmpNeg += 1 - yi;
        nneg += tmpNeg;
        auc += tmpPos * (nneg - tmpNeg / 2);
        tmpPos = 0;
        tmpNeg = 0;
        continue;
      }
      if (yi == 1) {
        auc += nneg;
      } else {
        nneg += 1;
      }
    }
    return auc / (nneg * (n - nneg));
  }
}
