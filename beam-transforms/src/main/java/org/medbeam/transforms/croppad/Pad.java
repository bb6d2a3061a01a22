package org.medbeam.transforms.croppad;

import java.util.Arrays;

/**
 * MONAI's {@code Pad}: pads by explicit amounts, {@code to_pad} per spatial axis {@code {before,
 * after}} (MONAI also lists the channel, always {@code (0, 0)}; here only spatial axes).
 */
public final class Pad extends PadBase {
  private static final long serialVersionUID = 1L;

  private final int[][] toPad;

  public Pad(int[][] toPad, String mode, double value) {
    super(mode, value);
    this.toPad = new int[toPad.length][];
    for (int i = 0; i < toPad.length; i++) {
      if (toPad[i].length != 2 || toPad[i][0] < 0 || toPad[i][1] < 0) {
        throw new IllegalArgumentException(
            "Pad: to_pad must hold non-negative {before, after} pairs, got "
                + Arrays.deepToString(toPad));
      }
      this.toPad[i] = toPad[i].clone();
    }
  }

  @Override
  public int[][] computePadWidth(int[] shape) {
    if (toPad.length != shape.length) {
      throw new IllegalArgumentException(
          "Pad: to_pad has "
              + toPad.length
              + " pairs for an image with "
              + shape.length
              + " spatial axes");
    }
    int[][] p = new int[toPad.length][];
    for (int i = 0; i < p.length; i++) {
      p[i] = toPad[i].clone();
    }
    return p;
  }
}
