package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The arguments MONAI's region losses share ({@code include_background}, {@code to_onehot_y},
 * {@code sigmoid}, {@code softmax}, {@code other_act}, {@code reduction}, {@code smooth_nr}, {@code
 * smooth_dr}, {@code batch}) and the input preparation they all do: activation, one-hot target,
 * background removal. Setters validate at once.
 *
 * @param <B> the concrete builder
 */
public abstract class LossOptions<B extends LossOptions<B>> {
  private static final Logger LOG = LoggerFactory.getLogger(LossOptions.class);

  boolean includeBackground = true;
  boolean toOnehotY;
  boolean sigmoid;
  boolean softmax;
  UnaryOperator<NDArray> otherAct;
  LossReduction reduction = LossReduction.MEAN;
  double smoothNr = 1e-5;
  double smoothDr = 1e-5;
  boolean batch;

  LossOptions() {}

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** If false, channel 0 (background) is left out. Default true. */
  public B includeBackground(boolean v) {
    includeBackground = v;
    return self();
  }

  /** One-hot encode a {@code (B, 1, ...)} label map with {@code input.shape[1]} classes. */
  public B toOnehotY(boolean v) {
    toOnehotY = v;
    return self();
  }

  public B sigmoid(boolean v) {
    sigmoid = v;
    return self();
  }

  public B softmax(boolean v) {
    softmax = v;
    return self();
  }

  /** Another activation applied to the input (MONAI's {@code other_act}, e.g. tanh). */
  public B otherAct(UnaryOperator<NDArray> act) {
    otherAct = act;
    return self();
  }

  public B reduction(LossReduction r) {
    reduction = r;
    return self();
  }

  public B reduction(String r) {
    return reduction(LossReduction.of(r));
  }

  public B smoothNr(double v) {
    if (!(v >= 0)) {
      throw new IllegalArgumentException("smooth_nr must be >= 0, got " + v);
    }
    smoothNr = v;
    return self();
  }

  public B smoothDr(double v) {
    if (!(v >= 0)) {
      throw new IllegalArgumentException("smooth_dr must be >= 0, got " + v);
    }
    smoothDr = v;
    return self();
  }

  /** Sum intersections and unions over the batch before dividing. */
  public B batch(boolean v) {
    batch = v;
    return self();
  }

  void checkActivations(String loss) {
    int n = (sigmoid ? 1 : 0) + (softmax ? 1 : 0) + (otherAct != null ? 1 : 0);
    if (n > 1) {
      throw new IllegalArgumentException(
          loss
              + ": Incompatible values: more than 1 of [sigmoid=True, softmax=True, other_act is"
              + " not None].");
    }
  }

  /** Activation, one-hot target and background removal, as each region loss does first. */
  static NDArray[] prepare(
      NDArray input, NDArray target, LossOptions<?> o, boolean oneHot, String loss) {
    NDArray in = input;
    NDArray t =
        target.getDataType() == in.getDataType() ? target : target.toType(in.getDataType(), false);
    if (o.sigmoid) {
      in = in.getNDArrayInternal().sigmoid();
    }
    long n = in.getShape().get(1);
    if (o.softmax) {
      if (n == 1) {
        LOG.warn("{}: single channel prediction, `softmax=True` ignored.", loss);
      } else {
        in = in.softmax(1);
      }
    }
    if (o.otherAct != null) {
      in = o.otherAct.apply(in);
    }
    if (oneHot && o.toOnehotY) {
      if (n == 1) {
        LOG.warn("{}: single channel prediction, `to_onehot_y=True` ignored.", loss);
      } else {
        t = LossSupport.oneHot(t, (int) n, in.getDataType());
      }
    }
    if (!o.includeBackground) {
      if (n == 1) {
        LOG.warn("{}: single channel prediction, `include_background=False` ignored.", loss);
      } else {
        t = LossSupport.dropFirstChannel(t);
        in = LossSupport.dropFirstChannel(in);
      }
    }
    if (!t.getShape().equals(in.getShape())) {
      throw new IllegalArgumentException(
          loss
              + ": ground truth has different shape ("
              + t.getShape()
              + ") from input ("
              + in.getShape()
              + ")");
    }
    return new NDArray[] {in, t};
  }
}
