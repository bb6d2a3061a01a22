package org.medbeam.model.networks.layers;

import ai.djl.nn.Block;

/**
 * MONAI's {@code Act} factory with {@code get_act_layer} semantics: {@code elu(alpha)}, {@code
 * relu}, {@code leakyrelu(negative_slope)}, {@code prelu(num_parameters, init)}, {@code relu6},
 * {@code selu}, {@code celu(alpha)}, {@code gelu}, {@code sigmoid}, {@code tanh}, {@code
 * softmax(dim)}, {@code logsoftmax(dim)}, {@code swish(alpha)}, {@code memswish}, {@code mish}.
 * {@code inplace} is accepted and has no effect. An empty name gives {@link Identity}.
 */
public final class Act {
  private Act() {}

  public static final String RELU = "relu";
  public static final String PRELU = "prelu";
  public static final String LEAKYRELU = "leakyrelu";

  /** {@code get_act_layer(name)}. */
  public static Block create(LayerSpec spec) {
    String n = spec.name();
    switch (n) {
      case "":
        return new Identity();
      case "relu":
        spec.checkOnly("ReLU", "inplace");
        return Activation.of(Activation.Kind.RELU);
      case "leakyrelu":
        spec.checkOnly("LeakyReLU", "negative_slope", "inplace");
        return new Activation(
            Activation.Kind.LEAKYRELU, spec.getDouble("negative_slope", 0.01), Activation.DIM_NONE);
      case "prelu":
        spec.checkOnly("PReLU", "num_parameters", "init");
        return new PReLU(spec.getInt("num_parameters", 1), spec.getDouble("init", 0.25));
      case "elu":
        spec.checkOnly("ELU", "alpha", "inplace");
        return new Activation(
            Activation.Kind.ELU, spec.getDouble("alpha", 1.0), Activation.DIM_NONE);
      case "celu":
        spec.checkOnly("CELU", "alpha", "inplace");
        return new Activation(
            Activation.Kind.CELU, spec.getDouble("alpha", 1.0), Activation.DIM_NONE);
      case "selu":
        spec.checkOnly("SELU", "inplace");
        return Activation.of(Activation.Kind.SELU);
      case "gelu":
        spec.checkOnly("GELU", "approximate");
        if (spec.args().containsKey("approximate")
            && !"none".equals(spec.args().get("approximate"))) {
          throw new IllegalArgumentException("GELU: only approximate='none' is supported");
        }
        return Activation.of(Activation.Kind.GELU);
      case "relu6":
        spec.checkOnly("ReLU6", "inplace");
        return Activation.of(Activation.Kind.RELU6);
      case "sigmoid":
        spec.checkOnly("Sigmoid");
        return Activation.of(Activation.Kind.SIGMOID);
      case "tanh":
        spec.checkOnly("Tanh");
        return Activation.of(Activation.Kind.TANH);
      case "softmax":
        spec.checkOnly("Softmax", "dim");
        return new Activation(Activation.Kind.SOFTMAX, 1, spec.getInt("dim", Activation.DIM_NONE));
      case "logsoftmax":
        spec.checkOnly("LogSoftmax", "dim");
        return new Activation(
            Activation.Kind.LOGSOFTMAX, 1, spec.getInt("dim", Activation.DIM_NONE));
      case "swish":
        spec.checkOnly("Swish", "alpha");
        return new Activation(
            Activation.Kind.SWISH, spec.getDouble("alpha", 1.0), Activation.DIM_NONE);
      case "memswish":
        spec.checkOnly("MemoryEfficientSwish", "inplace");
        return Activation.of(Activation.Kind.SWISH);
      case "mish":
        spec.checkOnly("Mish", "inplace");
        return Activation.of(Activation.Kind.MISH);
      default:
        throw new IllegalArgumentException(
            "Act factory: unknown activation '"
                + n
                + "'; available: elu, relu, leakyrelu, prelu, relu6, selu, celu, gelu, sigmoid,"
                + " tanh, softmax, logsoftmax, swish, memswish, mish");
    }
  }

  public static Block create(String name) {
    return create(LayerSpec.of(name));
  }
}
