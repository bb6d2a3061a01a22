package org.medbeam.model.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code ConfusionMatrixMetric}: per case and class the confusion matrix {@code [tp, fp,
 * tn, fn]} (a {@code (C', 4)} row; the buffer is {@code (B, C', 4)}), and at {@link #aggregateAll}
 * the metrics named in {@code metric_name}.
 *
 * <p>Names and aliases are MONAI's ({@link #canonicalName}): sensitivity (recall, hit_rate,
 * true_positive_rate, tpr), specificity (selectivity, true_negative_rate, tnr), precision
 * (positive_predictive_value, ppv), negative predictive value (npv), miss rate
 * (false_negative_rate, fnr), fall out (false_positive_rate, fpr), false discovery rate (fdr),
 * false omission rate (for), prevalence threshold (pt), threat score (critical_success_index, ts,
 * csi), accuracy (acc), balanced accuracy (ba), f1 score (f1), matthews correlation coefficient
 * (mcc), fowlkes mallows index (fm), informedness (bookmaker_informedness, bm, youden_index,
 * youden), markedness (deltap, mk); spaces and underscores are interchangeable, case is ignored.
 *
 * <p>{@code compute_sample=False} (default) reduces the confusion matrices first and computes the
 * metric on the result; {@code True} computes the metric per case and class, then reduces it. A
 * zero denominator gives NaN.
 */
public final class ConfusionMatrixMetric extends CumulativeIterationMetric {
  private final boolean includeBackground;
  private final List<String> metricNames;
  private final boolean computeSample;

  private ConfusionMatrixMetric(
      boolean includeBackground,
      List<String> metricNames,
      boolean computeSample,
      MetricReduction reduction,
      boolean getNotNans,
      int threads) {
    super(reduction, getNotNans, threads);
    this.includeBackground = includeBackground;
    this.metricNames = metricNames;
    this.computeSample = computeSample;
  }

  /**
   * MONAI's defaults: {@code include_background=True, metric_name="hit_rate", compute_sample=False,
   * reduction="mean", get_not_nans=False}.
   */
  public static ConfusionMatrixMetric create() {
    return new ConfusionMatrixMetric(
        true,
        Collections.singletonList("hit_rate"),
        false,
        MetricReduction.MEAN,
        false,
        defaultThreads());
  }

  public ConfusionMatrixMetric withIncludeBackground(boolean v) {
    return new ConfusionMatrixMetric(
        v, metricNames, computeSample, reduction(), getNotNans(), threads());
  }

  /** One or more metric names or aliases (validated at once). */
  public ConfusionMatrixMetric withMetricName(String... names) {
    return withMetricName(List.of(names));
  }

