package org.medbeam.transforms.utility;

import java.util.Arrays;
import org.medbeam.core.Affine;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code SqueezeDim}: removes array axis {@code dim} (default 0, negative from the end),
 * which must have length 1; null removes every length-1 axis. With {@code update_meta} and a
 * spatial axis ({@code dim > 0}), the affine loses that axis's row and column, as MONAI's does. The
 * result must still be a volume (2 to 4 array axes).
 */
public final class SqueezeDim implements Transform {
  private static final long serialVersionUID = 1L;

  private final Integer dim;
  private final boolean updateMeta;

  public SqueezeDim(Integer dim, boolean updateMeta) {
    this.dim = dim;
    this.updateMeta = updateMeta;
  }

  public SqueezeDim(int dim) {
    this(dim, true);
  }

  @Override
  public Volume apply(Volume img) {
    int[] shape = img.shape();
    int n = shape.length;
    if (dim == null) {
      int[] out = Arrays.stream(shape).filter(s -> s != 1).toArray();
      return Axes.reshape(img, checked(out, shape));
    }
    int d = dim < 0 ? dim + n : dim;
    if (d < 0 || d >= n) {
      throw new IllegalArgumentException(
          "SqueezeDim: dim " + dim + " is out of range for shape " + Arrays.toString(shape));
    }
    if (shape[d] != 1) {
      throw new IllegalArgumentException(
          "SqueezeDim: Can only squeeze singleton dimension, got shape "
              + shape[d]
              + " of "
              + Arrays.toString(shape));
    }
    int[] out = new int[n - 1];
    for (int i = 0, p = 0; i < n; i++) {
      if (i != d) {
        out[p++] = shape[i];
      }
    }
    Volume v = Axes.reshape(img, checked(out, shape));
    if (updateMeta && d > 0) {
      v = v.withAffine(dropAxis(img.affine(), d - 1));
    }
    return v;
  }

  private static int[] checked(int[] out, int[] shape) {
    if (out.length < 2) {
      throw new IllegalArgumentException(
          "SqueezeDim: squeezing "
              + Arrays.toString(shape)
              + " leaves "
              + Arrays.toString(out)
              + ", fewer than the 2 axes a volume needs");
    }
    return out;
  }

  /** The 4x4 affine without row and column {@code k}, re-embedded (MONAI's 3x3 affine). */
  static Affine dropAxis(Affine a, int k) {
    double[][] r = a.toRows();
    double[][] m = new double[3][3];
    for (int i = 0, pi = 0; i < 4; i++) {
      if (i == k) {
        continue;
      }
      for (int j = 0, pj = 0; j < 4; j++) {
        if (j == k) {
          continue;
        }
        m[pi][pj++] = r[i][j];
      }
      pi++;
    }
    return Affine.fromRows(m);
  }
}
