package org.medbeam.model.networks.layers;

import ai.djl.nn.Block;
import java.util.Map;

/**
 * MONAI's {@code Conv} factory: {@code Conv["conv", dim]} is {@code torch.nn.Conv{dim}d} and {@code
 * Conv["convtrans", dim]} is {@code ConvTranspose{dim}d}. The typed entry points return a builder
 * with PyTorch's defaults; {@link #create} builds from keyword arguments as a config file gives
 * them.
 */
public final class Conv {
  private Conv() {}

  public static final String CONV = "conv";
  public static final String CONVTRANS = "convtrans";

  /** {@code Conv["conv", spatialDims](inChannels, outChannels, ...)}. */
  public static ConvNd.Builder conv(int spatialDims, int inChannels, int outChannels) {
    return ConvNd.builder(spatialDims, inChannels, outChannels);
  }

  /** {@code Conv["convtrans", spatialDims](inChannels, outChannels, ...)}. */
  public static ConvTransposeNd.Builder convTrans(
      int spatialDims, int inChannels, int outChannels) {
    return ConvTransposeNd.builder(spatialDims, inChannels, outChannels);
  }

  /**
   * Builds {@code name} ("conv" or "convtrans") from PyTorch keyword arguments: {@code kernel_size}
   * (required), {@code stride}, {@code padding}, {@code output_padding} (convtrans), {@code
   * dilation}, {@code groups}, {@code bias}.
   */
  public static Block create(
      String name, int spatialDims, int inChannels, int outChannels, Map<String, ?> kwargs) {
    LayerSpec a = LayerSpec.of(name, kwargs);
    if (!a.has("kernel_size")) {
      throw new IllegalArgumentException("Conv['" + name + "']: kernel_size is required");
    }
    switch (a.name()) {
      case CONV:
        {
          a.checkOnly(
              "Conv" + spatialDims + "d",
              "kernel_size",
              "stride",
              "padding",
              "dilation",
              "groups",
              "bias");
          ConvNd.Builder b = conv(spatialDims, inChannels, outChannels);
          b.kernelSize(a.getInts("kernel_size"));
          if (a.has("stride")) {
            b.stride(a.getInts("stride"));
          }
          if (a.has("padding")) {
            b.padding(a.getInts("padding"));
          }
          if (a.has("dilation")) {
            b.dilation(a.getInts("dilation"));
          }
          return b.groups(a.getInt("groups", 1)).bias(a.getBoolean("bias", true)).build();
        }
      case CONVTRANS:
        {
          a.checkOnly(
              "ConvTranspose" + spatialDims + "d",
              "kernel_size",
              "stride",
              "padding",
              "output_padding",
              "dilation",
              "groups",
              "bias");
          ConvTransposeNd.Builder b = convTrans(spatialDims, inChannels, outChannels);
          b.kernelSize(a.getInts("kernel_size"));
          if (a.has("stride")) {
            b.stride(a.getInts("stride"));
          }
          if (a.has("padding")) {
            b.padding(a.getInts("padding"));
          }
          if (a.has("output_padding")) {
            b.outputPadding(a.getInts("output_padding"));
          }
          if (a.has("dilation")) {
            b.dilation(a.getInts("dilation"));
          }
          return b.groups(a.getInt("groups", 1)).bias(a.getBoolean("bias", true)).build();
        }
      default:
        throw new IllegalArgumentException(
            "Conv factory: unknown layer '" + name + "'; available: conv, convtrans");
    }
  }
}
