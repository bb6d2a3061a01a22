package org.medbeam.model.networks.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.layers.ConstantPad;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.ConvNd;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.Identity;
import org.medbeam.model.networks.layers.PixelShuffle;
import org.medbeam.model.networks.layers.Pooling;
import org.medbeam.model.networks.layers.Sequential;

/**
 * MONAI's {@code SubpixelUpsample}: {@code conv_block} (by default a 3-wide convolution to {@code
 * out * f^d} channels with ICNR initial values), a pixel shuffle, then {@code pad_pool} (pad {@code
 * f - 1} before each axis, average pool of width {@code f}, stride 1) unless disabled.
 */
public final class SubpixelUpsample extends MonaiModule {
  private final int spatialDims;
  private final int scaleFactor;
  private final Block convBlock;
  private final Block padPool;

  /**
   * @param convBlock "default", null (identity) or a block
   */
  public SubpixelUpsample(
      int spatialDims,
      int inChannels,
      int outChannels,
      int scaleFactor,
      Object convBlock,
      boolean applyPadPool,
      boolean bias) {
    this.spatialDims = Dims.checkSpatial(spatialDims);
    if (scaleFactor <= 0) {
      throw new IllegalArgumentException(
          "The `scale_factor` multiplier must be an integer greater than 0, got " + scaleFactor);
    }
    this.scaleFactor = scaleFactor;
    if ("default".equals(convBlock)) {
      int out = outChannels > 0 ? outChannels : inChannels;
      if (out < 1) {
        throw new IllegalArgumentException("SubpixelUpsample: in_channels need to be specified.");
      }
      int convOut = out;
      for (int i = 0; i < spatialDims; i++) {
        convOut *= scaleFactor;
      }
      ConvNd c =
          Conv.conv(spatialDims, inChannels, convOut)
              .kernelSize(3)
              .stride(1)
              .padding(1)
              .bias(bias)
              .build();
      c.weightInitializer(new IcnrInitializer(scaleFactor));
      this.convBlock = module("conv_block", c);
    } else if (convBlock == null) {
      this.convBlock = module("conv_block", new Identity());
    } else if (convBlock instanceof Block) {
      this.convBlock = module("conv_block", (Block) convBlock);
    } else {
      throw new IllegalArgumentException(
          "SubpixelUpsample: conv_block must be \"default\", null or a block, got " + convBlock);
    }
    if (applyPadPool) {
      int[] pad = new int[2 * spatialDims];
      for (int i = 0; i < spatialDims; i++) {
        pad[2 * i] = scaleFactor - 1;
      }
      padPool =
          module(
              "pad_pool",
              new Sequential(
                  new ConstantPad(spatialDims, pad, 0.0),
                  Pooling.avg(
                      spatialDims,
                      new int[] {scaleFactor},
                      new int[] {1},
                      new int[] {0},
                      false,
                      true)));
    } else {
      padPool = module("pad_pool", new Identity());
    }
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray c = call(convBlock, ps, x, training);
    NDArray y = PixelShuffle.apply(c, spatialDims, scaleFactor);
    release(c, x, y);
    NDArray out = call(padPool, ps, y, training);
    release(y, x, out);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape c = trace(convBlock, in[0]);
    long div = 1;
    for (int i = 0; i < spatialDims; i++) {
      div *= scaleFactor;
    }
    if (c.get(1) % div != 0) {
      throw new IllegalArgumentException(
          "Number of channels after `conv_block` ("
              + c.get(1)
              + ") must be evenly divisible by scale_factor ** dimensions ("
              + div
              + ").");
    }
    long[] s = c.getShape().clone();
    s[1] /= div;
    for (int i = 0; i < spatialDims; i++) {
      s[2 + i] *= scaleFactor;
    }
    return new Shape[] {trace(padPool, new Shape(s))};
  }
}
