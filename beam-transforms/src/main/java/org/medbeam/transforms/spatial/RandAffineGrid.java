package org.medbeam.transforms.spatial;

import java.io.Serializable;
import java.util.Arrays;
import org.medbeam.core.RandomState;

/**
 * MONAI's {@code RandAffineGrid} parameter drawing: for each entry of {@code rotate_range}, {@code
 * shear_range}, {@code translate_range}, {@code scale_range} (in that order) one {@code
 * uniform(-f, f)} or {@code uniform(min, max)}; scale gets +1. Absent ranges draw nothing.
 */
final class RandAffineGrid implements Serializable {
  private static final long serialVersionUID = 1L;

  final double[][] rotateRange;
  final double[][] shearRange;
  final double[][] translateRange;
  final double[][] scaleRange;

  RandAffineGrid(double[][] rotate, double[][] shear, double[][] translate, double[][] scale) {
    this.rotateRange = rotate;
    this.shearRange = shear;
    this.translateRange = translate;
    this.scaleRange = scale;
  }

  static RandAffineGrid none() {
    return new RandAffineGrid(new double[0][], new double[0][], new double[0][], new double[0][]);
  }

  boolean isEmpty() {
    return rotateRange.length + shearRange.length + translateRange.length + scaleRange.length
        == 0;
  }

  /** Drawn affine parameters. */
  static final class Params implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] rotate;
    final double[] shear;
    final double[] translate;
    final double[] scale;

    Params(double[] rotate, double[] shear, double[] translate, double[] scale) {
      this.rotate = rotate;
      this.shear = shear;
      this.translate = translate;
      this.scale = scale;
    }

    static Params identity() {
      return new Params(new double[0], new double[0], new double[0], new double[0]);
    }

    /** MONAI's AffineGrid matrix {@code rotate · shear · translate · scale} for rank r. */
    double[][] matrix(int r) {
      return Affine.compose(r, rotate, shear, translate, scale);
    }

    @Override
    public String toString() {
      return "rotate=" + Arrays.toString(rotate) + ", shear=" + Arrays.toString(shear)
          + ", translate=" + Arrays.toString(translate) + ", scale=" + Arrays.toString(scale);
    }
  }

  Params draw(RandomState r) {
    return new Params(
        param(r, rotateRange, 0.0),
        param(r, shearRange, 0.0),
        param(r, translateRange, 0.0),
        param(r, scaleRange, 1.0));
  }

  private static double[] param(RandomState r, double[][] range, double add) {
    double[] out = new double[range.length];
    int n = 0;
    for (double[] f : range) {
      if (f == null) {
        continue;
      }
      out[n++] = (f.length == 2 ? r.uniform(f[0], f[1]) : r.uniform(-f[0], f[0])) + add;
    }
    return Arrays.copyOf(out, n);
  }
}
