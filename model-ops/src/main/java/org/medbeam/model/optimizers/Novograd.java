package org.medbeam.model.optimizers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.training.tracker.Tracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.medbeam.model.networks.TorchOps;

/**
 * MONAI's {@code Novograd} (Ginsburg et al. 2019) as a DJL {@link Optimizer}. Per parameter tensor:
 * {@code v = ||g||^2} on the first step (while {@code v == 0}), else {@code v = beta2 v + (1 -
 * beta2) ||g||^2}; {@code g' = g / (sqrt(v) + eps)} ({@code sqrt(max v)} with {@code amsgrad});
 * {@code g' += weight_decay * w}; {@code g' *= 1 - beta1} with {@code grad_averaging}; {@code m =
 * beta1 m + g'}; {@code w -= lr m}.
 *
 * <p>The learning rate comes from a {@link ParameterTracker} (a fixed value, a schedule, or
 * per-parameter groups from {@link ParamGroups}); DJL's {@code rescaleGrad}/{@code clipGrad} apply
 * to the gradient first when set. State lives in a manager of its own, created on the first update
 * below the parameters' manager; {@link #close()} releases it.
 */
public final class Novograd extends Optimizer implements AutoCloseable {
  private final ParameterTracker lr;
  private final double beta1;
  private final double beta2;
  private final float eps;
  private final float weightDecay;
  private final boolean gradAveraging;
  private final boolean amsgrad;
  private final Map<String, State> states = new ConcurrentHashMap<>();
  private NDManager stateManager;

  private static final class State {
    NDArray expAvg;

    /** MONAI's 0-dim {@code exp_avg_sq}, kept on the host as the float32 value it holds. */
    float expAvgSq;

    float maxExpAvgSq;
  }

  private Novograd(Builder b) {
    super(b);
    lr = b.lr;
    beta1 = b.beta1;
    beta2 = b.beta2;
    eps = (float) b.eps;
    weightDecay = (float) b.weightDecay;
    gradAveraging = b.gradAveraging;
    amsgrad = b.amsgrad;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    float rate = lr.getNewValue(parameterId, updateCount(parameterId));
    State s = state(parameterId, weight);
    try (NDManager tmp = stateManager.newSubManager(weight.getDevice())) {
      // a view of the caller's gradient owned by tmp, so every result derived from it is too
      NDArray g = own(tmp, grad.reshape(grad.getShape()));
      if (rescaleGrad != 1f) {
        g = g.mul(rescaleGrad);
      }
      if (clipGrad > 0) {
        g = g.clip(-clipGrad, clipGrad);
      }
      float norm = g.square().sum().getFloat();
      // the scalar recurrences in float32, as PyTorch evaluates them on MONAI's 0-dim tensors
      if (s.expAvgSq == 0f) {
        s.expAvgSq = norm;
      } else {
        s.expAvgSq = s.expAvgSq * (float) beta2 + (float) (1 - beta2) * norm;
      }
      float denom;
      if (amsgrad) {
        s.maxExpAvgSq = Math.max(s.maxExpAvgSq, s.expAvgSq);
        denom = (float) Math.sqrt(s.maxExpAvgSq) + eps;
      } else {
        denom = (float) Math.sqrt(s.expAvgSq) + eps;
      }
      g = g.div(denom);
      if (weightDecay != 0) {
        g = g.add(own(tmp, weight.mul(weightDecay)));
      }
      if (gradAveraging) {
        g = g.mul((float) (1 - beta1));
      }
      s.expAvg.muli((float) beta1).addi(g);
      weight.subi(own(tmp, s.expAvg.mul(rate)));
    }
    TorchOps.zeroGrad(weight);
  }

  private static NDArray own(NDManager m, NDArray a) {
    a.attach(m);
    return a;
  }

  private synchronized State state(String id, NDArray weight) {
    if (stateManager == null) {
      stateManager = weight.getManager().newSubManager(weight.getDevice());
    }
    return states.computeIfAbsent(
        id,
        k -> {
          State s = new State();
          s.expAvg = stateManager.zeros(weight.getShape(), weight.getDataType());
          return s;
        });
  }

  /** Releases the optimizer state. */
  @Override
  public synchronized void close() {
    states.clear();
    if (stateManager != null) {
      stateManager.close();
      stateManager = null;
    }
  }

  /** Device of the state (for tests and diagnostics), or null before the first update. */
  Device stateDevice() {
    return stateManager == null ? null : stateManager.getDevice();
  }

  /** MONAI's arguments: lr 1e-3, betas (0.9, 0.98), eps 1e-8, no decay, no averaging. */
  public static final class Builder extends OptimizerBuilder<Builder> {
    private ParameterTracker lr = Tracker.fixed(1e-3f);
    private double beta1 = 0.9;
    private double beta2 = 0.98;
    private double eps = 1e-8;
    private double weightDecay;
    private boolean gradAveraging;
    private boolean amsgrad;

    Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /** A fixed learning rate (>= 0). */
    public Builder lr(double v) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException("Invalid learning rate: " + v);
      }
      lr = Tracker.fixed((float) v);
      return this;
    }

    /** A learning-rate schedule or per-parameter tracker. */
    public Builder setLearningRateTracker(ParameterTracker t) {
      lr = t;
      return this;
    }

    public Builder betas(double b1, double b2) {
      if (!(b1 >= 0 && b1 < 1)) {
        throw new IllegalArgumentException("Invalid beta parameter at index 0: " + b1);
      }
      if (!(b2 >= 0 && b2 < 1)) {
        throw new IllegalArgumentException("Invalid beta parameter at index 1: " + b2);
      }
      beta1 = b1;
      beta2 = b2;
      return this;
    }

    public Builder eps(double v) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException("Invalid epsilon value: " + v);
      }
      eps = v;
      return this;
    }

    /** MONAI's weight decay (added to the normalised gradient; not DJL's optWeightDecays). */
    public Builder weightDecay(double v) {
      if (!(v >= 0)) {
        throw new IllegalArgumentException("Invalid weight_decay value: " + v);
      }
      weightDecay = v;
      return this;
    }

    public Builder gradAveraging(boolean v) {
      gradAveraging = v;
      return this;
    }

    public Builder amsgrad(boolean v) {
      amsgrad = v;
      return this;
    }

    public Novograd build() {
      return new Novograd(this);
    }
  }
}
