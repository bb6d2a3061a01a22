package org.medbeam.model.metrics;

import java.util.Arrays;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * Label maps to one-hot masks for the metrics, MONAI's {@code AsDiscrete(to_onehot=n)}: a
 * single-channel volume of integer class labels {@code (1, X, Y[, Z])} becomes {@code (n, X, Y[,
 * Z])} uint8 with channel {@code c} set where the label is {@code c}. Values are truncated toward
 * zero first (torch's {@code .long()}); a label outside {@code [0, n)} is an error naming it.
 */
public final class OneHot {
  /** Largest number of classes {@link #prepare} infers on its own. */
  static final int MAX_INFERRED_CLASSES = 1024;

  private OneHot() {}

  /** {@code AsDiscrete(to_onehot=numClasses)} of a single-channel label map. */
  public static Volume toOneHot(Volume labels, int numClasses) {
    if (labels.channels() != 1) {
      throw new IllegalArgumentException(
          "to_onehot needs a single-channel label map (1, X, Y[, Z]), got shape "
              + Arrays.toString(labels.shape()));
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException(
          "to_onehot: number of classes must be >= 1, got " + numClasses);
    }
    int n = labels.voxelsPerChannel();
    long total = (long) n * numClasses;
    int[] shape = labels.shape();
    shape[0] = numClasses;
    byte[] out = new byte[Volume.checkedSize(total, shape)];
    for (int i = 0; i < n; i++) {
      double v = labels.getDouble(i);
      long c = (long) v;
      if (Double.isNaN(v) || c < 0 || c >= numClasses) {
        throw new IllegalArgumentException(
            "to_onehot="
                + numClasses
                + ": label value "
                + PyNumbers.repr(v)
                + " at voxel "
                + i
                + " is outside [0, "
                + numClasses
                + "); set the number of classes to cover every "
                + "label");
      }
      out[(int) (c * n + i)] = 1;
    }
    return labels.withData(out, DType.UINT8, shape);
  }

  /** The largest label of a single-channel map, truncated toward zero (0 for an empty map). */
  static long maxLabel(Volume labels) {
    long m = 0;
    int n = labels.voxelsPerChannel();
    for (int i = 0; i < n; i++) {
      double v = labels.getDouble(i);
      if (!Double.isNaN(v)) {
        m = Math.max(m, (long) v);
      }
    }
    return m;
  }

  private static boolean isBinary(Volume v) {
    int n = v.size();
    for (int i = 0; i < n; i++) {
      double x = v.getDouble(i);
      if (x != 0 && x != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Brings a prediction/label pair to the form the metrics take, returning {@code {pred, label}}:
   *
   * <ul>
   *   <li>both multi-channel: unchanged (one-hot already);
   *   <li>one single-channel, the other with C channels: the single-channel one becomes one-hot
   *       with C classes;
   *   <li>both single-channel: with {@code numClasses > 1} both become one-hot with that many
   *       classes; without it, binary (0/1) masks stay single-channel (a foreground mask: the
   *       metrics score it as class 1), other label maps become one-hot with {@code max label + 1}
   *       classes over the pair.
   * </ul>
   *
   * Give {@code numClasses} for multi-class label maps so every case has the same classes even when
   * a case lacks the highest label.
   *
   * @param numClasses classes including background, or null to infer
   */
  public static Volume[] prepare(Volume pred, Volume label, Integer numClasses) {
    int cp = pred.channels();
    int cl = label.channels();
    if (numClasses != null && numClasses < 1) {
      throw new IllegalArgumentException("num_classes must be >= 1, got " + numClasses);
    }
    if (cp > 1 && cl > 1) {
      return new Volume[] {pred, label};
    }
    if (cp > 1 || cl > 1) {
      int c = Math.max(cp, cl);
      if (numClasses != null && numClasses != c) {
        throw new IllegalArgumentException(
            "num_classes=" + numClasses + " but the one-hot input has " + c + " channels");
      }
      return new Volume[] {
        cp == 1 ? toOneHot(pred, c) : pred, cl == 1 ? toOneHot(label, c) : label
      };
    }
    int n;
    if (numClasses != null) {
      if (numClasses == 1) {
        return new Volume[] {pred, label};
      }
      n = numClasses;
    } else {
      if (isBinary(pred) && isBinary(label)) {
        return new Volume[] {pred, label};
      }
      long max = Math.max(maxLabel(pred), maxLabel(label));
      if (max >= MAX_INFERRED_CLASSES) {
        throw new IllegalArgumentException(
            "label maps hold label "
                + max
                + "; inferring "
                + (max + 1)
                + " one-hot classes is "
                + "more than "
                + MAX_INFERRED_CLASSES
                + " — set the number of classes explicitly");
      }
      n = (int) max + 1;
    }
    return new Volume[] {toOneHot(pred, n), toOneHot(label, n)};
  }
}
