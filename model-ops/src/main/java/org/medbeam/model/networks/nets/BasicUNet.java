package org.medbeam.model.networks.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.ConvNd;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.LayerSpec;

/**
 * MONAI's {@code BasicUNet}: five encoder levels ({@code conv_0}, {@code down_1..4}), four decoder
 * levels ({@code upcat_4..1}) and a 1-wide {@code final_conv}; 1D/2D/3D. Defaults as MONAI:
 * features {@code (32, 32, 64, 128, 256, 32)}, LeakyReLU(0.1), instance norm with affine, bias, no
 * dropout, {@code deconv} upsampling. Each axis of {@code (B, C, X, Y[, Z])} should be a multiple
 * of 16.
 */
public final class BasicUNet extends MonaiModule {
  private final TwoConv conv0;
  private final Down down1;
  private final Down down2;
  private final Down down3;
  private final Down down4;
  private final UpCat upcat4;
  private final UpCat upcat3;
  private final UpCat upcat2;
  private final UpCat upcat1;
  private final ConvNd finalConv;

  private BasicUNet(Builder b) {
    int d = b.spatialDims;
    int[] f = b.features;
    conv0 = module("conv_0", new TwoConv(d, b.inChannels, f[0], b.act, b.norm, b.bias, b.dropout));
    down1 = module("down_1", new Down(d, f[0], f[1], b.act, b.norm, b.bias, b.dropout));
    down2 = module("down_2", new Down(d, f[1], f[2], b.act, b.norm, b.bias, b.dropout));
    down3 = module("down_3", new Down(d, f[2], f[3], b.act, b.norm, b.bias, b.dropout));
    down4 = module("down_4", new Down(d, f[3], f[4], b.act, b.norm, b.bias, b.dropout));
    upcat4 = module("upcat_4", up(b, f[4], f[3], f[3], true));
    upcat3 = module("upcat_3", up(b, f[3], f[2], f[2], true));
    upcat2 = module("upcat_2", up(b, f[2], f[1], f[1], true));
    upcat1 = module("upcat_1", up(b, f[1], f[0], f[5], false));
    finalConv = module("final_conv", Conv.conv(d, f[5], b.outChannels).kernelSize(1).build());
  }

  private static UpCat up(Builder b, int in, int cat, int out, boolean halves) {
    return new UpCat(
        b.spatialDims, in, cat, out, b.act, b.norm, b.bias, b.dropout, b.upsample, halves);
  }

  /** MONAI's defaults: 3D, one input channel, two output channels. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray x0 = conv0.apply(ps, x, training);
    NDArray x1 = down1.apply(ps, x0, training);
    NDArray x2 = down2.apply(ps, x1, training);
    NDArray x3 = down3.apply(ps, x2, training);
    NDArray x4 = down4.apply(ps, x3, training);
    NDArray u4 = upcat4.apply(ps, x4, x3, training);
    release(new NDArray[] {x4, x3});
    NDArray u3 = upcat3.apply(ps, u4, x2, training);
    release(new NDArray[] {u4, x2});
    NDArray u2 = upcat2.apply(ps, u3, x1, training);
    release(new NDArray[] {u3, x1});
    NDArray u1 = upcat1.apply(ps, u2, x0, training);
    release(new NDArray[] {u2, x0}, x);
    NDArray out = finalConv.apply(ps, u1, training);
    release(u1, out);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape x0 = trace(conv0, in[0]);
    Shape x1 = trace(down1, x0);
    Shape x2 = trace(down2, x1);
    Shape x3 = trace(down3, x2);
    Shape x4 = trace(down4, x3);
    Shape u4 = trace(upcat4, x4, x3);
    Shape u3 = trace(upcat3, u4, x2);
    Shape u2 = trace(upcat2, u3, x1);
    Shape u1 = trace(upcat1, u2, x0);
    return new Shape[] {trace(finalConv, u1)};
  }

  /** MONAI's constructor arguments and defaults. */
  public static final class Builder {
    private int spatialDims = 3;
    private int inChannels = 1;
    private int outChannels = 2;
    private int[] features = {32, 32, 64, 128, 256, 32};
    private LayerSpec act =
        LayerSpec.of("leakyrelu", Map.of("negative_slope", 0.1, "inplace", true));
    private LayerSpec norm = LayerSpec.of("instance", Map.of("affine", true));
    private boolean bias = true;
    private Object dropout = 0.0;
    private String upsample = "deconv";

    private Builder() {}

    public Builder spatialDims(int d) {
      spatialDims = Dims.checkSpatial(d);
      return this;
    }

    public Builder inChannels(int c) {
      if (c < 1) {
        throw new IllegalArgumentException("BasicUNet: in_channels must be >= 1, got " + c);
      }
      inChannels = c;
      return this;
    }

    public Builder outChannels(int c) {
      if (c < 1) {
        throw new IllegalArgumentException("BasicUNet: out_channels must be >= 1, got " + c);
      }
      outChannels = c;
      return this;
    }

    /** Six feature counts (five encoder levels and the last decoder level); one is repeated. */
    public Builder features(int... f) {
      if (f.length == 1) {
        f = Dims.fill(f[0], 6);
      }
      if (f.length != 6) {
        throw new IllegalArgumentException(
            "BasicUNet: features must have 6 values, got " + Arrays.toString(f));
      }
      features = Dims.atLeast(f.clone(), 1, "features");
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

    public Builder bias(boolean b) {
      bias = b;
      return this;
    }

    /** A probability or a dropout {@link LayerSpec}. */
    public Builder dropout(Object d) {
      dropout = d;
      return this;
    }

    /** "deconv", "pixelshuffle" or "nontrainable". */
    public Builder upsample(String u) {
      String m = u.toLowerCase(Locale.ROOT);
      if (!m.equals("deconv") && !m.equals("pixelshuffle") && !m.equals("nontrainable")) {
        throw new IllegalArgumentException(
            "BasicUNet: upsample must be deconv, pixelshuffle or nontrainable, got '" + u + "'");
      }
      upsample = m;
      return this;
    }

    public BasicUNet build() {
      return new BasicUNet(this);
    }
  }
}
