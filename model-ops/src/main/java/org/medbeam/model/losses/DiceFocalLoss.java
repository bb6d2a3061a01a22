package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MONAI's {@code DiceFocalLoss}: {@code lambda_dice * Dice + lambda_focal * Focal}, the target
 * one-hot encoded once up front ({@code to_onehot_y}); {@code include_background}, {@code weight}
 * and {@code reduction} serve both terms, {@code gamma} and {@code alpha} the focal term (on the
 * raw logits), the activations the Dice term.
 */
public final class DiceFocalLoss extends MonaiLoss {
  private static final Logger LOG = LoggerFactory.getLogger(DiceFocalLoss.class);

  private final DiceLoss dice;
  private final FocalLoss focal;
  private final boolean toOnehotY;
  private final double lambdaDice;
  private final double lambdaFocal;

  private DiceFocalLoss(Builder b) {
    super("DiceFocalLoss");
    toOnehotY = b.toOnehotY;
    DiceLoss.Builder d = b.toDice();
    d.toOnehotY(false);
    dice = d.build();
    focal =
        FocalLoss.builder()
            .includeBackground(b.includeBackground)
            .toOnehotY(false)
            .gamma(b.gamma)
            .weight(b.weight)
            .alpha(b.alpha)
            .reduction(b.reduction)
            .build();
    lambdaDice = b.lambdaDice;
    lambdaFocal = b.lambdaFocal;
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
          "DiceFocalLoss: number of channels for target is neither 1 (without one-hot encoding)"
              + " nor the same as input, got shape "
              + input.getShape()
              + " and "
              + target.getShape()
              + ".");
    }
    NDArray t = target;
    if (toOnehotY) {
      if (n == 1) {
        LOG.warn("DiceFocalLoss: single channel prediction, `to_onehot_y=True` ignored.");
      } else {
        t =
            LossSupport.oneHot(
                target.getDataType() == input.getDataType()
                    ? target
                    : target.toType(input.getDataType(), false),
                (int) n,
                input.getDataType());
      }
    }
    NDArray d = dice.forward(input, t);
    NDArray f = focal.forward(input, t);
    return d.mul((float) lambdaDice).add(f.mul((float) lambdaFocal));
  }

  /** MONAI's arguments (Dice ones plus gamma, weight, lambdas, alpha). */
  public static final class Builder extends DiceOptions<Builder> {
    double gamma = 2.0;
    double lambdaDice = 1.0;
    double lambdaFocal = 1.0;
    Double alpha;

    Builder() {}

    public Builder gamma(double g) {
      gamma = g;
      return this;
    }

    public Builder lambdaDice(double l) {
      if (l < 0) {
        throw new IllegalArgumentException("lambda_dice should be no less than 0.0.");
      }
      lambdaDice = l;
      return this;
    }

    public Builder lambdaFocal(double l) {
      if (l < 0) {
        throw new IllegalArgumentException("lambda_focal should be no less than 0.0.");
      }
      lambdaFocal = l;
      return this;
    }

    public Builder alpha(Double a) {
      if (a != null && !(a >= 0 && a <= 1)) {
        throw new IllegalArgumentException("alpha must be in [0, 1], got " + a);
      }
      alpha = a;
      return this;
    }

    public DiceFocalLoss build() {
      return new DiceFocalLoss(this);
    }
  }
}
