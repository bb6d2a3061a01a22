package org.medbeam.transforms.croppad;

import java.util.Arrays;

/**
 * MONAI's {@code BorderPad}: adds fixed borders. {@code spatial_border} is one value (every side of
 * every axis), one per spatial axis (both sides), or two per axis ({@code [before_0, after_0,
 * before_1, ...]}); negative values count as 0. Shapes {@code (C, X[, Y[, Z]])}.
 */
public final class BorderPad extends PadBase {
  private static final long serialVersionUID = 1L;

  private final int[] spatialBorder;

  public BorderPad(int[] spatialBorder, String mode, double value) {
    super(mode, value);
    if (spatialBorder == null || spatialBorder.length == 0) {
      throw new IllegalArgumentException("BorderPad: spatial_border must have at least one value");
    }
    this.spatialBorder = spatialBorder.clone();
  }

  public BorderPad(int... spatialBorder) {
    this(spatialBorder, "constant", 0);
  }

  @Override
  public int[][] computePadWidth(int[] shape) {
    int r = shape.length;
    int[] b = new int[spatialBorder.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = Math.max(0, spatialBorder[i]);
    }
    int[][] p = new int[r][2];
    if (b.length == 1) {
      for (int[] q : p) {
        q[0] = b[0];
        q[1] = b[0];
      }
    } else if (b.length == r) {
      for (int i = 0; i < r; i++) {
        p[i][0] = b[i];
        p[i][1] = b[i];
      }
    } else if (b.length == 2 * r) {
      for (int i = 0; i < r; i++) {
        p[i][0] = b[2 * i];
        p[i][1] = b[2 * i + 1];
      }
    } else {
      throw new IllegalArgumentException(
          "BorderPad: unsupported spatial_border length "
              + b.length
              + " "
              + Arrays.toString(spatialBorder)
              + "; available options are [1, len(spatial_shape)="
              + r
              + ", 2*len(spatial_shape)="
              + 2 * r
              + "]");
    }
    return p;
  }

  @Override
  public String toString() {
    return "BorderPad(spatial_border=" + Arrays.toString(spatialBorder) + ", mode=" + mode + ")";
  }
}
