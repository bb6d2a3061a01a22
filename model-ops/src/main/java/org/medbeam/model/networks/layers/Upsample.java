package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.Upsample(size=None, scale_factor, mode, align_corners)} on {@code (B, C,
 * spatial...)}: modes {@code nearest}, {@code linear}, {@code bilinear}, {@code trilinear} (the
 * linear ones are the same separable interpolation whatever the dimension).
 */
public final class Upsample extends MonaiModule {
  private final int spatialDims;
  private final long[] size;
  private final double[] scale;
  private final Interpolation.Mode mode;
  private final boolean alignCorners;

  /**
   * @param size output spatial size, or null to use {@code scaleFactor}
   * @param scaleFactor per-axis (or one) factor; ignored when {@code size} is given
   * @param mode "nearest", "linear", "bilinear" or "trilinear"
   */
  public Upsample(
      int spatialDims, int[] size, double[] scaleFactor, String mode, boolean alignCorners) {
    this.spatialDims = Dims.checkSpatial(spatialDims);
    String m = mode.toLowerCase(Locale.ROOT);
    switch (m) {
      case "nearest":
        this.mode = Interpolation.Mode.NEAREST;
        break;
      case "linear":
      case "bilinear":
      case "trilinear":
        this.mode = Interpolation.Mode.LINEAR;
        break;
      default:
        throw new IllegalArgumentException(
            "Upsample: mode '"
                + mode
                + "' is not supported; use nearest, linear, bilinear or"
                + " trilinear");
    }
    if (size != null) {
      int[] s = Dims.atLeast(Dims.rep(size, spatialDims, "size"), 1, "size");
      this.size = new long[spatialDims];
      for (int i = 0; i < spatialDims; i++) {
        this.size[i] = s[i];
      }
      this.scale = null;
    } else {
      if (scaleFactor == null) {
        throw new IllegalArgumentException("Upsample: either size or scale_factor must be given");
      }
      double[] sc = new double[spatialDims];
      for (int i = 0; i < spatialDims; i++) {
        sc[i] = scaleFactor.length == 1 ? scaleFactor[0] : scaleFactor[i];
        if (!(sc[i] > 0)) {
          throw new IllegalArgumentException("Upsample: scale_factor must be > 0, got " + sc[i]);
        }
      }
      if (scaleFactor.length != 1 && scaleFactor.length != spatialDims) {
        throw new IllegalArgumentException(
            "Upsample: scale_factor needs 1 or " + spatialDims + " values");
      }
      this.size = null;
      this.scale = sc;
    }
    this.alignCorners = alignCorners && this.mode == Interpolation.Mode.LINEAR;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    long[] out = size != null ? size : Interpolation.scaledSize(x.getShape(), scale);
    return Interpolation.resize(x, out, scale, mode, alignCorners);
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Dims.checkInput("Upsample", in[0], spatialDims, -1);
    long[] out = size != null ? size : Interpolation.scaledSize(in[0], scale);
    long[] s = in[0].getShape().clone();
    System.arraycopy(out, 0, s, 2, spatialDims);
    return new Shape[] {new Shape(s)};
  }
}
