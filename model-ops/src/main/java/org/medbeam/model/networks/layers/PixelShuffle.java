package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * MONAI's {@code pixelshuffle(x, spatial_dims, scale_factor)}: {@code (B, C * f^d, S...)} to {@code
 * (B, C, S * f...)}; input channel {@code c * f^d + (r1 * f + r2) * f + r3} lands at offset {@code
 * (r1, r2, r3)} of output cell {@code c}.
 */
public final class PixelShuffle {
  private PixelShuffle() {}

  public static NDArray apply(NDArray x, int spatialDims, int factor) {
    Shape s = x.getShape();
    long divisor = 1;
    for (int i = 0; i < spatialDims; i++) {
      divisor *= factor;
    }
    if (s.get(1) % divisor != 0) {
      throw new IllegalArgumentException(
          "Number of input channels ("
              + s.get(1)
              + ") must be evenly divisible by scale_factor ** dimensions ("
              + factor
              + "**"
              + spatialDims
              + "="
              + divisor
              + ").");
    }
    int d = spatialDims;
    long[] unfold = new long[2 + 2 * d];
    unfold[0] = s.get(0);
    unfold[1] = s.get(1) / divisor;
    long[] out = new long[2 + d];
    out[0] = s.get(0);
    out[1] = unfold[1];
    int[] perm = new int[2 + 2 * d];
    perm[0] = 0;
    perm[1] = 1;
    for (int i = 0; i < d; i++) {
      unfold[2 + i] = factor;
      unfold[2 + d + i] = s.get(2 + i);
      out[2 + i] = s.get(2 + i) * factor;
      perm[2 + 2 * i] = 2 + d + i;
      perm[3 + 2 * i] = 2 + i;
    }
    return x.reshape(new Shape(unfold)).transpose(perm).reshape(new Shape(out));
  }
}
