package org.medbeam.model.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code DiceMetric}: per case and class, {@code 2 |y ∩ ŷ| / (|y| + |ŷ|)}.
 *
 * <p>Inputs per case: {@code y_pred} binarised one-hot {@code (C, X, Y[, Z])} (any non-zero value
 * is foreground, MONAI's {@code .bool()}), or single-channel class indices when {@code num_classes}
 * is set; {@code y} one-hot (its values are summed as they are) or single-channel class indices.
 * Classes run over {@code range(0 or 1, num_classes or C)}; with a single channel and no {@code
 * num_classes}, MONAI scores class 1 ({@code y_pred == 1}) whatever {@code include_background}
 * says.
 *
 * <p>Empty ground truth: NaN with {@code ignore_empty} (the default, excluded from reductions);
 * otherwise 1 when the prediction is empty too and 0 when it is not.
 */
public final class DiceMetric extends CumulativeIterationMetric {
  private final boolean includeBackground;
  private final boolean ignoreEmpty;
  private final Integer numClasses;
  private final boolean returnWithLabel;
  private final List<String> labelNames;

  private DiceMetric(
      boolean includeBackground,
      MetricReduction reduction,
      boolean getNotNans,
      boolean ignoreEmpty,
      Integer numClasses,
      boolean returnWithLabel,
      List<String> labelNames,
      int threads) {
    super(reduction, getNotNans, threads);
    this.includeBackground = includeBackground;
    this.ignoreEmpty = ignoreEmpty;
    this.numClasses = numClasses;
    this.returnWithLabel = returnWithLabel;
    this.labelNames = labelNames;
  }

  /**
   * MONAI's defaults: {@code include_background=True, reduction="mean", get_not_nans=False,
   * ignore_empty=True, num_classes=None, return_with_label=False}.
   */
  public static DiceMetric create() {
    return new DiceMetric(
        true, MetricReduction.MEAN, false, true, null, false, null, defaultThreads());
  }

  public DiceMetric withIncludeBackground(boolean v) {
    return new DiceMetric(
        v,
        reduction(),
        getNotNans(),
        ignoreEmpty,
        numClasses,
        returnWithLabel,
        labelNames,
        threads());
  }

  public DiceMetric withReduction(MetricReduction v) {
    return new DiceMetric(
        includeBackground,
        v,
        getNotNans(),
        ignoreEmpty,
        numClasses,
        returnWithLabel,
        labelNames,
        threads());
  }

  public DiceMetric withReduction(String v) {
    return withReduction(reductionOf(v));
  }

  public DiceMetric withGetNotNans(boolean v) {
    return new DiceMetric(
        includeBackground,
        reduction(),
        v,
        ignoreEmpty,
        numClasses,
        returnWithLabel,
        labelNames,
        threads());
  }

  public DiceMetric withIgnoreEmpty(boolean v) {
    return new DiceMetric(
        includeBackground,
        reduction(),
        getNotNans(),
        v,
        numClasses,
        returnWithLabel,
        labelNames,
        threads());
  }

  /** Number of classes including background; needed when {@code y_pred} holds class indices. */
  public DiceMetric withNumClasses(int v) {
    if (v < 1) {
      throw new IllegalArgumentException("num_classes must be >= 1, got " + v);
    }
    return new DiceMetric(
        includeBackground,
        reduction(),
        getNotNans(),
        ignoreEmpty,
        v,
        returnWithLabel,
        labelNames,
        threads());
  }

  /**
   * With {@code true} and reduction {@code mean_batch}, {@link Aggregate#byLabel()} maps {@code
   * "label_<i>"} (i from 0 with background, else from 1) to the value rounded to 4 decimals.
   */
  public DiceMetric withReturnWithLabel(boolean v) {
    return new DiceMetric(
        includeBackground, reduction(), getNotNans(), ignoreEmpty, numClasses, v, null, threads());
  }

  /** {@code return_with_label} given as the label names, in class order. */
  public DiceMetric withReturnWithLabel(List<String> names) {
    if (names == null || names.isEmpty()) {
      throw new IllegalArgumentException("return_with_label names must be a non-empty list");
    }
    return new DiceMetric(
        includeBackground,
        reduction(),
        getNotNans(),
        ignoreEmpty,
        numClasses,
        true,
        Collections.unmodifiableList(new ArrayList<>(names)),
        threads());
  }

  public DiceMetric withThreads(int v) {
    return new DiceMetric(
        includeBackground,
        reduction(),
        getNotNans(),
        ignoreEmpty,
        numClasses,
        returnWithLabel,
        labelNames,
        v);
  }

  public boolean includeBackground() {
    return includeBackground;
  }

  public boolean ignoreEmpty() {
    return ignoreEmpty;
  }

  @Override
  public Aggregate aggregate(MetricReduction r) {
    Aggregate a = super.aggregate(r);
    if (reduction() == MetricReduction.MEAN_BATCH
        && r == MetricReduction.MEAN_BATCH
        && returnWithLabel) {
      Map<String, Double> m = new LinkedHashMap<>();
      MetricTensor f = a.value();
      for (int i = 0; i < f.size(); i++) {
        String key;
        if (labelNames == null) {
          key = includeBackground ? "label_" + i : "label_" + (i + 1);
        } else if (i < labelNames.size()) {
          key = labelNames.get(i);
        } else {
          break; // MONAI zips names with values: the shorter one wins
        }
        m.put(key, round4(f.getFlat(i)));
      }
      a = a.withByLabel(m);
    }
    return a;
  }

  /** Python's {@code round(v, 4)}: the exact binary value rounded half-even. */
  static double round4(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    return new BigDecimal(v).setScale(4, RoundingMode.HALF_EVEN).doubleValue();
  }

  @Override
  public MetricTensor computeCase(Volume yPred, Volume y) {
    Voxels.checkSameSpatialShape("DiceMetric", yPred, y);
    int nPredCh = numClasses == null ? yPred.channels() : numClasses;
    boolean predIsIndex = yPred.channels() == 1;
    boolean yIsIndex = y.channels() == 1;
    int first = includeBackground ? 0 : 1;
    List<Integer> classes = new ArrayList<>();
    if (nPredCh > 1) {
      for (int c = first; c < nPredCh; c++) {
        classes.add(c);
      }
    } else {
      classes.add(1);
    }
    double[] out = new double[classes.size()];
    for (int k = 0; k < out.length; k++) {
      int c = classes.get(k);
      if (!predIsIndex && c >= yPred.channels()) {
        throw new IllegalArgumentException(
            "DiceMetric: class "
                + c
                + " needs channel "
                + c
                + " of y_pred, which has "
                + yPred.channels()
                + " channels (num_classes="
                + numClasses
                + ")");
      }
      if (!yIsIndex && c >= y.channels()) {
        throw new IllegalArgumentException(
            "DiceMetric: class "
                + c
                + " needs channel "
                + c
                + " of y, which has "
                + y.channels()
                + " channels; give y one-hot with as many channels as y_pred, or class indices");
      }
      double[] s = channelSums(yPred, predIsIndex, y, yIsIndex, c, threads());
      out[k] = dice(s[0], s[1], s[2], ignoreEmpty);
    }
    return MetricTensor.wrap(out, out.length);
  }

  /** MONAI's {@code DiceHelper.compute_channel} from |y| (sum), |ŷ| (count) and the overlap. */
  static double dice(double yo, double predCount, double inter, boolean ignoreEmpty) {
    if (yo > 0) {
      return 2.0 * inter / (yo + predCount);
    }
    if (ignoreEmpty) {
      return Double.NaN;
    }
    return (yo + predCount) <= 0 ? 1.0 : 0.0;
  }

  /**
   * {sum(y), count(pred), sum(y where pred)} for class {@code c}: pred is {@code y_pred[c] != 0}
   * (one-hot) or {@code y_pred[0] == c} (indices); y is {@code y[c]} (values) or {@code y[0] == c}.
   */
  static double[] channelSums(
      Volume pred, boolean predIsIndex, Volume y, boolean yIsIndex, int c, int threads) {
    int n = pred.voxelsPerChannel();
    int pOff = predIsIndex ? 0 : c * n;
    int yOff = yIsIndex ? 0 : c * n;
    if (!predIsIndex && !yIsIndex) {
      if (pred.dtype() == DType.FLOAT32 && y.dtype() == DType.FLOAT32) {
        float[] p = pred.floats();
        float[] t = y.floats();
        return Voxels.blockSums(
            n,
            threads,
            3,
            (from, to, o) -> {
              // four independent accumulators: the adds pipeline instead of waiting on each other
              double yo0 = 0;
              double yo1 = 0;
              double yo2 = 0;
              double yo3 = 0;
              double in0 = 0;
              double in1 = 0;
              double in2 = 0;
              double in3 = 0;
              int cnt = 0;
              int i = from;
              for (; i + 3 < to; i += 4) {
                float y0 = t[yOff + i];
                float y1 = t[yOff + i + 1];
                float y2 = t[yOff + i + 2];
                float y3 = t[yOff + i + 3];
                boolean a0 = p[pOff + i] != 0f;
                boolean a1 = p[pOff + i + 1] != 0f;
                boolean a2 = p[pOff + i + 2] != 0f;
                boolean a3 = p[pOff + i + 3] != 0f;
                yo0 += y0;
                yo1 += y1;
                yo2 += y2;
                yo3 += y3;
                in0 += a0 ? y0 : 0f;
                in1 += a1 ? y1 : 0f;
                in2 += a2 ? y2 : 0f;
                in3 += a3 ? y3 : 0f;
                cnt += (a0 ? 1 : 0) + (a1 ? 1 : 0) + (a2 ? 1 : 0) + (a3 ? 1 : 0);
              }
              for (; i < to; i++) {
                float yv = t[yOff + i];
                boolean on = p[pOff + i] != 0f;
                yo0 += yv;
                cnt += on ? 1 : 0;
                in0 += on ? yv : 0f;
              }
              o[0] = (yo0 + yo1) + (yo2 + yo3);
              o[1] = cnt;
              o[2] = (in0 + in1) + (in2 + in3);
            });
      }
      if (isByte(pred) && isByte(y)) {
        byte[] p = pred.bytes();
        byte[] t = y.bytes();
        boolean signed = y.dtype() == DType.INT8;
        return Voxels.blockSums(
            n,
            threads,
            3,
            (from, to, o) -> {
              long yo = 0;
              long inter = 0;
              int cnt = 0;
              for (int i = from; i < to; i++) {
                int yv = signed ? t[yOff + i] : t[yOff + i] & 0xFF;
                int on = p[pOff + i] != 0 ? 1 : 0;
                yo += yv;
                cnt += on;
                inter += on * yv;
              }
              o[0] = yo;
              o[1] = cnt;
              o[2] = inter;
            });
      }
    }
    final double cls = c;
    return Voxels.blockSums(
        n,
        threads,
        3,
        (from, to, o) -> {
          double[] pv = new double[Voxels.CHUNK];
          double[] yv = new double[Voxels.CHUNK];
          double yo = 0;
          double inter = 0;
          double cnt = 0;
          for (int s = from; s < to; s += Voxels.CHUNK) {
            int len = Math.min(Voxels.CHUNK, to - s);
            Voxels.read(pred, pOff + s, len, pv);
            Voxels.read(y, yOff + s, len, yv);
            for (int k = 0; k < len; k++) {
              boolean on = predIsIndex ? pv[k] == cls : pv[k] != 0;
              double t = yIsIndex ? (yv[k] == cls ? 1 : 0) : yv[k];
              yo += t;
              if (on) {
                cnt++;
                inter += t;
              }
            }
          }
          o[0] = yo;
          o[1] = cnt;
          o[2] = inter;
        });
  }

  private static boolean isByte(Volume v) {
    return v.dtype() == DType.UINT8 || v.dtype() == DType.INT8;
  }
}
