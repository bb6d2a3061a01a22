package org.medbeam.model.networks.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.layers.Act;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Norm;

/**
 * MONAI's {@code UnetResBlock}: {@code lrelu(norm2(conv2(lrelu(norm1(conv1(x))))) + r)} where
 * {@code r} is {@code x}, or {@code norm3(conv3(x))} (1-wide, strided) when the channels change or
 * the stride is not 1.
 */
public final class UnetResBlock extends MonaiModule {
  private final Block conv1;
  private final Block conv2;
  private final Block lrelu;
  private final Block norm1;
  private final Block norm2;
  private final Block conv3;
  private final Block norm3;

  public UnetResBlock(
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
    boolean downsample = inChannels != outChannels;
    for (int s : Dims.rep(stride, spatialDims, "stride")) {
      downsample |= s != 1;
    }
    if (downsample) {
      conv3 =
          module(
              "conv3",
              DynUNetBlocks.conv(
                  spatialDims,
                  inChannels,
                  outChannels,
                  new int[] {1},
                  stride,
                  dropout,
                  false,
                  false));
      norm3 = module("norm3", Norm.create(normName, spatialDims, outChannels));
    } else {
      conv3 = null;
      norm3 = null;
    }
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray out = x;
    for (Block b : new Block[] {conv1, norm1, lrelu, conv2, norm2}) {
      NDArray next = call(b, ps, out, training);
      release(out, x, next);
      out = next;
    }
    NDArray residual = x;
    if (conv3 != null) {
      NDArray r = call(conv3, ps, x, training);
      residual = call(norm3, ps, r, training);
      release(r, residual);
    }
    NDArray sum = out.add(residual);
    release(new NDArray[] {out, residual}, x);
    NDArray y = call(lrelu, ps, sum, training);
    release(sum, y);
    return y;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = trace(conv1, in[0]);
    s = trace(lrelu, trace(norm1, s));
    s = trace(norm2, trace(conv2, s));
    if (conv3 != null) {
      trace(norm3, trace(conv3, in[0]));
    }
    return new Shape[] {s};
  }
}
