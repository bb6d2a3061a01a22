package org.medbeam.model.networks.blocks;

import java.util.Arrays;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.ConvNd;
import org.medbeam.model.networks.layers.ConvTransposeNd;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Sequential;

/**
 * MONAI's {@code Convolution} block: {@code conv} (a convolution or, with {@code is_transposed}, a
 * transposed convolution) followed by {@code adn} ({@link ADN}) unless {@code conv_only} or act,
 * norm and dropout are all null. Defaults as MONAI: kernel 3, stride 1, "same" padding {@code (k -
 * 1) / 2 * dilation}, output padding {@code stride - 1}, PReLU, instance norm, ordering "NDA",
 * dropout dimension 1.
 */
public final class Convolution extends Sequential {
  private final ConvNd conv;
  private final ConvTransposeNd convTrans;

  private Convolution(Builder b) {
    int d = b.spatialDims;
    int[] k = Dims.rep(b.kernelSize, d, "kernel_size");
    int[] dil = Dims.rep(b.dilation, d, "dilation");
    int[] pad = b.padding != null ? Dims.rep(b.padding, d, "padding") : samePadding(k, dil);
    int[] st = Dims.rep(b.strides, d, "strides");
    if (b.isTransposed) {
      int[] op = b.outputPadding;
      if (op == null) {
        op = new int[d];
        for (int i = 0; i < d; i++) {
          op[i] = st[i] - 1;
        }
      }
      convTrans =
          Conv.convTrans(d, b.inChannels, b.outChannels)
              .kernelSize(k)
              .stride(st)
              .padding(pad)
              .outputPadding(op)
              .groups(b.groups)
              .bias(b.bias)
              .dilation(dil)
              .build();
      conv = null;
      add("conv", convTrans);
    } else {
      conv =
          Conv.conv(d, b.inChannels, b.outChannels)
              .kernelSize(k)
              .stride(st)
              .padding(pad)
              .dilation(dil)
              .groups(b.groups)
              .bias(b.bias)
              .build();
      convTrans = null;
      add("conv", conv);
    }
    if (b.convOnly || (b.act == null && b.norm == null && b.dropout == null)) {
      return;
    }
    add("adn", new ADN(b.adnOrdering, b.outChannels, b.act, b.norm, d, b.dropout, b.dropoutDim));
  }

  /** MONAI's {@code same_padding(kernel_size, dilation)}. */
  public static int[] samePadding(int[] kernel, int[] dilation) {
    int[] p = new int[kernel.length];
    for (int i = 0; i < kernel.length; i++) {
      if (((kernel[i] - 1) * dilation[i]) % 2 == 1) {
        throw new IllegalArgumentException(
            "Same padding not available for kernel_size="
                + Arrays.toString(kernel)
                + " and dilation="
                + Arrays.toString(dilation)
                + ".");
      }
      p[i] = (kernel[i] - 1) / 2 * dilation[i];
    }
    return p;
  }

  /** The convolution layer when not transposed, else null. */
  public ConvNd conv() {
    return conv;
  }

  /** The transposed convolution layer when transposed, else null. */
  public ConvTransposeNd convTranspose() {
    return convTrans;
  }

  public static Builder builder(int spatialDims, int inChannels, int outChannels) {
    return new Builder(spatialDims, inChannels, outChannels);
  }

  /** MONAI's constructor arguments. */
  public static final class Builder {
    private final int spatialDims;
    private final int inChannels;
    private final int outChannels;
    private int[] strides = {1};
    private int[] kernelSize = {3};
    private String adnOrdering = "NDA";
    private LayerSpec act = LayerSpec.of("prelu");
    private LayerSpec norm = LayerSpec.of("instance");
    private Object dropout;
    private int dropoutDim = 1;
    private int[] dilation = {1};
    private int groups = 1;
    private boolean bias = true;
    private boolean convOnly;
    private boolean isTransposed;
    private int[] padding;
    private int[] outputPadding;

    private Builder(int spatialDims, int inChannels, int outChannels) {
      this.spatialDims = Dims.checkSpatial(spatialDims);
      if (inChannels < 1 || outChannels < 1) {
        throw new IllegalArgumentException(
            "Convolution: in_channels and out_channels must be >= 1, got "
                + inChannels
                + " and "
                + outChannels);
      }
      this.inChannels = inChannels;
      this.outChannels = outChannels;
    }

    public Builder strides(int... s) {
      strides = Dims.atLeast(Dims.rep(s, spatialDims, "strides"), 1, "strides");
      return this;
    }

    public Builder kernelSize(int... k) {
      kernelSize = Dims.atLeast(Dims.rep(k, spatialDims, "kernel_size"), 1, "kernel_size");
      return this;
    }

    public Builder adnOrdering(String o) {
      adnOrdering = o;
      return this;
    }

    /** Activation; null for none. */
    public Builder act(LayerSpec a) {
      act = a;
      return this;
    }

    /** Normalisation; null for none. */
    public Builder norm(LayerSpec n) {
      norm = n;
      return this;
    }

    /** A probability, a dropout {@link LayerSpec}, or null for none. */
    public Builder dropout(Object d) {
      dropout = d;
      return this;
    }

    public Builder dropoutDim(int d) {
      if (d < 1 || d > 3) {
        throw new IllegalArgumentException("dropout_dim must be 1, 2 or 3, got " + d);
      }
      dropoutDim = d;
      return this;
    }

    public Builder dilation(int... d) {
      dilation = Dims.atLeast(Dims.rep(d, spatialDims, "dilation"), 1, "dilation");
      return this;
    }

    public Builder groups(int g) {
      groups = g;
      return this;
    }

    public Builder bias(boolean b) {
      bias = b;
      return this;
    }

    public Builder convOnly(boolean c) {
      convOnly = c;
      return this;
    }

    public Builder isTransposed(boolean t) {
      isTransposed = t;
      return this;
    }

    /** Explicit padding; null restores MONAI's "same" padding. */
    public Builder padding(int... p) {
      padding = p == null ? null : Dims.atLeast(Dims.rep(p, spatialDims, "padding"), 0, "padding");
      return this;
    }

    public Builder outputPadding(int... p) {
      outputPadding =
          p == null
              ? null
              : Dims.atLeast(Dims.rep(p, spatialDims, "output_padding"), 0, "output_padding");
      return this;
    }

    public Convolution build() {
      return new Convolution(this);
    }
  }
}
