package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import java.util.Locale;

/** MONAI's {@code LossReduction}: {@code none}, {@code mean} (default), {@code sum}. */
public enum LossReduction {
  NONE,
  MEAN,
  SUM;

  /** Parses MONAI's spelling; the error lists the accepted values. */
  public static LossReduction of(String s) {
    switch (s.toLowerCase(Locale.ROOT)) {
      case "none":
        return NONE;
      case "mean":
        return MEAN;
      case "sum":
        return SUM;
      default:
        throw new IllegalArgumentException(
            "Unsupported reduction: "
                + s
                + ", available options are [\"mean\", \"sum\", \"none\"].");
    }
  }

  /** {@code mean}/{@code sum} over all elements; {@code none} returns the array unchanged. */
  NDArray reduceAll(NDArray f) {
    switch (this) {
      case MEAN:
        return f.mean();
      case SUM:
        return f.sum();
      default:
        return f;
    }
  }
}
