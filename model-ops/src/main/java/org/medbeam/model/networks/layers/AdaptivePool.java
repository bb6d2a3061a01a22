package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.TorchOps;

/** {@code torch.nn.AdaptiveAvgPool{1,2,3}d} / {@code AdaptiveMaxPool{1,2,3}d(output_size)}. */
public final class AdaptivePool extends MonaiModule {
  private final boolean max;
  private final int spatialDims;
  private final int[] outputSize;

  public AdaptivePool(boolean max, int spatialDims, int[] outputSize) {
    this.max = max;
    this.spatialDims = Dims.checkSpatial(spatialDims);
    this.outputSize =
        Dims.atLeast(Dims.rep(outputSize, spatialDims, "output_size"), 1, "output_size");
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return max
        ? TorchOps.adaptiveMaxPool(x, Dims.shape(outputSize))
        : TorchOps.adaptiveAvgPool(x, Dims.shape(outputSize));
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Dims.checkInput(max ? "AdaptiveMaxPool" : "AdaptiveAvgPool", in[0], spatialDims, -1);
    long[] out = in[0].getShape().clone();
    for (int i = 0; i < spatialDims; i++) {
      out[i + 2] = outputSize[i];
    }
    return new Shape[] {new Shape(out)};
  }
}
