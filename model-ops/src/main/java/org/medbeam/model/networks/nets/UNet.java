package org.medbeam.model.networks.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Locale;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.blocks.Convolution;
import org.medbeam.model.networks.blocks.ResidualUnit;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Sequential;
import org.medbeam.model.networks.layers.SkipConnection;

/**
 * MONAI's {@code UNet} (residual-unit UNet, Kerfoot et al.), 2D or 3D by {@code spatial_dims}, with
 * MONAI's layer structure and parameter names: {@code model} is {@code Sequential(down,
 * SkipConnection(submodule), up)} recursively, down/bottom layers are {@link ResidualUnit}s (or
 * {@link Convolution}s when {@code num_res_units = 0}), up layers a strided transposed {@link
 * Convolution} (plus a one-subunit residual unit when {@code num_res_units > 0}).
 *
 * <p>Input {@code (B, in_channels, X, Y[, Z])}; each axis must be divisible by the product of the
 * strides. Output {@code (B, out_channels, X, Y[, Z])}, raw logits.
 *
 * <pre>{@code
 * UNet net = UNet.builder(3, 1, 2, new int[] {16, 32, 64, 128, 256}, new int[] {2, 2, 2, 2})
 *     .numResUnits(2).build();
 * }</pre>
 */
public final class UNet extends MonaiModule {
  private final Block model;
  private final Builder config;

  private UNet(Builder b) {
    this.config = b;
    model = module("model", createBlock(b.inChannels, b.outChannels, 0, true));
  }

  public static Builder builder(
      int spatialDims, int inChannels, int outChannels, int[] channels, int[] strides) {
    return new Builder(spatialDims, inChannels, outChannels, channels, strides);
  }

  private Block createBlock(int inc, int outc, int level, boolean isTop) {
    int[] ch = config.channels;
    int c = ch[level];
    int s = config.strides[level];
    Block subblock;
    int upc;
    if (ch.length - level > 2) {
      subblock = createBlock(c, c, level + 1, false);
      upc = c * 2;
    } else {
      subblock = downLayer(c, ch[level + 1], 1, false);
      upc = c + ch[level + 1];
    }
    Block down = downLayer(inc, c, s, isTop);
    Block up = upLayer(upc, outc, s, isTop);
    return new Sequential(down, new SkipConnection(subblock), up);
  }

  private Block downLayer(int in, int out, int strides, boolean isTop) {
    Builder b = config;
    if (b.numResUnits > 0) {
      return ResidualUnit.builder(b.spatialDims, in, out)
          .strides(strides)
          .kernelSize(b.kernelSize)
          .subunits(b.numResUnits)
          .act(b.act)
          .norm(b.norm)
          .dropout(b.dropout)
          .bias(b.bias)
          .adnOrdering(b.adnOrdering)
          .build();
    }
    return Convolution.builder(b.spatialDims, in, out)
        .strides(strides)
        .kernelSize(b.kernelSize)
        .act(b.act)
        .norm(b.norm)
        .dropout(b.dropout)
        .bias(b.bias)
        .adnOrdering(b.adnOrdering)
        .build();
  }

  private Block upLayer(int in, int out, int strides, boolean isTop) {
    Builder b = config;
    Block conv =
        Convolution.builder(b.spatialDims, in, out)
            .strides(strides)
            .kernelSize(b.upKernelSize)
            .act(b.act)
            .norm(b.norm)
            .dropout(b.dropout)
            .bias(b.bias)
            .convOnly(isTop && b.numResUnits == 0)
            .isTransposed(true)
            .adnOrdering(b.adnOrdering)
            .build();
    if (b.numResUnits > 0) {
      Block ru =
          ResidualUnit.builder(b.spatialDims, out, out)
              .strides(1)
              .kernelSize(b.kernelSize)
              .subunits(1)
              .act(b.act)
              .norm(b.norm)
              .dropout(b.dropout)
              .bias(b.bias)
              .lastConvOnly(isTop)
              .adnOrdering(b.adnOrdering)
              .build();
      return new Sequential(conv, ru);
    }
    return conv;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return call(model, ps, x, training);
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    return new Shape[] {trace(model, in[0])};
  }

  /** MONAI's constructor arguments; defaults as MONAI's. */
  public static final class Builder {
    private final int spatialDims;
    private final int inChannels;
    private final int outChannels;
    private final int[] channels;
    private final int[] strides;
    private int[] kernelSize;
    private int[] upKernelSize;
    private int numResUnits;
    private LayerSpec act = LayerSpec.of("prelu");
    private LayerSpec norm = LayerSpec.of("instance");
    private double dropout;
    private boolean bias = true;
    private String adnOrdering = "NDA";

    private Builder(
        int spatialDims, int inChannels, int outChannels, int[] channels, int[] strides) {
      this.spatialDims = Dims.checkSpatial(spatialDims);
      if (inChannels < 1 || outChannels < 1) {
        throw new IllegalArgumentException(
            "UNet: in_channels and out_channels must be >= 1, got "
                + inChannels
                + " and "
                + outChannels);
      }
      if (channels == null || channels.length < 2) {
        throw new IllegalArgumentException(
            "UNet: the length of `channels` should be no less than 2, got "
                + Arrays.toString(channels));
      }
      if (strides == null || strides.length < channels.length - 1) {
        throw new IllegalArgumentException(
            "UNet: the length of `strides` should equal to `len(channels) - 1`, got strides "
                + Arrays.toString(strides)
                + " for channels "
                + Arrays.toString(channels));
      }
      Dims.atLeast(channels, 1, "channels");
      Dims.atLeast(strides, 1, "strides");
      this.inChannels = inChannels;
      this.outChannels = outChannels;
      this.channels = channels.clone();
      this.strides = strides.clone();
      this.kernelSize = Dims.fill(3, spatialDims);
      this.upKernelSize = Dims.fill(3, spatialDims);
    }

    /** One value, or one per spatial dimension (odd). */
    public Builder kernelSize(int... k) {
      kernelSize = Dims.atLeast(Dims.rep(k, spatialDims, "kernel_size"), 1, "kernel_size");
      return this;
    }

    public Builder upKernelSize(int... k) {
      upKernelSize = Dims.atLeast(Dims.rep(k, spatialDims, "up_kernel_size"), 1, "up_kernel_size");
      return this;
    }

    public Builder numResUnits(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("UNet: num_res_units must be >= 0, got " + n);
      }
      numResUnits = n;
      return this;
    }

    public Builder act(LayerSpec a) {
      act = a;
      return this;
    }

    public Builder norm(LayerSpec n) {
      norm = n;
      return this;
    }

    public Builder dropout(double d) {
      if (!(d >= 0 && d <= 1)) {
        throw new IllegalArgumentException("UNet: dropout must be in [0, 1], got " + d);
      }
      dropout = d;
      return this;
    }

    public Builder bias(boolean b) {
      bias = b;
      return this;
    }

    public Builder adnOrdering(String o) {
      for (char c : o.toUpperCase(Locale.ROOT).toCharArray()) {
        if (c != 'A' && c != 'D' && c != 'N') {
          throw new IllegalArgumentException(
              "UNet: adn_ordering must be a string of A, D and N, got '" + o + "'");
        }
      }
      adnOrdering = o;
      return this;
    }

    public UNet build() {
      return new UNet(this);
    }
  }
}
