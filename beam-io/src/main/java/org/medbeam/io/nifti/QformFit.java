package org.medbeam.io.nifti;

import org.medbeam.core.Affine;

/**
 * The qform parameters nibabel's {@code Nifti1Header.set_qform(affine)} writes for a possibly
 * non-orthogonal affine: zooms are the column norms of the 3x3 part, {@code qfac = -1} (and the
 * third column negated) when the normalized matrix has a negative determinant, the rotation is the
 * closest orthogonal matrix (polar decomposition, nibabel's {@code P @ Qs} from an SVD) and the
 * quaternion is the eigenvector of the largest eigenvalue of Bar-Itzhack's symmetric matrix
 * (nibabel's {@code mat2quat}), with {@code w >= 0}.
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

  /** nibabel's {@code mat2quat}: quaternion (w, x, y, z) with w &gt;= 0 of a rotation matrix. */
  static double[] matrixToQuaternion(double[] m) {
    double qxx = m[0];
    double qyx = m[1];
    double qzx = m[2];
    double qxy = m[3];
    double qyy = m[4];
    double qzy = m[5];
    double qxz = m[6];
    double qyz = m[7];
    double qzz = m[8];
    // symmetric K (lower half as nibabel fills it), divided by 3
    double[][] k = {
      {qxx - qyy - qzz, qyx + qxy, qzx + qxz, qyz - qzy},
      {qyx + qxy, qyy - qxx - qzz, qzy + qyz, qzx - qxz},
      {qzx + qxz, qzy + qyz, qzz - qxx - qyy, qxy - qyx},
      {qyz - qzy, qzx - qxz, qxy - qyx, qxx + qyy + qzz}
    };
    for (double[] row : k) {
      for (int j = 0; j < 4; j++) {
        row[j] /= 3.0;
      }
    }
    double[][] vecs = new double[4][4];
    double[] vals = jacobiEigen(k, vecs);
    int best = 0;
    for (int i = 1; i < 4; i++) {
      if (vals[i] > vals[best]) {
        best = i;
      }
    }
    // eigenvector components are (x, y, z, w); reorder to (w, x, y, z)
    double[] q = {vecs[3][best], vecs[0][best], vecs[1][best], vecs[2][best]};
    double norm = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    for (int i = 0; i < 4; i++) {
      q[i] /= norm;
    }
    if (q[0] < 0) {
      for (int i = 0; i < 4; i++) {
        q[i] = -q[i];
      }
    }
    return q;
  }

  /**
   * Eigen-decomposition of a symmetric 4x4 matrix by cyclic Jacobi rotations; columns of {@code
   * vecs} are the eigenvectors.
   */
  private static double[] jacobiEigen(double[][] a0, double[][] vecs) {
    int n = 4;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
      vecs[i] = new double[n];
      vecs[i][i] = 1;
    }
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      if (off < 1e-40) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] == 0) {
            continue;
          }
          double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double s = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][p];
            double akq = a[k][q];
            a[k][p] = c * akp - s * akq;
            a[k][q] = s * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[p][k];
            double aqk = a[q][k];
            a[p][k] = c * apk - s * aqk;
            a[q][k] = s * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = vecs[k][p];
            double vkq = vecs[k][q];
            vecs[k][p] = c * vkp - s * vkq;
            vecs[k][q] = s * vkp + c * vkq;
          }
        }
      }
    }
    double[] vals = new double[n];
    for (int i = 0; i < n; i++) {
      vals[i] = a[i][i];
    }
    return vals;
  }
}
