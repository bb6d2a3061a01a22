package org.medbeam.model.networks.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;

/** MONAI's {@code UnetOutBlock}: a 1-wide convolution with bias ({@code conv}). */
public final class UnetOutBlock extends MonaiModule {
  private final Block conv;

  public UnetOutBlock(int spatialDims, int inChannels, int outChannels, Object dropout) {
    conv =
        module(
            "conv",
            DynUNetBlocks.conv(
                spatialDims,
                inChannels,
                outChannels,
                new int[] {1},
                new int[] {1},
                dropout,
                true,
                false));
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return call(conv, ps, x, training);
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    return new Shape[] {trace(conv, in[0])};
  }
}
