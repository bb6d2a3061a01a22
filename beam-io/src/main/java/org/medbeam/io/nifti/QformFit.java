package org.medbeam.io.nifti;

import org.medbeam.core.Affine;

/**
 * The qform parameters nibabel's {@code Nifti1Header.set_qform(affine)} writes for a possibly
 * non-orthogonal affine: zooms are the column norms of the 3x3 part, {@code qfac = -1} (and the
 * third column negated) when the normalized matrix has a negative determinant, the rotation is the
 * closest orthogonal matrix (polar decomposition, nibabel's {@code P @ Qs} from an SVD) and the
 * quaternion is that rotation's, with {@code w >= 0} (nibabel's {@code mat2quat}).
 */
final class QformFit {
  final double qfac;
  final double[] zooms;
  /** Quaternion (w, b, c, d), w &gt;= 0. */
  final double[] quaternion;
  final double[] offset;

  private QformFit(double qfac, double[] zooms, double[] quaternion, double[] offset) {
    this.qfac = qfac;
    this.zooms = zooms;
    this.quaternion = quaternion;
    this.offset = offset;
  }

  /**
   * @throws IllegalArgumentException when a column of the 3x3 part is zero (no rotation exists)
   */
  static QformFit of(Affine affine) {
    double[] a = affine.toArray();
    double[] zooms = new double[3];
    double[] r = new double[9];
    for (int c = 0; c < 3; c++) {
      double s = 0;
      for (int row = 0; row < 3; row++) {
        s += a[4 * row + c] * a[4 * row + c];
      }
      zooms[c] = Math.sqrt(s);
      if (zooms[c] == 0) {
        throw new IllegalArgumentException(
            "affine column " + c + " is zero, so no qform rotation exists: " + affine);
      }
      for (int row = 0; row < 3; row++) {
        r[3 * row + c] = a[4 * row + c] / zooms[c];
      }
    }
    double qfac = 1;
    if (!(det3(r) > 0)) {
      qfac = -1;
      for (int row = 0; row < 3; row++) {
        r[3 * row + 2] = -r[3 * row + 2];
      }
    }
    double[] rot = closestRotation(r);
    double[] q = matrixToQuaternion(rot);
    return new QformFit(qfac, zooms, q, new double[] {a[3], a[7], a[11]});
  }

  static double det3(double[] m) {
    return m[0] * (m[4] * m[8] - m[5] * m[7])
        - m[1] * (m[3] * m[8] - m[5] * m[6])
        + m[2] * (m[3] * m[7] - m[4] * m[6]);
  }

  /**
   * The orthogonal polar factor of a non-singular 3x3 matrix (row-major) by Newton's iteration
   * {@code Q <- (Q + Q^-T) / 2}, which converges quadratically to {@code U V^T} of its SVD.
   */
  static double[] closestRotation(double[] m) {
    double[] q = m.clone();
    for (int it = 0; it < 100; it++) {
      double[] inv = inverse3(q);
      double diff = 0;
      double[] next = new double[9];
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 3; j++) {
          next[3 * i + j] = 0.5 * (q[3 * i + j] + inv[3 * j + i]); // inverse transposed
          diff = Math.max(diff, Math.abs(next[3 * i + j] - q[3 * i + j]));
        }
      }
      q = next;
      if (diff < 1e-15) {
        break;
      }
    }
    return q;
  }

  private static double[] inverse3(double[] m) {
    double det = det3(m);
    if (det == 0 || !Double.isFinite(det)) {
      throw new IllegalArgumentException("affine rotation part is singular; no qform exists");
    }
    double[] r = new double[9];
    r[0] = (m[4] * m[8] - m[5] * m[7]) / det;
    r[1] = (m[2] * m[7] - m[1] * m[8]) / det;
    r[2] = (m[1] * m[5] - m[2] * m[4]) / det;
    r[3] = (m[5] * m[6] - m[3] * m[8]) / det;
    r[4] = (m[0] * m[8] - m[2] * m[6]) / det;
    r[5] = (m[2] * m[3] - m[0] * m[5]) / det;
    r[6] = (m[3] * m[7] - m[4] * m[6]) / det;
    r[7] = (m[1] * m[6] - m[0] * m[7]) / det;
    r[8] = (m[0] * m[4] - m[1] * m[3]) / det;
    return r;
  }

  /**
   * The unit quaternion (w, x, y, z), w &gt;= 0, of a rotation matrix (row-major), by Shepperd's
   * method (from the largest of w, x, y, z, for accuracy). For a rotation this is the quaternion
   * nibabel's {@code mat2quat} finds as the dominant eigenvector of Bar-Itzhack's matrix.
   */
  static double[] matrixToQuaternion(double[] m) {
    double trace = m[0] + m[4] + m[8];
    double w;
    double x;
    double y;
    double z;
    if (trace > 0) {
      double s = 0.5 / Math.sqrt(trace + 1);
      w = 0.25 / s;
      x = (m[7] - m[5]) * s;
      y = (m[2] - m[6]) * s;
      z = (m[3] - m[1]) * s;
    } else if (m[0] > m[4] && m[0] > m[8]) {
      double s = 2 * Math.sqrt(1 + m[0] - m[4] - m[8]);
      w = (m[7] - m[5]) / s;
      x = 0.25 * s;
      y = (m[1] + m[3]) / s;
      z = (m[2] + m[6]) / s;
    } else if (m[4] > m[8]) {
      double s = 2 * Math.sqrt(1 + m[4] - m[0] - m[8]);
      w = (m[2] - m[6]) / s;
      x = (m[1] + m[3]) / s;
      y = 0.25 * s;
      z = (m[5] + m[7]) / s;
    } else {
      double s = 2 * Math.sqrt(1 + m[8] - m[0] - m[4]);
      w = (m[3] - m[1]) / s;
      x = (m[2] + m[6]) / s;
      y = (m[5] + m[7]) / s;
      z = 0.25 * s;
    }
    double norm = Math.sqrt(w * w + x * x + y * y + z * z);
    double sign = w < 0 ? -1 : 1;
    return new double[] {sign * w / norm, sign * x / norm, sign * y / norm, sign * z / norm};
  }
}
