package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;

/**
 * A parameter-free activation of MONAI's {@code Act} factory, elementwise unless stated: {@code
 * relu}, {@code leakyrelu(negative_slope=0.01)}, {@code elu(alpha=1)}, {@code celu(alpha=1)},
 * {@code selu}, {@code gelu} (exact, erf form), {@code relu6}, {@code sigmoid}, {@code tanh},
 * {@code softmax(dim)}, {@code logsoftmax(dim)}, {@code swish(alpha=1)} ({@code x * sigmoid(alpha
 * x)}; also {@code memswish}), {@code mish} and {@code identity}. PReLU has a parameter and is
 * {@link PReLU}.
 */
public final class Activation extends MonaiModule {
  /** The supported functions. */
  public enum Kind {
    RELU,
    LEAKYRELU,
    ELU,
    CELU,
    SELU,
    GELU,
    RELU6,
    SIGMOID,
    TANH,
    SOFTMAX,
    LOGSOFTMAX,
    SWISH,
    MISH,
    IDENTITY
  }

  /** {@code dim=None}: PyTorch's legacy choice of the softmax axis. */
  public static final int DIM_NONE = Integer.MIN_VALUE;

  private final Kind kind;
  private final double alpha;
  private final int dim;

  /**
   * @param alpha negative slope (leakyrelu), alpha (elu, celu, swish); ignored otherwise
   * @param dim the axis of softmax / logsoftmax or {@link #DIM_NONE}; ignored otherwise
   */
  public Activation(Kind kind, double alpha, int dim) {
    this.kind = kind;
    this.alpha = alpha;
    this.dim = dim;
    if ((kind == Kind.CELU) && alpha == 0) {
      throw new IllegalArgumentException("celu: alpha must not be 0");
    }
  }

  public static Activation of(Kind kind) {
    double a = kind == Kind.LEAKYRELU ? 0.01 : 1.0;
    return new Activation(kind, a, DIM_NONE);
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    switch (kind) {
      case RELU:
        return x.getNDArrayInternal().relu();
      case LEAKYRELU:
        return x.getNDArrayInternal().leakyRelu((float) alpha);
      case ELU:
        return x.getNDArrayInternal().elu((float) alpha);
      case CELU:
        {
          // max(0, x) + min(0, alpha * (exp(x / alpha) - 1))
          NDArray[] t = new NDArray[6];
          t[0] = x.maximum(0);
          t[1] = x.div(alpha);
          t[2] = t[1].exp();
          t[3] = t[2].sub(1);
          t[4] = t[3].mul(alpha);
          t[5] = t[4].minimum(0);
          NDArray out = t[0].add(t[5]);
          release(t);
          return out;
        }
      case SELU:
        return x.getNDArrayInternal().selu();
      case GELU:
        return x.getNDArrayInternal().gelu();
      case RELU6:
        return x.clip(0, 6);
      case SIGMOID:
        return x.getNDArrayInternal().sigmoid();
      case TANH:
        return x.getNDArrayInternal().tanh();
      case SOFTMAX:
        return x.softmax(axis(x));
      case LOGSOFTMAX:
        return x.logSoftmax(axis(x));
      case SWISH:
        {
          NDArray ax = x.mul(alpha);
          NDArray sig = ax.getNDArrayInternal().sigmoid();
          NDArray out = x.mul(sig);
          release(new NDArray[] {ax, sig});
          return out;
        }
      case MISH:
        {
          NDArray sp = x.getNDArrayInternal().softPlus();
          NDArray th = sp.getNDArrayInternal().tanh();
          NDArray out = x.mul(th);
          release(new NDArray[] {sp, th});
          return out;
        }
      case IDENTITY:
        return x;
      default:
        throw new AssertionError(kind);
    }
  }

  /** PyTorch's legacy default when dim is None: 0 for 0-, 1- and 3-d input, else 1. */
  private int axis(NDArray x) {
    if (dim != DIM_NONE) {
      return dim;
    }
    int n = x.getShape().dimension();
    return (n == 0 || n == 1 || n == 3) ? 0 : 1;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    return new Shape[] {in[0]};
  }

  @Override
  public String toString() {
    return "Activation(" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
