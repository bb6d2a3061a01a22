package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.MaxPool{1,2,3}d(kernel_size, stride=kernel_size, padding=0, ceil_mode)} (built
 * with {@link #max}) or {@code AvgPool{1,2,3}d} (built with {@link #avg}) on {@code (B, C,
 * spatial...)}; max pooling pads with -inf, average pooling honours {@code count_include_pad}.
 */
public final class Pooling extends MonaiModule {
  private final boolean average;
  private final int spatialDims;
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final boolean ceilMode;
  private final boolean countIncludePad;

  private Pooling(
      boolean average,
      int spatialDims,
      int[] kernel,
      int[] stride,
      int[] padding,
      boolean ceilMode,
      boolean countIncludePad) {
    this.average = average;
    this.spatialDims = Dims.checkSpatial(spatialDims);
    this.kernel = Dims.atLeast(Dims.rep(kernel, spatialDims, "kernel_size"), 1, "kernel_size");
    this.stride =
        Dims.atLeast(
            Dims.rep(stride == null ? kernel : stride, spatialDims, "stride"), 1, "stride");
    this.padding = Dims.atLeast(Dims.rep(padding, spatialDims, "padding"), 0, "padding");
    for (int i = 0; i < spatialDims; i++) {
      if (2 * this.padding[i] > this.kernel[i]) {
        throw new IllegalArgumentException(
            (average ? "AvgPool" : "MaxPool")
                + ": padding should be at most half of kernel size, got padding "
                + this.padding[i]
                + " and kernel "
                + this.kernel[i]);
      }
    }
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
  }

  /** Max pooling; {@code stride} null means {@code kernel_size}. */
  public static Pooling max(
      int spatialDims, int[] kernelSize, int[] stride, int[] padding, boolean ceilMode) {
    return new Pooling(false, spatialDims, kernelSize, stride, padding, ceilMode, true);
  }

  /** Average pooling; {@code stride} null means {@code kernel_size}. */
  public static Pooling avg(
      int spatialDims,
      int[] kernelSize,
      int[] stride,
      int[] padding,
      boolean ceilMode,
      boolean countIncludePad) {
    return new Pooling(true, spatialDims, kernelSize, stride, padding, ceilMode, countIncludePad);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    if (average) {
      NDArray sum =
          x.getNDArrayInternal()
              .avgPool(Dims.shape(kernel), Dims.shape(stride), Dims.shape(padding), ceilMode, true);
      boolean padded = false;
      for (int p : padding) {
        padded |= p > 0;
      }
      if (countIncludePad || !padded) {
        return sum;
      }
      // DJL's engine ignores count_include_pad=False: divide by the fraction of real voxels.
      long[] ones = x.getShape().getShape().clone();
      ones[0] = 1;
      ones[1] = 1;
      NDArray one = x.getManager().ones(new ai.djl.ndarray.types.Shape(ones), x.getDataType());
      NDArray valid =
          one.getNDArrayInternal()
              .avgPool(Dims.shape(kernel), Dims.shape(stride), Dims.shape(padding), ceilMode, true);
      NDArray out = sum.div(valid);
      release(new NDArray[] {one, valid, sum});
      return out;
    }
    return x.getNDArrayInternal()
        .maxPool(Dims.shape(kernel), Dims.shape(stride), Dims.shape(padding), ceilMode);
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = in[0];
    Dims.checkInput(average ? "AvgPool" : "MaxPool", s, spatialDims, -1);
    long[] out = s.getShape().clone();
    for (int i = 0; i < spatialDims; i++) {
      long num = s.get(i + 2) + 2L * padding[i] - kernel[i];
      long o = (ceilMode ? (num + stride[i] - 1) / stride[i] : num / stride[i]) + 1;
      if (ceilMode && (o - 1) * stride[i] >= s.get(i + 2) + padding[i]) {
        o--; // the last window must start inside the input or left padding, as PyTorch's rule
      }
      if (o < 1) {
        throw new IllegalArgumentException(
            "pooling input " + s + " is too small for kernel " + kernel[i]);
      }
      out[i + 2] = o;
    }
    return new Shape[] {new Shape(out)};
  }
}
