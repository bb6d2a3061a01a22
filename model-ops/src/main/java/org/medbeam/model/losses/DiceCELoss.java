package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * MONAI's {@code DiceCELoss}: {@code lambda_dice * Dice + lambda_ce * CE}. The cross entropy is
 * PyTorch's {@code CrossEntropyLoss(weight, label_smoothing)} on the raw logits, with class-index
 * targets when the target has one channel ({@code (B, 1, ...)}) and probability targets when it has
 * {@code N}; for a single-channel input it is {@code BCEWithLogitsLoss(pos_weight=weight)}. {@code
 * weight} also weights the Dice term (without its background entry when {@code
 * include_background=false}). Reduction {@code mean} or {@code sum}.
 */
public final class DiceCELoss extends MonaiLoss {
  private final DiceLoss dice;
  private final float[] weight;
  private final LossReduction reduction;
  private final double lambdaDice;
  private final double lambdaCe;
  private final double labelSmoothing;

  private DiceCELoss(Builder b) {
    super("DiceCELoss");
    if (b.reduction == LossReduction.NONE) {
      throw new IllegalArgumentException(
          "DiceCELoss: reduction must be mean or sum (the dice loss reduces the spatial axes,"
              + " cross entropy does not)");
    }
    DiceLoss.Builder d = b.toDice();
    if (b.weight != null && !b.includeBackground) {
      d.weight(Arrays.copyOfRange(b.weight, 1, b.weight.length));
    }
    dice = d.build();
    weight = b.weight;
    reduction = b.reduction;
    lambdaDice = b.lambdaDice;
    lambdaCe = b.lambdaCe;
    labelSmoothing = b.labelSmoothing;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NDArray forward(NDArray input, NDArray target) {
    LossSupport.checkNdim(input, target, getName());
    long n = input.getShape().get(1);
    long nt = target.getShape().get(1);
    if (nt != 1 && nt != n) {
      throw new IllegalArgumentException(
          "DiceCELoss: number of channels for target is neither 1 (without one-hot encoding) nor"
              + " the same as input, got shape "
              + input.getShape()
              + " and "
              + target.getShape()
              + ".");
    }
    NDArray diceLoss = dice.forward(input, target);
    NDArray ceLoss = n != 1 ? ce(input, target) : bce(input, target);
    return diceLoss.mul((float) lambdaDice).add(ceLoss.mul((float) lambdaCe));
  }

  /** {@code torch.nn.CrossEntropyLoss(weight, reduction, label_smoothing)}. */
  NDArray ce(NDArray input, NDArray target) {
    long n = input.getShape().get(1);
    int ndim = input.getShape().dimension();
    NDArray logp = input.logSoftmax(1);
    NDArray w = null;
    if (weight != null) {
      if (weight.length != n) {
        throw new IllegalArgumentException(
            "DiceCELoss: weight needs " + n + " values (one per class), got " + weight.length);
      }
      long[] bs = new long[ndim];
      Arrays.fill(bs, 1);
      bs[1] = n;
      w = input.getManager().create(weight).reshape(bs);
    }
    float eps = (float) labelSmoothing;
    NDArray t =
        target.getDataType() == input.getDataType()
            ? target
            : target.toType(input.getDataType(), false);
    if (target.getShape().get(1) == 1 && n != 1) {
      // class indices
      NDArray onehot = LossSupport.oneHot(t, (int) n, input.getDataType());
      NDArray nll = onehot.mul(logp).sum(new int[] {1}).neg();
      NDArray nllReduced;
      NDArray wi = null;
      if (w != null) {
        wi = onehot.mul(w).sum(new int[] {1});
        NDArray weighted = nll.mul(wi).sum();
        nllReduced = reduction == LossReduction.MEAN ? weighted.div(wi.sum()) : weighted;
      } else {
        nllReduced = reduction == LossReduction.MEAN ? nll.mean() : nll.sum();
      }
      if (eps == 0) {
        return nllReduced;
      }
      NDArray smooth = (w != null ? logp.mul(w) : logp).sum(new int[] {1}).neg();
      NDArray smoothReduced;
      if (reduction == LossReduction.MEAN) {
        smoothReduced = w != null ? smooth.sum().div(wi.sum()) : smooth.mean();
      } else {
        smoothReduced = smooth.sum();
      }
      return nllReduced.mul(1 - eps).add(smoothReduced.mul(eps / n));
    }
    // probabilities
    if (eps > 0) {
      t = t.mul(1 - eps).add(eps / n);
    }
    NDArray prod = logp.mul(t);
    if (w != null) {
      prod = prod.mul(w);
    }
    NDArray total = prod.sum().neg();
    if (reduction == LossReduction.MEAN) {
      return total.div((float) (input.getShape().size() / n));
    }
    return total;
  }

  /** {@code torch.nn.BCEWithLogitsLoss(pos_weight=weight, reduction)}. */
  NDArray bce(NDArray input, NDArray target) {
    NDArray t =
        target.getDataType() == input.getDataType()
            ? target
            : target.toType(input.getDataType(), false);
    NDArray softplusNeg = input.abs().neg().exp().add(1f).log().add(input.neg().maximum(0f));
    NDArray logWeight;
    if (weight != null) {
      NDArray pw = input.getManager().create(weight);
      logWeight = t.mul(pw.sub(1f)).add(1f);
    } else {
      logWeight = t.onesLike();
    }
    NDArray loss = t.neg().add(1f).mul(input).add(logWeight.mul(softplusNeg));
    return reduction == LossReduction.MEAN ? loss.mean() : loss.sum();
  }

  /** MONAI's arguments (Dice ones plus {@code weight}, lambdas and label smoothing). */
  public static final class Builder extends DiceOptions<Builder> {
    double lambdaDice = 1.0;
    double lambdaCe = 1.0;
    double labelSmoothing;

    Builder() {}

    public Builder lambdaDice(double l) {
      if (l < 0) {
        throw new IllegalArgumentException("lambda_dice should be no less than 0.0.");
      }
      lambdaDice = l;
      return this;
    }

    public Builder lambdaCe(double l) {
      if (l < 0) {
        throw new IllegalArgumentException("lambda_ce should be no less than 0.0.");
      }
      lambdaCe = l;
      return this;
    }

    /** In [0, 1]. */
    public Builder labelSmoothing(double s) {
      if (!(s >= 0 && s <= 1)) {
        throw new IllegalArgumentException("label_smoothing must be in [0, 1], got " + s);
      }
      labelSmoothing = s;
      return this;
    }

    public DiceCELoss build() {
      return new DiceCELoss(this);
    }
  }
}
