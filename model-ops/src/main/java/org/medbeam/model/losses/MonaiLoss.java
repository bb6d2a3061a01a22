package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * A MONAI loss as a DJL {@link Loss}: {@link #evaluate} calls MONAI's {@code forward(input,
 * target)} with the first prediction as {@code input} (logits {@code (B, N, X, Y[, Z])}) and the
 * first label as {@code target} ({@code (B, N, ...)} one-hot/probabilities or {@code (B, 1, ...)}
 * class indices, per the loss). With reduction {@code none} the result keeps MONAI's shape; DJL's
 * trainer then back-propagates its sum.
 */
public abstract class MonaiLoss extends Loss {
  protected MonaiLoss(String name) {
    super(name);
  }

  /** MONAI's {@code loss(input, target)}. */
  public abstract NDArray forward(NDArray input, NDArray target);

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    return forward(predictions.head(), labels.head());
  }
}
