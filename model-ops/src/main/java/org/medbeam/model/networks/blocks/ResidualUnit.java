package org.medbeam.model.networks.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.Identity;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Sequential;

/**
 * MONAI's {@code ResidualUnit}: {@code conv} (a sequence {@code unit0, unit1, ...} of {@link
 * Convolution}s, the first with the stride) plus {@code residual} (identity, or a convolution when
 * the stride or channel count changes: kernel 1 without padding when only the channels change,
 * otherwise the unit's kernel, stride and padding). Output {@code conv(x) + residual(x)}.
 */
public final class ResidualUnit extends MonaiModule {
  private final Sequential conv;
  private final Block residual;

  private ResidualUnit(Builder b) {
    int d = b.spatialDims;
    int[] k = Dims.rep(b.kernelSize, d, "kernel_size");
    int[] dil = Dims.rep(b.dilation, d, "dilation");
    int[] st = Dims.rep(b.strides, d, "strides");
    // MONAI: `if not padding` - None and 0 both mean "same" padding.
    boolean zero = b.padding == null;
    if (!zero && b.padding.length == 1 && b.padding[0] == 0) {
      zero = true;
    }
    int[] pad = zero ? Convolution.samePadding(k, dil) : Dims.rep(b.padding, d, "padding");
    conv = module("conv", new Sequential());
    int inCh = b.inChannels;
    int[] sst = st;
    int subunits = Math.max(1, b.subunits);
    for (int su = 0; su < subunits; su++) {
      boolean convOnly = b.lastConvOnly && su == subunits - 1;
      conv.add(
          "unit" + su,
          Convolution.builder(d, inCh, b.outChannels)
              .strides(sst)
              .kernelSize(k)
              .adnOrdering(b.adnOrdering)
              .act(b.act)
              .norm(b.norm)
              .dropout(b.dropout)
              .dropoutDim(b.dropoutDim)
              .dilation(dil)
              .bias(b.bias)
              .convOnly(convOnly)
              .padding(pad)
              .build());
      inCh = b.outChannels;
      sst = Dims.fill(1, d);
    }
    long strideProd = Dims.prodOf(st);
    if (strideProd != 1 || b.inChannels != b.outChannels) {
      int[] rk = k;
      int[] rp = pad;
      if (strideProd == 1) {
        rk = Dims.fill(1, d);
        rp = Dims.fill(0, d);
      }
      residual =
          module(
              "residual",
              Conv.conv(d, b.inChannels, b.outChannels)
                  .kernelSize(rk)
                  .stride(st)
                  .padding(rp)
                  .bias(b.bias)
                  .build());
    } else {
      residual = module("residual", new Identity());
    }
  }

  public static Builder builder(int spatialDims, int inChannels, int outChannels) {
    return new Builder(spatialDims, inChannels, outChannels);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray res = call(residual, ps, x, training);
    NDArray cx = call(conv, ps, x, training);
    NDArray out = cx.add(res);
    release(new NDArray[] {res, cx}, x);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape r = trace(residual, in[0]);
    Shape c = trace(conv, in[0]);
    if (!r.equals(c)) {
      throw new IllegalArgumentException(
          "ResidualUnit: conv output " + c + " and residual " + r + " differ for input " + in[0]);
    }
    return new Shape[] {c};
  }

  /** MONAI's constructor arguments and defaults. */
  public static final class Builder {
    private final int spatialDims;
    private final int inChannels;
    private final int outChannels;
    private int[] strides = {1};
    private int[] kernelSize = {3};
    private int subunits = 2;
    private String adnOrdering = "NDA";
    private LayerSpec act = LayerSpec.of("prelu");
    private LayerSpec norm = LayerSpec.of("instance");
    private Object dropout;
    private int dropoutDim = 1;
    private int[] dilation = {1};
    private boolean bias = true;
    private boolean lastConvOnly;
    private int[] padding;

    private Builder(int spatialDims, int inChannels, int outChannels) {
      this.spatialDims = Dims.checkSpatial(spatialDims);
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

    public Builder subunits(int n) {
      subunits = n;
      return this;
    }

    public Builder adnOrdering(String o) {
      adnOrdering = o;
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

    public Builder dropout(Object d) {
      dropout = d;
      return this;
    }

    public Builder dropoutDim(int d) {
      dropoutDim = d;
      return this;
    }

    public Builder dilation(int... d) {
      dilation = Dims.atLeast(Dims.rep(d, spatialDims, "dilation"), 1, "dilation");
      return this;
    }

    public Builder bias(boolean b) {
      bias = b;
      return this;
    }

    public Builder lastConvOnly(boolean b) {
      lastConvOnly = b;
      return this;
    }

    public Builder padding(int... p) {
      padding = p;
      return this;
    }

    public ResidualUnit build() {
      return new ResidualUnit(this);
    }
  }
}
