package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code FgBgToIndices}: the foreground and background voxel indices of a label ({@link
 * LabelIndices#binaryToIndices}, MONAI's C-order flat indices; with an image, background only where
 * {@code image > image_threshold}), to precompute once for {@code RandCropByPosNegLabel}. With
 * {@code output_shape}, coordinates ({@code N x ndim}) instead.
 */
public final class FgBgToIndices implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final double imageThreshold;
  private final int[] outputShape;

  public FgBgToIndices(double imageThreshold, int[] outputShape) {
    this.imageThreshold = imageThreshold;
    this.outputShape = outputShape == null ? null : outputShape.clone();
  }

  public FgBgToIndices() {
    this(0.0, null);
  }

  /** {@code {fg, bg}} flat indices. */
  public int[][] apply(Volume label, Volume image, int threads) {
    return LabelIndices.binaryToIndices(label, image, imageThreshold, threads);
  }

  /** Flat indices, or coordinates with {@code output_shape}, as sample values. */
  Object[] values(Volume label, Volume image, int threads) {
    int[][] fb = apply(label, image, threads);
    if (outputShape == null) {
      return new Object[] {fb[0], fb[1]};
    }
    return new Object[] {unravel(fb[0], outputShape), unravel(fb[1], outputShape)};
  }

  static List<int[]> unravel(int[] idx, int[] shape) {
    List<int[]> out = new ArrayList<>(idx.length);
    for (int i : idx) {
      out.add(LabelIndices.unravelC(i, shape));
    }
    return out;
  }
}
