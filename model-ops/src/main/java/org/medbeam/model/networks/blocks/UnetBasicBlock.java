package org.medbeam.model.networks.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.layers.Act;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Norm;

/**
 * MONAI's {@code UnetBasicBlock} (DynUNet, nnU-Net): {@code lrelu(norm2(conv2(lrelu(norm1(
 * conv1(x))))))}, bias-free convolutions, the first with the block's stride.
 */
public final class UnetBasicBlock extends MonaiModule {
  private final Block conv1;
  private final Block conv2;
  private final Block lrelu;
  private final Block norm1;
  private final Block norm2;

  public UnetBasicBlock(
      int spatialDims,
      int inChannels,
      int outChannels,
      int[] kernelSize,
      int[] stride,
      LayerSpec normName,
      LayerSpec actName,
      Object dropout) {
    conv1 =
        module(
            "conv1",
            DynUNetBlocks.conv(
                spatialDims, inChannels, outChannels, kernelSize, stride, dropout, false, false));
    conv2 =
        module(
            "conv2",
            DynUNetBlocks.conv(
                spatialDims,
                outChannels,
                outChannels,
                kernelSize,
                new int[] {1},
                dropout,
                false,
                false));
    lrelu = module("lrelu", Act.create(actName));
    norm1 = module("norm1", Norm.create(normName, spatialDims, outChannels));
    norm2 = module("norm2", Norm.create(normName, spatialDims, outChannels));
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray y = x;
    for (Block b : new Block[] {conv1, norm1, lrelu, conv2, norm2, lrelu}) {
      NDArray next = call(b, ps, y, training);
      release(y, x, next);
      y = next;
    }
    return y;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = trace(conv1, in[0]);
    s = trace(lrelu, trace(norm1, s));
    s = trace(conv2, s);
    return new Shape[] {trace(norm2, s)};
  }
}
