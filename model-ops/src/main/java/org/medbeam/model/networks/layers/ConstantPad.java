package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.ConstantPad{1,2,3}d(padding, value)}: {@code padding} lists (before, after) pairs
 * starting from the last axis, as PyTorch's {@code F.pad}.
 */
public final class ConstantPad extends MonaiModule {
  private final int spatialDims;
  private final long[] padding;
  private final double value;

  public ConstantPad(int spatialDims, int[] padding, double value) {
    this.spatialDims = Dims.checkSpatial(spatialDims);
    if (padding.length != 2 * spatialDims) {
      throw new IllegalArgumentException(
          "ConstantPad" + spatialDims + "d: padding needs " + 2 * spatialDims + " values");
    }
    this.padding = new long[padding.length];
    for (int i = 0; i < padding.length; i++) {
      this.padding[i] = padding[i];
    }
    this.value = value;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return x.pad(new Shape(padding), value);
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    long[] s = in[0].getShape().clone();
    for (int i = 0; i < spatialDims; i++) {
      int axis = s.length - 1 - i;
      s[axis] += padding[2 * i] + padding[2 * i + 1];
    }
    return new Shape[] {new Shape(s)};
  }
}
