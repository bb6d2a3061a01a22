package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;

/** {@code torch.nn.Flatten(1)}: {@code (B, ...)} to {@code (B, prod(...))}. */
public final class Flatten extends MonaiModule {
  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return x.reshape(x.getShape().get(0), -1);
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = in[0];
    return new Shape[] {new Shape(s.get(0), s.size() / Math.max(1, s.get(0)))};
  }
}
