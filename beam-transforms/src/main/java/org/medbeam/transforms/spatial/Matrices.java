package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.Affine;

/**
 * Small dense-matrix helpers with MONAI's conventions ({@code create_rotate}, {@code
 * create_shear}, {@code create_translate}, {@code create_scale}, {@code scale_affine}, {@code
 * to_affine_nd}). Matrices are {@code (r+1)x(r+1)} homogeneous {@code double[][]} for spatial rank
 * {@code r}, embedded in a 4x4 {@link Affine} (identity on unused axes, translation in the last
 * column) when stored on a volume.
 */
final class Matrices {
  private Matrices() {}

  static double[][] eye(int n) {
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      m[i][i] = 1;
    }
    return m;
  }

  static double[][] mul(double[][] a, double[][] b) {
    int n = a.length;
    int k = b.length;
    int p = b[0].length;
    double[][] r = new double[n][p];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < p; j++) {
        double s = 0;
        for (int t = 0; t < k; t++) {
          s += a[i][t] * b[t][j];
        }
        r[i][j] = s;
      }
    }
    return r;
  }

  static double[][] copy(double[][] a) {
    double[][] r = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i].clone();
    }
    return r;
  }

  /** Inverse by Gauss-Jordan elimination with partial pivoting. */
  static double[][] inv(double[][] m) {
    int n = m.length;
    double[][] a = copy(m);
    double[][] r = eye(n);
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int i = col + 1; i < n; i++) {
        if (Math.abs(a[i][col]) > Math.abs(a[piv][col])) {
          piv = i;
        }
      }
      if (Math.abs(a[piv][col]) < 1e-300) {
        throw new ArithmeticException("matrix is singular: " + Arrays.deepToString(m));
      }
      double[] t = a[piv];
      a[piv] = a[col];
      a[col] = t;
      t = r[piv];
      r[piv] = r[col];
      r[col] = t;
      double d = a[col][col];
      for (int j = 0; j < n; j++) {
        a[col][j] /= d;
        r[col][j] /= d;
      }
      for (int i = 0; i < n; i++) {
        if (i != col && a[i][col] != 0) {
          double f = a[i][col];
          for (int j = 0; j < n; j++) {
            a[i][j] -= f * a[col][j];
            r[i][j] -= f * r[col][j];
          }
        }
      }
    }
    return r;
  }

  /** {@code a⁻¹·b} (numpy's {@code linalg.solve(a, b)}). */
  static double[][] solve(double[][] a, double[][] b) {
    return mul(inv(a), b);
  }

  /** MONAI's {@code to_affine_nd(r, affine)} of a 4x4 affine. */
  static double[][] nd(Affine a, int r) {
    return a.toAffineNd(r);
  }

  /** MONAI's {@code to_affine_nd(r, m)} for a square homogeneous matrix of any size. */
  static double[][] nd(double[][] m, int r) {
    double[][] out = eye(r + 1);
    int d = Math.max(Math.min(r, m.length - 1), 1);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        out[i][j] = m[i][j];
      }
    }
    if (d > 1) {
      for (int i = 0; i < d; i++) {
        out[i][r] = m[i][m.length - 1];
      }
    }
    return out;
  }

  /** Embeds an {@code (r+1)x(r+1)} homogeneous matrix in a 4x4 {@link Affine}. */
  static Affine embed(double[][] m) {
    if (m.length == 4) {
      return Affine.fromRows(m);
    }
    return Affine.fromRows(nd(m, 3));
  }

  static double[][] translate(int r, double[] shift) {
    double[][] m = eye(r + 1);
    for (int i = 0; i < r; i++) {
      m[i][r] = i < shift.length ? shift[i] : 0;
    }
    return m;
  }

  static double[][] scale(int r, double[] s) {
    double[][] m = eye(r + 1);
    for (int i = 0; i < r; i++) {
      m[i][i] = i < s.length ? s[i] : 1;
    }
    return m;
  }

  /**
   * MONAI's {@code create_rotate}: 2D one angle; 3D {@code R_x(θ0)·R_y(θ1)·R_z(θ2)} for as
   * many angles as given (rotations in the (1,2), (0,2) and (0,1) planes).
   */
  static double[][] rotate(int r, double[] radians) {
    if (radians.length == 0) {
      throw new IllegalArgumentException("radians must be non empty");
    }
    if (r == 2) {
      double s = Math.sin(radians[0]);
      double c = Math.cos(radians[0]);
      double[][] m = eye(3);
      m[0][0] = c;
      m[0][1] = -s;
      m[1][0] = s;
      m[1][1] = c;
      return m;
    }
    if (r != 3) {
      throw new IllegalArgumentException("rotation needs 2 or 3 spatial dimensions, got " + r);
    }
    double s = Math.sin(radians[0]);
    double c = Math.cos(radians[0]);
    double[][] m = eye(4);
    m[1][1] = c;
    m[1][2] = -s;
    m[2][1] = s;
    m[2][2] = c;
    if (radians.length >= 2) {
      s = Math.sin(radians[1]);
      c = Math.cos(radians[1]);
      double[][] b = eye(4);
      b[0][0] = c;
      b[0][2] = s;
      b[2][0] = -s;
      b[2][2] = c;
      m = mul(m, b);
    }
    if (radians.length >= 3) {
      s = Math.sin(radians[2]);
      c = Math.cos(radians[2]);
      double[][] b = eye(4);
      b[0][0] = c;
      b[0][1] = -s;
      b[1][0] = s;
      b[1][1] = c;
      m = mul(m, b);
    }
    return m;
  }

  /** MONAI's {@code create_shear}: 2 coefficients in 2D, 6 in 3D (missing ones 0). */
  static double[][] shear(int r, double[] coefs) {
    double[] c = Arrays.copyOf(coefs, r == 2 ? 2 : 6);
    double[][] m = eye(r + 1);
    if (r == 2) {
      m[0][1] = c[0];
      m[1][0] = c[1];
    } else if (r == 3) {
      m[0][1] = c[0];
      m[0][2] = c[1];
      m[1][0] = c[2];
      m[1][2] = c[3];
      m[2][0] = c[4];
      m[2][1] = c[5];
    } else {
      throw new IllegalArgumentException("shear needs 2 or 3 spatial dimensions, got " + r);
    }
    return m;
  }

  /**
   * MONAI's {@code scale_affine(spatial_size, new_spatial_size)}: scale {@code in/out} about the
   * image centre; identity when the sizes are equal.
   */
  static double[][] scaleAffine(int[] in, int[] out) {
    int r = Math.max(in.length, out.length);
    if (Arrays.equals(in, out)) {
      return eye(r + 1);
    }
    double[][] m = eye(r + 1);
    for (int i = 0; i < Math.min(in.length, out.length); i++) {
      double s = (double) in[i] / Math.max(out[i], 1);
      m[i][i] = s;
      m[i][r] = (s - 1) / 2.0;
    }
    return m;
  }

  /** Column norms of the top-left {@code r x r} block, zeros read as 1 (affine_to_spacing). */
  static double[] spacing(double[][] a, int r) {
    double[] s = new double[r];
    for (int c = 0; c < r; c++) {
      double sum = 0;
      for (int i = 0; i < r; i++) {
        sum += a[i][c] * a[i][c];
      }
      s[c] = Math.sqrt(sum);
      if (s[c] == 0) {
        s[c] = 1;
      }
    }
    return s;
  }

  /** Upper-triangular Cholesky factor {@code U}, {@code UᵀU = a} (numpy's cholesky(a).T). */
  static double[][] choleskyUpper(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (s <= 0) {
            throw new ArithmeticException(
                "matrix is not positive definite: " + Arrays.deepToString(a));
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[][] u = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        u[i][j] = l[j][i];
      }
    }
    return u;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  /** numpy's {@code allclose(a, b, rtol=1e-5, atol=atol)}. */
  static boolean allclose(double[][] a, double[][] b, double atol) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        if (Math.abs(a[i][j] - b[i][j]) > atol + 1e-5 * Math.abs(b[i][j])) {
          return false;
        }
      }
    }
    return true;
  }

  static double[] flatten(double[][] m) {
    double[] out = new double[m.length * m.length];
    for (int i = 0; i < m.length; i++) {
      System.arraycopy(m[i], 0, out, i * m.length, m.length);
    }
    return out;
  }

  static double[][] unflatten(double[] v) {
    int n = (int) Math.round(Math.sqrt(v.length));
    if (n * n != v.length) {
      throw new IllegalArgumentException("not a square matrix: " + v.length + " values");
    }
    double[][] m = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(v, i * n, m[i], 0, n);
    }
    return m;
  }

  /**
   * The sampling matrix of MONAI's {@code AffineTransform(normalized=False)} path ({@code
   * spatial_resample}, {@code rotate}): {@code xform} itself unless {@code align_corners}, where
   * PyTorch normalises with align_corners=False but samples with align_corners=True, i.e. input
   * {@code (A(j·D/(D-1) - 0.5) + 0.5)·(S-1)/S}.
   */
  static double[][] affineTransformMap(
      double[][] xform, int[] inShape, int[] outShape, boolean alignCorners) {
    if (!alignCorners) {
      return xform;
    }
    int r = xform.length - 1;
    double[][] tOut = eye(r + 1);
    double[][] tIn = eye(r + 1);
    for (int i = 0; i < r; i++) {
      int d = outShape[i];
      if (d > 1) {
        tOut[i][i] = (double) d / (d - 1);
        tOut[i][r] = -0.5;
      } else {
        tOut[i][i] = 0;
        tOut[i][r] = 0;
      }
      int s = inShape[i];
      tIn[i][i] = (double) (s - 1) / s;
      tIn[i][r] = 0.5 * (s - 1) / s;
    }
    return mul(mul(tIn, xform), tOut);
  }

  /**
   * The sampling matrix of MONAI's {@code AffineGrid} + {@code Resample} path ({@code Affine},
   * {@code RandAffine}) for a centred-coordinate affine {@code a}: {@code T((S-1)/2) · diag(s_in)
   * · a · diag(s_out) · T(-(D-1)/2)} with {@code s_in = S/max(S,2)} ({@code (S-1)/max(S,2)} when
   * {@code align_corners}) and {@code s_out = 1} ({@code max(D,2)/(max(D,2)-1)} when {@code
   * align_corners}).
   */
  static double[][] resamplePathMap(
      double[][] a, int[] inShape, int[] outShape, boolean alignCorners) {
    int r = a.length - 1;
    double[] sIn = new double[r];
    double[] sOut = new double[r];
    double[] cIn = new double[r];
    double[] cOut = new double[r];
    for (int i = 0; i < r; i++) {
      int s = inShape[i];
      int d = outShape[i];
      sIn[i] = (alignCorners ? s - 1.0 : s) / Math.max(s, 2);
      sOut[i] = alignCorners ? Math.max(d, 2) / (Math.max(d, 2) - 1.0) : 1.0;
      cIn[i] = (s - 1) / 2.0;
      cOut[i] = -(d - 1) / 2.0;
    }
    return mul(
        mul(mul(translate(r, cIn), scale(r, sIn)), a), mul(scale(r, sOut), translate(r, cOut)));
  }

  /** MONAI's {@code Affine.compute_w_affine}: {@code T((in-1)/2) · a · T(-(out-1)/2)}. */
  static double[][] computeWAffine(double[][] a, int[] inShape, int[] outShape) {
    int r = a.length - 1;
    double[] c1 = new double[r];
    double[] c2 = new double[r];
    for (int i = 0; i < r; i++) {
      c1[i] = (inShape[i] - 1) / 2.0;
      c2[i] = -(outShape[i] - 1) / 2.0;
    }
    return mul(mul(translate(r, c1), a), translate(r, c2));
  }
}
