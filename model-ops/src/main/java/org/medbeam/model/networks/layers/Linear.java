package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.Linear(in_features, out_features, bias)}: {@code y = x W^T + b} on the last axis;
 * weight {@code (out, in)}, PyTorch's default initial values ({@code +-1/sqrt(in)}).
 */
public final class Linear extends MonaiModule {
  private final int inFeatures;
  private final int outFeatures;
  private final Parameter weight;
  private final Parameter bias;

  public Linear(int inFeatures, int outFeatures, boolean bias) {
    if (inFeatures < 1 || outFeatures < 1) {
      throw new IllegalArgumentException(
          "Linear: in_features and out_features must be >= 1, got "
              + inFeatures
              + " and "
              + outFeatures);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    float bound = (float) (1 / Math.sqrt(inFeatures));
    weight =
        parameter(
            "weight",
            Parameter.Type.WEIGHT,
            new Shape(outFeatures, inFeatures),
            new UniformInitializer(bound));
    this.bias =
        bias
            ? parameter(
                "bias", Parameter.Type.BIAS, new Shape(outFeatures), new UniformInitializer(bound))
            : null;
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  public Linear biasInitializer(Initializer init) {
    if (bias != null) {
      bias.setInitializer(init);
    }
    return this;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray w = value(ps, weight, x, training);
    NDArray b = bias == null ? null : value(ps, bias, x, training);
    return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = in[0];
    if (s.dimension() < 1 || s.get(s.dimension() - 1) != inFeatures) {
      throw new IllegalArgumentException(
          "Linear expects last axis " + inFeatures + ", got shape " + s);
    }
    long[] out = s.getShape().clone();
    out[out.length - 1] = outFeatures;
    return new Shape[] {new Shape(out)};
  }
}
