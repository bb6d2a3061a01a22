package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * MONAI's {@code MaskedDiceLoss}: {@link DiceLoss} on {@code input * mask} and {@code target *
 * mask}, mask {@code (B, 1, ...)} or {@code (1, 1, ...)} with values in [0, 1]. As in MONAI the
 * mask multiplies the raw input, before the loss's activation. In {@link #evaluate} the mask is the
 * second label ({@code labels = [target, mask]}); without it the loss is plain Dice.
 */
public final class MaskedDiceLoss extends DiceLoss {
  MaskedDiceLoss(Builder b) {
    super(b, "MaskedDiceLoss");
  }

  /** Arguments as {@link DiceLoss}; build with {@link DiceLoss.Builder#buildMasked()}. */
  public static Builder builder() {
    return DiceLoss.builder();
  }

  /** {@code loss(input, target, mask)}; a null mask gives the unmasked Dice loss. */
  public NDArray forward(NDArray input, NDArray target, NDArray mask) {
    if (mask == null) {
      return forward(input, target);
    }
    long[] ms = mask.getShape().getShape();
    long[] is = input.getShape().getShape();
    if (is[0] != ms[0] && ms[0] != 1) {
      throw new IllegalArgumentException(
          "Batch size of mask ("
              + mask.getShape()
              + ") must be one or equal to input ("
              + input.getShape()
              + ").");
    }
    if (target.getShape().dimension() > 1 && ms.length > 1 && ms[1] != 1) {
      throw new IllegalArgumentException(
          "Mask (" + mask.getShape() + ") must have only one channel.");
    }
    NDArray m =
        mask.getDataType() == input.getDataType() ? mask : mask.toType(input.getDataType(), false);
    NDArray t =
        target.getDataType() == input.getDataType()
            ? target
            : target.toType(input.getDataType(), false);
    return forward(input.mul(m), t.mul(m));
  }

  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray mask = labels.size() > 1 ? labels.get(1) : null;
    return forward(predictions.head(), labels.head(), mask);
  }
}
