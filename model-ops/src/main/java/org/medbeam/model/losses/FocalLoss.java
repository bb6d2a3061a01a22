package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MONAI's {@code FocalLoss} (Lin et al.) on logits: sigmoid form {@code -(1 - p_t)^gamma log p_t}
 * per element (as MONAI computes it, from log-sigmoids), or softmax form {@code -(1 - p)^gamma log
 * p * target} over the channels ({@code use_softmax}). Optional {@code alpha} balancing ({@code
 * alpha} for class 1.., {@code 1 - alpha} for class 0 under softmax; ignored under softmax without
 * background, as MONAI), class {@code weight}, then {@code mean}, {@code sum} (of spatial means) or
 * {@code none} ({@code (B, N, ...)}).
 */
public final class FocalLoss extends MonaiLoss {
  private static final Logger LOG = LoggerFactory.getLogger(FocalLoss.class);

  private final boolean includeBackground;
  private final boolean toOnehotY;
  private final double gamma;
  private final Double alpha;
  private final float[] weight;
  private final LossReduction reduction;
  private final boolean useSoftmax;

  private FocalLoss(Builder b) {
    super("FocalLoss");
    includeBackground = b.includeBackground;
    toOnehotY = b.toOnehotY;
    gamma = b.gamma;
    alpha = b.alpha;
    weight = b.weight;
    reduction = b.reduction;
    useSoftmax = b.useSoftmax;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NDArray forward(NDArray input, NDArray target) {
    NDArray in = input;
    NDArray t =
        target.getDataType() == in.getDataType() ? target : target.toType(in.getDataType(), false);
    long n = in.getShape().get(1);
    if (toOnehotY) {
      if (n == 1) {
        LOG.warn("FocalLoss: single channel prediction, `to_onehot_y=True` ignored.");
      } else {
        t = LossSupport.oneHot(t, (int) n, in.getDataType());
      }
    }
    if (!includeBackground) {
      if (n == 1) {
        LOG.warn("FocalLoss: single channel prediction, `include_background=False` ignored.");
      } else {
        t = LossSupport.dropFirstChannel(t);
        in = LossSupport.dropFirstChannel(in);
      }
    }
    if (!t.getShape().equals(in.getShape())) {
      throw new IllegalArgumentException(
          "FocalLoss: ground truth has different shape ("
              + t.getShape()
              + ") from input ("
              + in.getShape()
              + ")");
    }
    NDArray loss;
    if (useSoftmax) {
      Double a = includeBackground ? alpha : null;
      loss = softmaxFocal(in, t, gamma, a);
    } else {
      loss = sigmoidFocal(in, t, gamma, alpha);
    }
    int ndim = t.getShape().dimension();
    long numClasses = t.getShape().get(1);
    if (weight != null && numClasses != 1) {
      float[] w = LossSupport.classWeights(weight, numClasses, getName());
      long[] bs = new long[ndim - 1];
      Arrays.fill(bs, 1);
      bs[0] = numClasses;
      loss = loss.mul(loss.getManager().create(w).reshape(bs));
    }
    switch (reduction) {
      case SUM:
        {
          int[] spatial = new int[ndim - 2];
          for (int i = 0; i < spatial.length; i++) {
            spatial[i] = i + 2;
          }
          if (spatial.length == 0) {
            return loss.sum();
          }
          // mean over the spatial axes (DJL's PyTorch mean takes one axis), then the sum
          long count = loss.getShape().slice(2).size();
          return loss.sum(spatial).div((float) count).sum();
        }
      case MEAN:
        return loss.mean();
      default:
        return loss;
    }
  }

  static NDArray softmaxFocal(NDArray input, NDArray target, double gamma, Double alpha) {
    NDArray ls = input.logSoftmax(1);
    NDArray loss = ls.exp().neg().add(1f).pow((float) gamma).neg().mul(ls).mul(target);
    if (alpha != null) {
      long c = target.getShape().get(1);
      float[] fac = new float[(int) c];
      Arrays.fill(fac, alpha.floatValue());
      fac[0] = (float) (1 - alpha);
      long[] bs = new long[target.getShape().dimension() - 1];
      Arrays.fill(bs, 1);
      bs[0] = c;
      loss = loss.mul(loss.getManager().create(fac).reshape(bs));
    }
    return loss;
  }

  static NDArray sigmoidFocal(NDArray input, NDArray target, double gamma, Double alpha) {
    NDArray loss = input.sub(input.mul(target)).sub(LossSupport.logSigmoid(input));
    NDArray invprobs = LossSupport.logSigmoid(input.neg().mul(target.mul(2f).sub(1f)));
    loss = invprobs.mul((float) gamma).exp().mul(loss);
    if (alpha != null) {
      NDArray alphaFactor =
          target.mul(alpha.floatValue()).add(target.neg().add(1f).mul((float) (1 - alpha)));
      loss = alphaFactor.mul(loss);
    }
    return loss;
  }

  /** MONAI's arguments; defaults as MONAI's (gamma 2, no alpha, no weight, mean). */
  public static final class Builder {
    boolean includeBackground = true;
    boolean toOnehotY;
    double gamma = 2.0;
    Double alpha;
    float[] weight;
    LossReduction reduction = LossReduction.MEAN;
    boolean useSoftmax;

    Builder() {}

    public Builder includeBackground(boolean v) {
      includeBackground = v;
      return this;
    }

    public Builder toOnehotY(boolean v) {
      toOnehotY = v;
      return this;
    }

    public Builder gamma(double g) {
      gamma = g;
      return this;
    }

    /** In [0, 1], or null for none. */
    public Builder alpha(Double a) {
      if (a != null && !(a >= 0 && a <= 1)) {
        throw new IllegalArgumentException("FocalLoss: alpha must be in [0, 1], got " + a);
      }
      alpha = a;
      return this;
    }

    public Builder weight(float... w) {
      if (w != null) {
        for (float v : w) {
          if (!(v >= 0)) {
            throw new IllegalArgumentException(
                "FocalLoss: the value/values of the `weight` should be no less than 0, got " + v);
          }
        }
      }
      weight = w == null ? null : w.clone();
      return this;
    }

    public Builder reduction(LossReduction r) {
      reduction = r;
      return this;
    }

    public Builder reduction(String r) {
      return reduction(LossReduction.of(r));
    }

    public Builder useSoftmax(boolean v) {
      useSoftmax = v;
      return this;
    }

    public FocalLoss build() {
      if (useSoftmax && !includeBackground && alpha != null) {
        LOG.warn("FocalLoss: `include_background=False`, `alpha` ignored when using softmax.");
      }
      return new FocalLoss(this);
    }
  }
}
