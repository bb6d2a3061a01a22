package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.TorchOps;

/**
 * {@code torch.nn.LayerNorm(normalized_shape, eps, elementwise_affine)}: normalises over the
 * trailing {@code normalized_shape} axes; {@code weight}, {@code bias} of that shape.
 */
public final class LayerNorm extends MonaiModule {
  private final Shape normalizedShape;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
    Dims.atLeast(normalizedShape, 1, "normalized_shape");
    if (normalizedShape.length == 0) {
      throw new IllegalArgumentException("LayerNorm: normalized_shape must not be empty");
    }
    this.normalizedShape = Dims.shape(normalizedShape);
    this.eps = eps;
    weight =
        elementwiseAffine
            ? parameter("weight", Parameter.Type.GAMMA, this.normalizedShape, Initializer.ONES)
            : null;
    bias =
        elementwiseAffine
            ? parameter("bias", Parameter.Type.BETA, this.normalizedShape, Initializer.ZEROS)
            : null;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDManager m = x.getManager();
    NDArray w = weight == null ? m.ones(normalizedShape) : value(ps, weight, x, training);
    NDArray b = bias == null ? m.zeros(normalizedShape) : value(ps, bias, x, training);
    NDArray out = TorchOps.layerNorm(x, normalizedShape, w, b, eps);
    release(new NDArray[] {weight == null ? w : null, bias == null ? b : null});
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = in[0];
    int n = normalizedShape.dimension();
    if (s.dimension() < n || !s.slice(s.dimension() - n).equals(normalizedShape)) {
      throw new IllegalArgumentException(
          "LayerNorm over " + normalizedShape + " does not fit input shape " + s);
    }
    return new Shape[] {s};
  }
}
