package org.medbeam.core;

import java.util.Arrays;

/**
 * An immutable 4x4 homogeneous matrix mapping voxel indices {@code (i, j, k, 1)} to world
 * millimetres in RAS, the matrix nibabel's {@code img.affine} and MONAI's {@code
 * MetaTensor.affine} hold. Row-major.
 *
 * <p>For 2D images the matrix is still 4x4; the third column and row are those of the identity
 * unless the source said otherwise.
 */
public final class Affine {
  private static final Affine IDENTITY =
      new Affine(new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});

  private final double[] m;

  private Affine(double[] m) {
    this.m = m;
  }

  public static Affine identity() {
    return IDENTITY;
  }

  /** From 16 values, row-major. */
  public static Affine of(double... rowMajor) {
    if (rowMajor.length != 16) {
      throw new IllegalArgumentException(
          "an affine needs 16 row-major values, got " + rowMajor.length);
    }
    for (double v : rowMajor) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            "affine values must be finite, got " + Arrays.toString(rowMajor));
      }
    }
    return new Affine(rowMajor.clone());
  }

  /** From rows; a 3x3 or (n+1)x(n+1) matrix with n &lt; 3 is embedded in the 4x4 identity. */
  public static Affine fromRows(double[][] rows) {
    int n = rows.length;
    if (n == 4) {
      double[] m = new double[16];
      for (int r = 0; r < 4; r++) {
        if (rows[r].length != 4) {
          throw new IllegalArgumentException("affine rows must all have 4 values");
        }
        System.arraycopy(rows[r], 0, m, r * 4, 4);
      }
      return of(m);
    }
    if (n < 2 || n > 4) {
      throw new IllegalArgumentException("affine must be 2x2 .. 4x4 homogeneous, got " + n + " rows");
    }
    // (p+1)x(p+1) homogeneous matrix for p spatial dims: embed, translation in last column.
    int p = n - 1;
    double[] m = IDENTITY.m.clone();
    for (int r = 0; r < p; r++) {
      for (int c = 0; c < p; c++) {
        m[r * 4 + c] = rows[r][c];
      }
      m[r * 4 + 3] = rows[r][p];
    }
    return of(m);
  }

  /** A diagonal scaling affine with the given voxel sizes (and zero translation). */
  public static Affine scaling(double... zooms) {
    double[] m = IDENTITY.m.clone();
    for (int i = 0; i < Math.min(3, zooms.length); i++) {
      m[i * 5] = zooms[i];
    }
    return new Affine(m);
  }

  public double get(int row, int col) {
    return m[row * 4 + col];
  }

  /** A copy of the 16 values, row-major. */
  public double[] toArray() {
    return m.clone();
  }

  public double[][] toRows() {
    double[][] rows = new double[4][4];
    for (int r = 0; r < 4; r++) {
      System.arraycopy(m, r * 4, rows[r], 0, 4);
    }
    return rows;
  }

  /** {@code this · other}: apply {@code other} first, then this. */
  public Affine multiply(Affine other) {
    double[] o = other.m;
    double[] r = new double[16];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        double s = 0;
        for (int k = 0; k < 4; k++) {
          s += m[i * 4 + k] * o[k * 4 + j];
        }
        r[i * 4 + j] = s;
      }
    }
    return new Affine(r);
  }

  /** The inverse, by Gauss-Jordan elimination with partial pivoting. */
  public Affine inverse() {
    double[] a = m.clone();
    double[] inv = IDENTITY.m.clone();
    for (int col = 0; col < 4; col++) {
      int pivot = col;
      for (int r = col + 1; r < 4; r++) {
        if (Math.abs(a[r * 4 + col]) > Math.abs(a[pivot * 4 + col])) {
          pivot = r;
        }
      }
      if (Math.abs(a[pivot * 4 + col]) < 1e-300) {
        throw new ArithmeticException("affine is singular and cannot be inverted: " + this);
      }
      if (pivot != col) {
        swapRows(a, pivot, col);
        swapRows(inv, pivot, col);
      }
      double d = a[col * 4 + col];
      for (int c = 0; c < 4; c++) {
        a[col * 4 + c] /= d;
        inv[col * 4 + c] /= d;
      }
      for (int r = 0; r < 4; r++) {
        if (r != col) {
          double f = a[r * 4 + col];
          if (f != 0) {
            for (int c = 0; c < 4; c++) {
              a[r * 4 + c] -= f * a[col * 4 + c];
              inv[r * 4 + c] -= f * inv[col * 4 + c];
            }
          }
        }
      }
    }
    return new Affine(inv);
  }

  private static void swapRows(double[] a, int r1, int r2) {
    for (int c = 0; c < 4; c++) {
      double t = a[r1 * 4 + c];
      a[r1 * 4 + c] = a[r2 * 4 + c];
      a[r2 * 4 + c] = t;
    }
  }

  /** Maps a voxel index (up to 3 values; missing ones are 0) to world coordinates (3 values). */
  public double[] apply(double... ijk) {
    double i = ijk.length > 0 ? ijk[0] : 0;
    double j = ijk.length > 1 ? ijk[1] : 0;
    double k = ijk.length > 2 ? ijk[2] : 0;
    double[] out = new double[3];
    for (int r = 0; r < 3; r++) {
      out[r] = m[r * 4] * i + m[r * 4 + 1] * j + m[r * 4 + 2] * k + m[r * 4 + 3];
    }
    return out;
  }

  /**
   * Voxel sizes: the norms of the first {@code rank} columns, as nibabel's {@code
   * header.get_zooms()} derived from the affine and MONAI's {@code affine_to_spacing}.
   */
  public double[] spacing(int rank) {
    double[] s = new double[rank];
    for (int c = 0; c < rank; c++) {
      double sum = 0;
      for (int r = 0; r < 3; r++) {
        sum += m[r * 4 + c] * m[r * 4 + c];
      }
      s[c] = Math.sqrt(sum);
    }
    return s;
  }

  /** The translation column (world position of voxel 0). */
  public double[] translation() {
    return new double[] {m[3], m[7], m[11]};
  }

  public Affine withTranslation(double x, double y, double z) {
    double[] r = m.clone();
    r[3] = x;
    r[7] = y;
    r[11] = z;
    return new Affine(r);
  }

  /**
   * The {@code (rank+1)x(rank+1)} homogeneous matrix of the first {@code rank} spatial axes, as
   * MONAI's {@code to_affine_nd(rank, affine)}: rows/columns beyond {@code rank} are dropped and
   * the translation moves to the last column.
   */
  public double[][] toAffineNd(int rank) {
    double[][] r = new double[rank + 1][rank + 1];
    for (int i = 0; i < rank; i++) {
      for (int j = 0; j < rank; j++) {
        r[i][j] = m[i * 4 + j];
      }
      r[i][rank] = m[i * 4 + 3];
    }
    r[rank][rank] = 1;
    return r;
  }

  /**
   * Orientation codes of the first {@code rank} axes (nibabel's {@code aff2axcodes}), e.g. {@code
   * "RAS"}; an axis whose direction cannot be determined is {@code '?'}.
   */
  public String axcodes(int rank) {
    return Orientations.orntToAxcodes(Orientations.ioOrientation(this, rank));
  }

  /** {@code axcodes(3)}. */
  public String axcodes() {
    return axcodes(3);
  }

  /** True when every entry differs by at most {@code tol}. */
  public boolean almostEquals(Affine other, double tol) {
    for (int i = 0; i < 16; i++) {
      if (Math.abs(m[i] - other.m[i]) > tol) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Affine && Arrays.equals(m, ((Affine) o).m);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(m);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int r = 0; r < 4; r++) {
      sb.append(r == 0 ? "[" : ", [");
      for (int c = 0; c < 4; c++) {
        if (c > 0) {
          sb.append(", ");
        }
        sb.append(m[r * 4 + c]);
      }
      sb.append(']');
    }
    return sb.append(']').toString();
  }
}
