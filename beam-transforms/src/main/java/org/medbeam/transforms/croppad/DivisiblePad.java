package org.medbeam.transforms.croppad;

import java.util.Arrays;
import org.medbeam.transforms.utility.Tuples;

/**
 * MONAI's {@code DivisiblePad}: pads each spatial axis up to the next multiple of {@code k} ({@code
 * k <= 0} leaves the axis alone), split as {@link SpatialPad} does. Shapes {@code (C, X[, Y[,
 * Z]])}.
 */
public final class DivisiblePad extends PadBase {
  private static final long serialVersionUID = 1L;

  private final int[] k;
  private final boolean symmetric;

  public DivisiblePad(int[] k, String method, String mode, double value) {
    super(mode, value);
    this.k = Tuples.nonEmpty("DivisiblePad", "k", k);
    this.symmetric = SpatialPad.parseMethod("DivisiblePad", method);
  }

  public DivisiblePad(int... k) {
    this(k, "symmetric", "constant", 0);
  }

  /** MONAI's {@code compute_divisible_spatial_size}: {@code ceil(size / k) * k} per axis. */
  public static int[] divisibleSize(int[] shape, int[] k) {
    int[] kk = Tuples.fallBack("DivisiblePad", "k", k, ones(shape.length));
    int[] out = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = kk[i] > 0 ? (int) (Math.ceil((double) shape[i] / kk[i]) * kk[i]) : shape[i];
    }
    return out;
  }

  private static int[] ones(int n) {
    int[] o = new int[n];
    Arrays.fill(o, 1);
    return o;
  }

  @Override
  public int[][] computePadWidth(int[] shape) {
    return Padding.toSize(shape, divisibleSize(shape, k), symmetric);
  }

  @Override
  public String toString() {
    return "DivisiblePad(k=" + Arrays.toString(k) + ", mode=" + mode + ")";
  }
}
