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
 * SegResNet's {@code ResBlock}: {@code x + conv2(act(norm2(conv1(act(norm1(x))))))} with bias-free
 * "same" convolutions ({@code conv1.conv}, {@code conv2.conv}).
 */
public final class ResBlock extends MonaiModule {
  private final Block norm1;
  private final Block norm2;
  private final Block act;
  private final Block conv1;
  private final Block conv2;

  public ResBlock(int spatialDims, int inChannels, LayerSpec norm, int kernelSize, LayerSpec act) {
    if (kernelSize % 2 != 1) {
      throw new IllegalArgumentException("ResBlock: kernel_size should be an odd number.");
    }
    norm1 = module("norm1", Norm.create(norm, spatialDims, inChannels));
    norm2 = module("norm2", Norm.create(norm, spatialDims, inChannels));
    this.act = module("act", Act.create(act));
    conv1 = module("conv1", segResConv(spatialDims, inChannels, inChannels, kernelSize, 1, false));
    conv2 = module("conv2", segResConv(spatialDims, inChannels, inChannels, kernelSize, 1, false));
  }

  /** {@code segresnet_block.get_conv_layer}: a conv-only {@link Convolution}. */
  public static Convolution segResConv(
      int spatialDims, int in, int out, int kernelSize, int stride, boolean bias) {
    return Convolution.builder(spatialDims, in, out)
        .strides(stride)
        .kernelSize(kernelSize)
        .bias(bias)
        .convOnly(true)
        .build();
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray y = x;
    for (Block b : new Block[] {norm1, act, conv1, norm2, act, conv2}) {
      NDArray next = call(b, ps, y, training);
      release(y, x, next);
      y = next;
    }
    NDArray out = y.add(x);
    release(y, x);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = trace(norm1, in[0]);
    s = trace(act, s);
    s = trace(conv1, s);
    s = trace(norm2, s);
    s = trace(conv2, s);
    return new Shape[] {s};
  }
}
