package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;

/**
 * MONAI's {@code DiceLoss}: per (sample, class) {@code 1 - (2 I + smooth_nr) / (|X| + |Y| +
 * smooth_dr)} with {@code I = sum(X * Y)} over the spatial axes (and the batch with {@code batch});
 * squared sums in the denominator with {@code squared_pred}; with {@code jaccard} the denominator
 * becomes {@code 2 (|X| + |Y| - I)}. Then the optional class {@code weight} and the reduction
 * ({@code none} gives {@code (B, N, 1, ...)}). Input {@code (B, N, X, Y[, Z])}; target {@code (B,
 * N, ...)} or {@code (B, 1, ...)} with {@code to_onehot_y}.
 */
public class DiceLoss extends MonaiLoss {
  final DiceOptions<?> o;

  DiceLoss(DiceOptions<?> b, String name) {
    super(name);
    b.checkActivations(name);
    this.o = b.toDice();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NDArray forward(NDArray input, NDArray target) {
    NDArray[] it = LossOptions.prepare(input, target, o, true, getName());
    return dice(it[0], it[1], o, getName());
  }

  /** The Dice computation on prepared input and target. */
  static NDArray dice(NDArray in, NDArray t, DiceOptions<?> o, String name) {
    int ndim = in.getShape().dimension();
    int[] axes = LossSupport.reduceAxes(ndim, o.batch);
    NDArray intersection = t.mul(in).sum(axes);
    NDArray groundO;
    NDArray predO;
    if (o.squaredPred) {
      groundO = t.pow(2).sum(axes);
      predO = in.pow(2).sum(axes);
    } else {
      groundO = t.sum(axes);
      predO = in.sum(axes);
    }
    NDArray denominator = groundO.add(predO);
    if (o.jaccard) {
      denominator = denominator.sub(intersection).mul(2.0f);
    }
    NDArray f =
        intersection
            .mul(2.0f)
            .add((float) o.smoothNr)
            .div(denominator.add((float) o.smoothDr))
            .neg()
            .add(1.0f);
    long numClasses = t.getShape().get(1);
    if (o.weight != null && numClasses != 1) {
      float[] w = LossSupport.classWeights(o.weight, numClasses, name);
      f = f.mul(f.getManager().create(w));
    }
    if (o.reduction == LossReduction.NONE) {
      return LossSupport.broadcastNone(f, ndim);
    }
    return o.reduction.reduceAll(f);
  }

  /** MONAI's arguments; defaults as MONAI's. */
  public static final class Builder extends DiceOptions<Builder> {
    Builder() {}

    public DiceLoss build() {
      return new DiceLoss(this, "DiceLoss");
    }

    /** A {@link MaskedDiceLoss} with these arguments. */
    public MaskedDiceLoss buildMasked() {
      return new MaskedDiceLoss(this);
    }
  }
}
