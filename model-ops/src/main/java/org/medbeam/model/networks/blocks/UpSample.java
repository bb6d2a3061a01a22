package org.medbeam.model.networks.blocks;

import ai.djl.nn.Block;
import java.util.Locale;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.Sequential;
import org.medbeam.model.networks.layers.Upsample;

/**
 * MONAI's {@code UpSample} block, modes:
 *
 * <ul>
 *   <li>{@code deconv}: a transposed convolution {@code deconv} (kernel = scale factor, no padding,
 *       unless {@code kernel_size} is given: padding {@code (k - 1) / 2}, output padding {@code s -
 *       1 - (k - 1) % 2});
 *   <li>{@code deconvgroup}: the same with {@code groups = out} when {@code in % out == 0};
 *   <li>{@code nontrainable}: {@code preconv} (a 1-wide convolution when {@code out != in} and
 *       {@code pre_conv="default"}), then {@code upsample_non_trainable} (interpolation; the linear
 *       modes follow {@code spatial_dims}), then an optional {@code postconv};
 *   <li>{@code pixelshuffle}: {@link SubpixelUpsample} named {@code pixelshuffle}.
 * </ul>
 */
public final class UpSample extends Sequential {

  private UpSample(Builder b) {
    int d = b.spatialDims;
    int[] scale = Dims.rep(b.scaleFactor, d, "scale_factor");
    int[] kernel;
    int[] padding;
    int[] outputPadding;
    if (b.kernelSize == null) {
      kernel = scale;
      padding = Dims.fill(0, d);
      outputPadding = Dims.fill(0, d);
    } else {
      kernel = Dims.rep(b.kernelSize, d, "kernel_size");
      padding = new int[d];
      outputPadding = new int[d];
      for (int i = 0; i < d; i++) {
        padding[i] = (kernel[i] - 1) / 2;
        outputPadding[i] = scale[i] - 1 - (kernel[i] - 1) % 2;
      }
    }
    int out = b.outChannels > 0 ? b.outChannels : b.inChannels;
    switch (b.mode) {
      case "deconv":
      case "deconvgroup":
        {
          if (b.inChannels < 1) {
            throw new IllegalArgumentException(
                "in_channels needs to be specified in the '" + b.mode + "' mode.");
          }
          int groups = 1;
          if (b.mode.equals("deconvgroup")) {
            groups = b.inChannels % out == 0 ? out : 1;
          }
          add(
              b.mode,
              Conv.convTrans(d, b.inChannels, out)
                  .kernelSize(kernel)
                  .stride(scale)
                  .padding(padding)
                  .outputPadding(outputPadding)
                  .groups(groups)
                  .bias(b.bias)
                  .build());
          break;
        }
      case "nontrainable":
        {
          if ("default".equals(b.preConv) && b.outChannels != b.inChannels) {
            if (b.inChannels < 1) {
              throw new IllegalArgumentException(
                  "in_channels needs to be specified in the 'nontrainable' mode.");
            }
            add("preconv", Conv.conv(d, b.inChannels, out).kernelSize(1).bias(b.bias).build());
          } else if (b.preConv instanceof Block) {
            add("preconv", (Block) b.preConv);
          } else if (b.preConv == null && b.outChannels != b.inChannels) {
            throw new IllegalArgumentException(
                "in the nontrainable mode, if not setting pre_conv, out_channels should equal to"
                    + " in_channels.");
          }
          double[] sf = new double[d];
          for (int i = 0; i < d; i++) {
            sf[i] = scale[i];
          }
          add(
              "upsample_non_trainable",
              new Upsample(d, b.size, b.size == null ? sf : null, b.interpMode, b.alignCorners));
          if (b.postConv != null) {
            add("postconv", b.postConv);
          }
          break;
        }
      case "pixelshuffle":
        {
          for (int i = 1; i < d; i++) {
            if (scale[i] != scale[0]) {
              throw new IllegalArgumentException(
                  "pixelshuffle upsampling is isotropic; got scale_factor per axis");
            }
          }
          add(
              "pixelshuffle",
              new SubpixelUpsample(
                  d, b.inChannels, b.outChannels, scale[0], b.preConv, b.applyPadPool, b.bias));
          break;
        }
      default:
        throw new IllegalArgumentException(
            "Unsupported upsampling mode "
                + b.mode
                + "; available: deconv, deconvgroup, nontrainable, pixelshuffle");
    }
  }

  public static Builder builder(int spatialDims, int inChannels, int outChannels) {
    return new Builder(spatialDims, inChannels, outChannels);
  }

  /** MONAI's constructor arguments and defaults. */
  public static final class Builder {
    private final int spatialDims;
    private final int inChannels;
    private final int outChannels;
    private int[] scaleFactor = {2};
    private int[] kernelSize;
    private int[] size;
    private String mode = "deconv";
    private Object preConv = "default";
    private Block postConv;
    private String interpMode = "linear";
    private boolean alignCorners = true;
    private boolean bias = true;
    private boolean applyPadPool = true;

    private Builder(int spatialDims, int inChannels, int outChannels) {
      this.spatialDims = Dims.checkSpatial(spatialDims);
      this.inChannels = inChannels;
      this.outChannels = outChannels;
    }

    public Builder scaleFactor(int... s) {
      scaleFactor = Dims.atLeast(Dims.rep(s, spatialDims, "scale_factor"), 1, "scale_factor");
      return this;
    }

    public Builder kernelSize(int... k) {
      kernelSize = k;
      return this;
    }

    public Builder size(int... s) {
      size = s;
      return this;
    }

    public Builder mode(String m) {
      mode = m.toLowerCase(Locale.ROOT);
      return this;
    }

    /** "default", null, or a block. */
    public Builder preConv(Object p) {
      preConv = p;
      return this;
    }

    public Builder postConv(Block p) {
      postConv = p;
      return this;
    }

    public Builder interpMode(String m) {
      interpMode = m;
      return this;
    }

    public Builder alignCorners(boolean a) {
      alignCorners = a;
      return this;
    }

    public Builder bias(boolean b) {
      bias = b;
      return this;
    }

    public Builder applyPadPool(boolean a) {
      applyPadPool = a;
      return this;
    }

    public UpSample build() {
      return new UpSample(this);
    }
  }
}
