package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.Affine;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code SplitDim}: splits array axis {@code dim} (default -1) into single slices, kept as
 * length-1 axes ({@code keepdim}) or removed. With {@code update_meta} and a spatial axis, slice
 * {@code i}'s affine origin moves to index {@code i} along that axis (MONAI's {@code affine @
 * shift}) - only with {@code keepdim}, as in MONAI 1.4, whose squeezed slices keep the input's
 * affine. Each result must still be a volume (2 to 4 array axes).
 */
public final class SplitDim implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final int dim;
  private final boolean keepdim;
  private final boolean updateMeta;

  public SplitDim(int dim, boolean keepdim, boolean updateMeta) {
    this.dim = dim;
    this.keepdim = keepdim;
    this.updateMeta = updateMeta;
  }

  public List<Volume> split(Volume img) {
    int[] shape = img.shape();
    int n = shape.length;
    int d = dim < 0 ? dim + n : dim;
    if (d < 0 || d >= n) {
      throw new IllegalArgumentException(
          "SplitDim: dim " + dim + " is out of range for shape " + Arrays.toString(shape));
    }
    // move the split axis first, then each slice is a contiguous block
    int[] perm = new int[n];
    perm[0] = d;
    for (int i = 0, p = 1; i < n; i++) {
      if (i != d) {
        perm[p++] = i;
      }
    }
    int[] inverse = new int[n];
    for (int i = 0; i < n; i++) {
      inverse[perm[i]] = i;
    }
    Volume moved = d == 0 ? img : Axes.transpose(img, perm);
    int count = shape[d];
    int block = count == 0 ? 0 : moved.size() / count;
    int[] sliceShape = moved.shape();
    sliceShape[0] = 1;
    List<Volume> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Object data = img.dtype().allocate(block);
      System.arraycopy(moved.array(), i * block, data, 0, block);
      Volume s = moved.withData(data, img.dtype(), sliceShape);
      if (d != 0) {
        s = Axes.transpose(s, inverse);
      }
      if (!keepdim) {
        int[] sq = new int[n - 1];
        for (int j = 0, p = 0; j < n; j++) {
          if (j != d) {
            sq[p++] = shape[j];
          }
        }
        if (sq.length < 2) {
          throw new IllegalArgumentException(
              "SplitDim: keepdim=false on "
                  + Arrays.toString(shape)
                  + " leaves 1-D slices, "
                  + "which are not volumes");
        }
        s = Axes.reshape(s, sq);
      }
      if (updateMeta && d != 0 && keepdim) {
        double[] m = img.affine().toArray();
        int col = d - 1;
        for (int row = 0; row < 3; row++) {
          m[row * 4 + 3] = m[row * 4 + col] * i + m[row * 4 + 3];
        }
        s = s.withAffine(Affine.of(m));
      }
      out.add(s);
    }
    return out;
  }
}
