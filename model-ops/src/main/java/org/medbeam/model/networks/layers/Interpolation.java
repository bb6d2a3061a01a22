package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * {@code torch.nn.functional.interpolate} for {@code nearest} and the linear family ({@code
 * linear}/{@code bilinear}/{@code trilinear}, separable), on {@code (B, C, spatial...)}.
 *
 * <p>Each spatial axis is resampled by multiplying with a small {@code (in, out)} interpolation
 * matrix built with PyTorch's source-index rule, so the result equals PyTorch's (up to float
 * summation order) and gradients flow through an ordinary matrix product.
 */
public final class Interpolation {
  private Interpolation() {}

  /** The interpolation kinds supported. */
  public enum Mode {
    NEAREST,
    LINEAR
  }

  /**
   * Resizes the spatial axes of {@code x} to {@code size}.
   *
   * @param scale the user's scale factor per axis (PyTorch then maps coordinates with {@code
   *     1/scale}), or null to map with {@code in/out}
   * @param alignCorners PyTorch's {@code align_corners} (linear mode only)
   */
  public static NDArray resize(
      NDArray x, long[] size, double[] scale, Mode mode, boolean alignCorners) {
    int d = x.getShape().dimension() - 2;
    if (size.length != d) {
      throw new IllegalArgumentException(
          "interpolate: size needs " + d + " values for input " + x.getShape());
    }
    NDArray y = x;
    for (int i = 0; i < d; i++) {
      long in = y.getShape().get(2 + i);
      if (in == size[i] && (scale == null || scale[i] == 1.0)) {
        continue;
      }
      float[] m = matrix((int) in, (int) size[i], scale == null ? 0 : scale[i], mode, alignCorners);
      NDArray mat = x.getManager().create(m, new Shape(in, size[i]));
      int axis = 2 + i;
      int last = d + 1;
      NDArray next;
      if (axis == last) {
        next = y.matMul(mat);
      } else {
        NDArray moved = y.swapAxes(axis, last);
        NDArray prod = moved.matMul(mat);
        next = prod.swapAxes(axis, last);
        MonaiModuleAccess.close(moved, prod);
      }
      MonaiModuleAccess.close(mat);
      if (y != x) {
        y.close();
      }
      y = next;
    }
    return y;
  }

  /** Output size {@code floor(in * scale)} per spatial axis, as PyTorch computes it. */
  public static long[] scaledSize(Shape in, double[] scale) {
    int d = in.dimension() - 2;
    long[] out = new long[d];
    for (int i = 0; i < d; i++) {
      out[i] = (long) Math.floor(in.get(2 + i) * scale[i]);
    }
    return out;
  }

  /** Column {@code o} holds the weights of the input samples for output sample {@code o}. */
  static float[] matrix(int in, int out, double userScale, Mode mode, boolean alignCorners) {
    float[] m = new float[in * out];
    if (mode == Mode.NEAREST) {
      double s = userScale > 0 ? 1.0 / userScale : (double) in / out;
      for (int o = 0; o < out; o++) {
        int src = Math.min((int) Math.floor(o * (float) s), in - 1);
        m[src * out + o] = 1f;
      }
      return m;
    }
    double s;
    if (alignCorners) {
      s = out > 1 ? (double) (in - 1) / (out - 1) : 0;
    } else {
      s = userScale > 0 ? 1.0 / userScale : (double) in / out;
    }
    for (int o = 0; o < out; o++) {
      double src = alignCorners ? s * o : Math.max(s * (o + 0.5) - 0.5, 0);
      int i0 = (int) src;
      int i1 = i0 < in - 1 ? i0 + 1 : i0;
      double l1 = src - i0;
      m[i0 * out + o] += (float) (1 - l1);
      m[i1 * out + o] += (float) l1;
    }
    return m;
  }
}
