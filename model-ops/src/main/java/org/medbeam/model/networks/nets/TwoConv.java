package org.medbeam.model.networks.nets;

import org.medbeam.model.networks.blocks.Convolution;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Sequential;

/** BasicUNet's {@code TwoConv}: {@code conv_0}, {@code conv_1}, 3-wide {@link Convolution}s. */
public final class TwoConv extends Sequential {
  public TwoConv(
      int spatialDims,
      int inChns,
      int outChns,
      LayerSpec act,
      LayerSpec norm,
      boolean bias,
      Object dropout) {
    add("conv_0", conv(spatialDims, inChns, outChns, act, norm, bias, dropout));
    add("conv_1", conv(spatialDims, outChns, outChns, act, norm, bias, dropout));
  }

  private static Convolution conv(
      int d, int in, int out, LayerSpec act, LayerSpec norm, boolean bias, Object dropout) {
    return Convolution.builder(d, in, out)
        .act(act)
        .norm(norm)
        .dropout(dropout)
        .bias(bias)
        .padding(1)
        .build();
  }
}
