package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import java.util.Locale;

/**
 * MONAI's {@code GeneralizedDiceLoss} (Sudre et al. 2017): class weights {@code w = 1 / |Y|^2}
 * ({@code square}), {@code 1 / |Y|} ({@code simple}) or 1 ({@code uniform}); a class absent from
 * the ground truth (infinite weight) gets the largest finite weight of its sample (of the batch
 * with {@code batch}). Loss {@code 1 - (2 sum_c w I_c + nr) / (sum_c w (|X_c| + |Y_c|) + dr)} per
 * sample ({@code none}: {@code (B, 1, 1, ...)}).
 */
public final class GeneralizedDiceLoss extends MonaiLoss {
  /** MONAI's {@code Weight}. */
  public enum WeightType {
    SQUARE,
    SIMPLE,
    UNIFORM;

    public static WeightType of(String s) {
      try {
        return valueOf(s.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "w_type must be square, simple or uniform, got '" + s + "'", e);
      }
    }
  }

  private final Builder o;

  private GeneralizedDiceLoss(Builder b) {
    super("GeneralizedDiceLoss");
    b.checkActivations(getName());
    this.o = b;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NDArray forward(NDArray input, NDArray target) {
    NDArray[] it = LossOptions.prepare(input, target, o, true, getName());
    NDArray in = it[0];
    NDArray t = it[1];
    int ndim = in.getShape().dimension();
    int[] axes = LossSupport.reduceAxes(ndim, o.batch);
    NDArray intersection = t.mul(in).sum(axes);
    NDArray groundO = t.sum(axes);
    NDArray predO = in.sum(axes);
    NDArray denominator = groundO.add(predO);
    NDArray w;
    switch (o.wType) {
      case SIMPLE:
        w = groundO.getNDArrayInternal().rdiv(1f);
        break;
      case SQUARE:
        w = groundO.mul(groundO).getNDArrayInternal().rdiv(1f);
        break;
      default:
        w = groundO.onesLike();
    }
    w = w.stopGradient();
    NDArray infs = w.isInfinite();
    NDArray zero = w.zerosLike();
    w = NDArrays.where(infs, zero, w);
    NDArray infF = infs.toType(w.getDataType(), false);
    if (o.batch) {
      w = w.add(infF.mul(w.max()));
    } else {
      w = w.add(infF.mul(w.max(new int[] {1}, true)));
    }
    int finalDim = o.batch ? 0 : 1;
    NDArray numer =
        intersection.mul(w).sum(new int[] {finalDim}, true).mul(2.0f).add((float) o.smoothNr);
    NDArray denom = denominator.mul(w).sum(new int[] {finalDim}, true).add((float) o.smoothDr);
    NDArray f = numer.div(denom).neg().add(1.0f);
    if (o.reduction == LossReduction.NONE) {
      return LossSupport.broadcastNone(f, ndim);
    }
    return o.reduction.reduceAll(f);
  }

  /** MONAI's arguments; defaults as MONAI's. */
  public static final class Builder extends LossOptions<Builder> {
    WeightType wType = WeightType.SQUARE;

    Builder() {}

    public Builder wType(WeightType w) {
      wType = w;
      return this;
    }

    public Builder wType(String w) {
      return wType(WeightType.of(w));
    }

    public GeneralizedDiceLoss build() {
      return new GeneralizedDiceLoss(this);
    }
  }
}
