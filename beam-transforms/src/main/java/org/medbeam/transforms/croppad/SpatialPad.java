package org.medbeam.transforms.croppad;

import java.util.Arrays;
import org.medbeam.transforms.utility.Tuples;

/**
 * MONAI's {@code SpatialPad}: pads each spatial axis up to {@code spatial_size} (entries {@code <=
 * 0}, or smaller than the image, leave that axis alone). {@code method="symmetric"} puts {@code
 * width // 2} before and the rest, the odd voxel, after; {@code "end"} pads after only. Shapes
 * {@code (C, X[, Y[, Z]])}; the affine origin moves by the pad before.
 */
public final class SpatialPad extends PadBase {
  private static final long serialVersionUID = 1L;

  private final int[] spatialSize;
  private final boolean symmetric;

  /**
   * @param spatialSize target size per axis (one value for all axes, or one per axis)
   * @param method {@code "symmetric"} or {@code "end"}
   * @param mode a numpy/PyTorch pad mode ({@link Padding#MODES})
   * @param value the constant for {@code mode="constant"}
   */
  public SpatialPad(int[] spatialSize, String method, String mode, double value) {
    super(mode, value);
    this.spatialSize = Tuples.nonEmpty("SpatialPad", "spatial_size", spatialSize);
    this.symmetric = parseMethod("SpatialPad", method);
  }

  public SpatialPad(int... spatialSize) {
    this(spatialSize, "symmetric", "constant", 0);
  }

  static boolean parseMethod(String owner, String method) {
    if (method == null || method.equalsIgnoreCase("symmetric")) {
      return true;
    }
    if (method.equalsIgnoreCase("end")) {
      return false;
    }
    throw new IllegalArgumentException(
        owner + ": method is \"" + method + "\"; accepted: symmetric, end");
  }

  @Override
  public int[][] computePadWidth(int[] shape) {
    int[] target = Tuples.fallBack("SpatialPad", "spatial_size", spatialSize, shape);
    return Padding.toSize(shape, target, symmetric);
  }

  @Override
  public String toString() {
    return "SpatialPad(spatial_size="
        + Arrays.toString(spatialSize)
        + ", method="
        + (symmetric ? "symmetric" : "end")
        + ", mode="
        + mode
        + ")";
  }
}