  public ConfusionMatrixMetric withMetricName(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("metric_name must name at least one metric");
    }
    for (String n : names) {
      canonicalName(n);
    }
    return new ConfusionMatrixMetric(
        includeBackground,
        Collections.unmodifiableList(new ArrayList<>(names)),
        computeSample,
        reduction(),
        getNotNans(),
        threads());
  }

  public ConfusionMatrixMetric withComputeSample(boolean v) {
    return new ConfusionMatrixMetric(
        includeBackground, metricNames, v, reduction(), getNotNans(), threads());
  }

  public ConfusionMatrixMetric withReduction(MetricReduction v) {
    return new ConfusionMatrixMetric(
        includeBackground, metricNames, computeSample, v, getNotNans(), threads());
  }

  public ConfusionMatrixMetric withReduction(String v) {
    return withReduction(reductionOf(v));
  }

  public ConfusionMatrixMetric withGetNotNans(boolean v) {
    return new ConfusionMatrixMetric(
        includeBackground, metricNames, computeSample, reduction(), v, threads());
  }

  public ConfusionMatrixMetric withThreads(int v) {
    return new ConfusionMatrixMetric(
        includeBackground, metricNames, computeSample, reduction(), getNotNans(), v);
  }

  public List<String> metricNames() {
    return metricNames;
  }

  /** {@code get_confusion_matrix} of one case: {@code (C', 4)} rows of {@code [tp, fp, tn, fn]}. */
  @Override
  public MetricTensor computeCase(Volume yPred, Volume y) {
    int fp = Voxels.firstChannel(yPred, includeBackground);
    int fy = Voxels.firstChannel(y, includeBackground);
    if (yPred.channels() - fp != y.channels() - fy) {
      Voxels.checkSameShape("ConfusionMatrixMetric", yPred, y);
    }
    Voxels.checkSameSpatialShape("ConfusionMatrixMetric", yPred, y);
    int nc = yPred.channels() - fp;
    int n = yPred.voxelsPerChannel();
    double[] out = new double[nc * 4];
    for (int k = 0; k < nc; k++) {
      int pOff = (fp + k) * n;
      int yOff = (fy + k) * n;
      double[] s =
          Voxels.blockSums(
              n,
              threads(),
              3,
              (from, to, o) -> {
                double[] pv = new double[Voxels.CHUNK];
                double[] yv = new double[Voxels.CHUNK];
                for (int st = from; st < to; st += Voxels.CHUNK) {
                  int len = Math.min(Voxels.CHUNK, to - st);
                  Voxels.read(yPred, pOff + st, len, pv);
                  Voxels.read(y, yOff + st, len, yv);
                  for (int i = 0; i < len; i++) {
                    double sum = pv[i] + yv[i];
                    o[0] += sum == 2 ? 1 : 0;
                    o[1] += sum == 0 ? 1 : 0;
                    o[2] += yv[i];
                  }
                }
              });
      double tp = s[0];
      double tn = s[1];
      double p = s[2];
      double neg = n - p;
      out[k * 4] = tp;
      out[k * 4 + 1] = neg - tn;
      out[k * 4 + 2] = tn;
      out[k * 4 + 3] = p - tp;
    }
    return MetricTensor.wrap(out, nc, 4);
  }

  /** The first metric name's result (MONAI returns a list; see {@link #aggregateAll}). */
  @Override
  public Aggregate aggregate(MetricReduction r) {
    return aggregateAll(computeSample, r).get(0);
  }

  /** One result per metric name, with the metric's own settings. */
  public List<Aggregate> aggregateAll() {
    return aggregateAll(computeSample, reduction());
  }

  /** MONAI's {@code aggregate(compute_sample, reduction)}: one result per metric name. */
  public List<Aggregate> aggregateAll(boolean computeSample, MetricReduction r) {
    MetricTensor data = getBuffer();
    List<Aggregate> out = new ArrayList<>();
    for (String name : metricNames) {
      Aggregate a;
      if (computeSample || this.computeSample) {
        a = r.reduce(compute(name, data));
      } else {
        Aggregate red = r.reduce(data);
        a = new Aggregate(compute(name, red.value()), red.notNans());
      }
      out.add(a.withNotNansRequested(getNotNans()));
    }
    return out;
  }

  /**
   * MONAI's {@code compute_confusion_matrix_metric}: the named metric of {@code (..., 4)} confusion
   * matrices, shape {@code (...)} (a 1-d input {@code (4)} gives {@code (1)}).
   */
  public static MetricTensor compute(String metricName, MetricTensor confusionMatrix) {
    String m = canonicalName(metricName);
    int[] shape = confusionMatrix.shape();
    if (shape.length == 0 || shape[shape.length - 1] != 4) {
      throw new IllegalArgumentException(
          "the size of the last dimension of confusion_matrix should be 4, got shape "
              + java.util.Arrays.toString(shape));
    }
    int[] outShape =
        shape.length == 1 ? new int[] {1} : java.util.Arrays.copyOf(shape, shape.length - 1);
    int n = confusionMatrix.size() / 4;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] =
          value(
              m,
              confusionMatrix.getFlat(4 * i),
              confusionMatrix.getFlat(4 * i + 1),
              confusionMatrix.getFlat(4 * i + 2),
              confusionMatrix.getFlat(4 * i + 3));
    }
    return MetricTensor.wrap(out, outShape);
  }

  private static double ratio(double num, double den) {
    return den != 0 ? num / den : Double.NaN;
  }

  /** One confusion-matrix metric from {@code tp, fp, tn, fn}, MONAI's formulas. */
  static double value(String canonical, double tp, double fp, double tn, double fn) {
    double p = tp + fn;
    double n = fp + tn;
    double tpr = p > 0 ? tp / p : Double.NaN;
    double tnr = n > 0 ? tn / n : Double.NaN;
    switch (canonical) {
      case "tpr":
        return ratio(tp, p);
      case "tnr":
        return ratio(tn, n);
      case "ppv":
        return ratio(tp, tp + fp);
      case "npv":
        return ratio(tn, tn + fn);
      case "fnr":
        return ratio(fn, p);
      case "fpr":
        return ratio(fp, n);
      case "fdr":
        return ratio(fp, fp + tp);
      case "for":
        return ratio(fn, fn + tn);
      case "pt":
        return ratio(Math.sqrt(tpr * (1.0 - tnr)) + tnr - 1.0, tpr + tnr - 1.0);
      case "ts":
        return ratio(tp, tp + fn + fp);
      case "acc":
        return ratio(tp + tn, p + n);
      case "ba":
        return (tpr + tnr) / 2.0;
      case "f1":
        return ratio(tp * 2.0, tp * 2.0 + fn + fp);
      case "mcc":
        return ratio(tp * tn - fp * fn, Math.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)));
      case "fm":
        {
          double ppv = (tp + fp) > 0 ? tp / (tp + fp) : Double.NaN;
          return Math.sqrt(ppv * tpr);
        }
      case "bm":
        return tpr + tnr - 1.0;
      case "mk":
        {
          double ppv = (tp + fp) > 0 ? tp / (tp + fp) : Double.NaN;
          double npv = (tn + fn) > 0 ? tn / (tn + fn) : Double.NaN;
          return ppv + npv - 1.0;
        }
      default:
        throw new AssertionError(canonical);
    }
  }

  /**
   * MONAI's {@code check_confusion_matrix_metric_name}: the short name ({@code "tpr"}, ...) of a
   * metric name or alias; an error listing the names otherwise.
   */
  public static String canonicalName(String metricName) {
    if (metricName == null) {
      throw new IllegalArgumentException("metric_name must not be null");
    }
    String m = metricName.replace(' ', '_').toLowerCase(Locale.ROOT);
    switch (m) {
      case "sensitivity":
      case "recall":
      case "hit_rate":
      case "true_positive_rate":
      case "tpr":
        return "tpr";
      case "specificity":
      case "selectivity":
      case "true_negative_rate":
      case "tnr":
        return "tnr";
      case "precision":
      case "positive_predictive_value":
      case "ppv":
        return "ppv";
      case "negative_predictive_value":
      case "npv":
        return "npv";
      case "miss_rate":
      case "false_negative_rate":
      case "fnr":
        return "fnr";
      case "fall_out":
      case "false_positive_rate":
      case "fpr":
        return "fpr";
      case "false_discovery_rate":
      case "fdr":
        return "fdr";
      case "false_omission_rate":
      case "for":
        return "for";
      case "prevalence_threshold":
      case "pt":
        return "pt";
      case "threat_score":
      case "critical_success_index":
      case "ts":
      case "csi":
        return "ts";
      case "accuracy":
      case "acc":
        return "acc";
      case "balanced_accuracy":
      case "ba":
        return "ba";
      case "f1_score":
      case "f1":
        return "f1";
      case "matthews_correlation_coefficient":
      case "mcc":
        return "mcc";
      case "fowlkes_mallows_index":
      case "fm":
        return "fm";
      case "informedness":
      case "bookmaker_informedness":
      case "bm":
      case "youden_index":
      case "youden":
        return "bm";
      case "markedness":
      case "deltap":
      case "mk":
        return "mk";
      default:
        throw new IllegalArgumentException(
            "ConfusionMatrixMetric: metric_name '"
                + metricName
                + "' is not implemented; use one "
                + "of sensitivity, specificity, precision, negative predictive value, miss rate, "
                + "fall out, false discovery rate, false omission rate, prevalence threshold, "
                + "threat score, accuracy, balanced accuracy, f1 score, matthews correlation "
                + "coefficient, fowlkes mallows index, informedness, markedness (or an alias)");
    }
  }
}
