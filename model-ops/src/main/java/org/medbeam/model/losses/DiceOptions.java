package org.medbeam.model.losses;

/**
 * The Dice arguments on top of {@link LossOptions}: {@code squared_pred}, {@code jaccard} and class
 * {@code weight}; shared by {@link DiceLoss}, {@link DiceCELoss} and {@link DiceFocalLoss}.
 *
 * @param <B> the concrete builder
 */
public abstract class DiceOptions<B extends DiceOptions<B>> extends LossOptions<B> {
  boolean squaredPred;
  boolean jaccard;
  float[] weight;

  DiceOptions() {}

  /** Squared sums of target and prediction in the denominator. */
  public B squaredPred(boolean v) {
    squaredPred = v;
    return self();
  }

  /** Soft Jaccard (IoU) instead of Dice. */
  public B jaccard(boolean v) {
    jaccard = v;
    return self();
  }

  /** Class weights: one value for all classes or one per (kept) class; each >= 0. */
  public B weight(float... w) {
    if (w != null) {
      for (float v : w) {
        if (!(v >= 0)) {
          throw new IllegalArgumentException(
              "the value/values of the `weight` should be no less than 0, got " + v);
        }
      }
    }
    weight = w == null ? null : w.clone();
    return self();
  }

  /** A {@link DiceLoss} builder with the same values. */
  DiceLoss.Builder toDice() {
    DiceLoss.Builder c = DiceLoss.builder();
    c.includeBackground = includeBackground;
    c.toOnehotY = toOnehotY;
    c.sigmoid = sigmoid;
    c.softmax = softmax;
    c.otherAct = otherAct;
    c.reduction = reduction;
    c.smoothNr = smoothNr;
    c.smoothDr = smoothDr;
    c.batch = batch;
    c.squaredPred = squaredPred;
    c.jaccard = jaccard;
    c.weight = weight == null ? null : weight.clone();
    return c;
  }
}
