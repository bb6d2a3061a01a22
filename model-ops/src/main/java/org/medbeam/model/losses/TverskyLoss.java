package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;

/**
 * MONAI's {@code TverskyLoss} (Salehi et al. 2017): {@code 1 - (TP + nr) / (TP + alpha FP + beta FN
 * + dr)} per (sample, class) over the spatial axes (and the batch with {@code batch}); {@code none}
 * returns {@code (B, N)} (MONAI does not add spatial axes here).
 */
public final class TverskyLoss extends MonaiLoss {
  private final Builder o;

  private TverskyLoss(Builder b) {
    super("TverskyLoss");
    b.checkActivations(getName());
    this.o = b;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NDArray forward(NDArray input, NDArray target) {
    NDArray[] it = LossOptions.prepare(input, target, o, true, getName());
    NDArray p0 = it[0];
    NDArray g0 = it[1];
    NDArray p1 = p0.neg().add(1f);
    NDArray g1 = g0.neg().add(1f);
    int[] axes = LossSupport.reduceAxes(p0.getShape().dimension(), o.batch);
    NDArray tp = p0.mul(g0).sum(axes);
    NDArray fp = p0.mul(g1).sum(axes).mul((float) o.alpha);
    NDArray fn = p1.mul(g0).sum(axes).mul((float) o.beta);
    NDArray numerator = tp.add((float) o.smoothNr);
    NDArray denominator = tp.add(fp).add(fn).add((float) o.smoothDr);
    NDArray score = numerator.div(denominator).neg().add(1.0f);
    return o.reduction.reduceAll(score);
  }

  /** MONAI's arguments; defaults as MONAI's (alpha = beta = 0.5). */
  public static final class Builder extends LossOptions<Builder> {
    double alpha = 0.5;
    double beta = 0.5;

    Builder() {}

    /** Weight of false positives. */
    public Builder alpha(double a) {
      alpha = a;
      return this;
    }

    /** Weight of false negatives. */
    public Builder beta(double b) {
      beta = b;
      return this;
    }

    public TverskyLoss build() {
      return new TverskyLoss(this);
    }
  }
}
