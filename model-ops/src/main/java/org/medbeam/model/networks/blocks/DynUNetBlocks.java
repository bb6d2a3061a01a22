package org.medbeam.model.networks.blocks;

import org.medbeam.model.networks.layers.Dims;

/** Shared helpers of MONAI's {@code dynunet_block} module. */
public final class DynUNetBlocks {
  private DynUNetBlocks() {}

  /** {@code get_padding(kernel_size, stride)}: {@code (k - s + 1) / 2}, truncated. */
  public static int[] padding(int[] kernel, int[] stride) {
    int[] p = new int[kernel.length];
    for (int i = 0; i < p.length; i++) {
      double v = (kernel[i] - stride[i] + 1) / 2.0;
      if (v < 0) {
        throw new IllegalArgumentException(
            "padding value should not be negative, please change the kernel size and/or stride.");
      }
      p[i] = (int) v;
    }
    return p;
  }

  /** {@code get_output_padding(kernel_size, stride, padding)}: {@code 2p + s - k}. */
  public static int[] outputPadding(int[] kernel, int[] stride, int[] padding) {
    int[] p = new int[kernel.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = 2 * padding[i] + stride[i] - kernel[i];
      if (p[i] < 0) {
        throw new IllegalArgumentException(
            "out_padding value should not be negative, please change the kernel size and/or"
                + " stride.");
      }
    }
    return p;
  }

  /**
   * {@code dynunet_block.get_conv_layer(..., act=None, norm=None, conv_only=False)}: a {@link
   * Convolution} with only the optional dropout after it.
   */
  public static Convolution conv(
      int spatialDims,
      int in,
      int out,
      int[] kernel,
      int[] stride,
      Object dropout,
      boolean bias,
      boolean transposed) {
    int[] k = Dims.rep(kernel, spatialDims, "kernel_size");
    int[] s = Dims.rep(stride, spatialDims, "stride");
    int[] pad = padding(k, s);
    Convolution.Builder b =
        Convolution.builder(spatialDims, in, out)
            .strides(s)
            .kernelSize(k)
            .act(null)
            .norm(null)
            .dropout(dropout)
            .bias(bias)
            .convOnly(false)
            .isTransposed(transposed)
            .padding(pad);
    if (transposed) {
      b.outputPadding(outputPadding(k, s, pad));
    }
    return b.build();
  }
}
