package org.medbeam.core;

/**
 * Axis-orientation algebra with nibabel's semantics ({@code nibabel.orientations}), which MONAI's
 * {@code Orientation} transform builds on.
 *
 * <p>An <em>ornt</em> is an {@code int[n][2]}: row {@code i} says that voxel axis {@code i} runs
 * along world axis {@code ornt[i][0]} (0 = L/R, 1 = P/A, 2 = I/S) in direction {@code ornt[i][1]}
 * (+1 toward R/A/S, -1 toward L/P/I). An axis whose direction cannot be determined has {@code
 * {-1, 0}} (nibabel's NaN row).
 */
public final class Orientations {
  private static final char[][] LABELS = {{'L', 'R'}, {'P', 'A'}, {'I', 'S'}};

  private Orientations() {}

  /**
   * nibabel's {@code io_orientation}: for each of the first {@code rank} voxel axes, the world axis
   * it is closest to, from the orthogonal polar factor of the direction-cosine matrix (so oblique
   * acquisitions pick the dominant axis, each world axis at most once).
   */
  public static int[][] ioOrientation(Affine affine, int rank) {
    if (rank < 1 || rank > 3) {
      throw new IllegalArgumentException("rank must be 1..3, got " + rank);
    }
    int q = rank;
    int p = rank;
    double[][] rs = new double[q][p];
    for (int c = 0; c < p; c++) {
      double norm = 0;
      for (int r = 0; r < q; r++) {
        norm += affine.get(r, c) * affine.get(r, c);
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        norm = 1;
      }
      for (int r = 0; r < q; r++) {
        rs[r][c] = affine.get(r, c) / norm;
      }
    }
    double[][] polar = orthogonalPolarFactor(rs, p);
    int[][] ornt = new int[p][2];
    for (int inAx = 0; inAx < p; inAx++) {
      boolean allZero = true;
      int outAx = 0;
      double best = -1;
      for (int r = 0; r < q; r++) {
        double a = Math.abs(polar[r][inAx]);
        if (a > 1e-8) {
          allZero = false;
        }
        if (a > best) {
          best = a;
          outAx = r;
        }
      }
      if (allZero) {
        ornt[inAx][0] = -1;
        ornt[inAx][1] = 0;
        continue;
      }
      ornt[inAx][0] = outAx;
      ornt[inAx][1] = polar[outAx][inAx] < 0 ? -1 : 1;
      for (int c = 0; c < p; c++) {
        polar[outAx][c] = 0;
      }
    }
    return ornt;
  }

  /**
   * {@code U·Vᵀ} restricted to the non-negligible singular values of {@code a = U·S·Vᵀ}, computed
   * as {@code a · V · diag(1/s) · Vᵀ} from the eigen-decomposition of {@code aᵀa}.
   */
  private static double[][] orthogonalPolarFactor(double[][] a, int p) {
    int q = a.length;
    double[][] ata = new double[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = 0; j < p; j++) {
        double s = 0;
        for (int r = 0; r < q; r++) {
          s += a[r][i] * a[r][j];
        }
        ata[i][j] = s;
      }
    }
    double[][] v = new double[p][p];
    double[] eig = symmetricEigen(ata, v);
    double sMax = 0;
    double[] s = new double[p];
    for (int i = 0; i < p; i++) {
      s[i] = Math.sqrt(Math.max(0, eig[i]));
      sMax = Math.max(sMax, s[i]);
    }
    double tol = sMax * Math.max(q, p) * Math.ulp(1.0);
    double[][] w = new double[p][p]; // V diag(1/s) V^T over kept values
    for (int k = 0; k < p; k++) {
      if (s[k] <= tol) {
        continue;
      }
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          w[i][j] += v[i][k] * v[j][k] / s[k];
        }
      }
    }
    double[][] r = new double[q][p];
    for (int i = 0; i < q; i++) {
      for (int j = 0; j < p; j++) {
        double sum = 0;
        for (int k = 0; k < p; k++) {
          sum += a[i][k] * w[k][j];
        }
        r[i][j] = sum;
      }
    }
    return r;
  }

  /** Cyclic Jacobi eigen-decomposition of a small symmetric matrix; eigenvectors in columns. */
  static double[] symmetricEigen(double[][] sym, double[][] vectors) {
    int n = sym.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = sym[i].clone();
      java.util.Arrays.fill(vectors[i], 0);
      vectors[i][i] = 1;
    }
    for (int sweep = 0; sweep < 64; sweep++) {
      double off = 0;
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          off += a[i][j] * a[i][j];
        }
      }
      if (off < 1e-30) {
        break;
      }
      for (int pi = 0; pi < n; pi++) {
        for (int qi = pi + 1; qi < n; qi++) {
          if (Math.abs(a[pi][qi]) < 1e-300) {
            continue;
          }
          double theta = (a[qi][qi] - a[pi][pi]) / (2 * a[pi][qi]);
          double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
          if (theta == 0) {
            t = 1;
          }
          double c = 1 / Math.sqrt(t * t + 1);
          double sn = t * c;
          for (int k = 0; k < n; k++) {
            double akp = a[k][pi];
            double akq = a[k][qi];
            a[k][pi] = c * akp - sn * akq;
            a[k][qi] = sn * akp + c * akq;
          }
          for (int k = 0; k < n; k++) {
            double apk = a[pi][k];
            double aqk = a[qi][k];
            a[pi][k] = c * apk - sn * aqk;
            a[qi][k] = sn * apk + c * aqk;
          }
          for (int k = 0; k < n; k++) {
            double vkp = vectors[k][pi];
            double vkq = vectors[k][qi];
            vectors[k][pi] = c * vkp - sn * vkq;
            vectors[k][qi] = sn * vkp + c * vkq;
          }
        }
      }
    }
    double[] eig = new double[n];
    for (int i = 0; i < n; i++) {
      eig[i] = a[i][i];
    }
    return eig;
  }

  /** nibabel's {@code axcodes2ornt} with the default labels: {@code "LPS"} → [[0,-1],[1,-1],[2,1]]. */
  public static int[][] axcodesToOrnt(String axcodes) {
    int n = axcodes.length();
    int[][] ornt = new int[n][2];
    boolean[] used = new boolean[3];
    for (int i = 0; i < n; i++) {
      char ch = Character.toUpperCase(axcodes.charAt(i));
      int axis = -1;
      int flip = 0;
      for (int w = 0; w < 3; w++) {
        if (LABELS[w][0] == ch) {
          axis = w;
          flip = -1;
        } else if (LABELS[w][1] == ch) {
          axis = w;
          flip = 1;
        }
      }
      if (axis < 0) {
        throw new IllegalArgumentException(
            "axcodes '" + axcodes + "': '" + ch + "' is not one of L, R, P, A, I, S");
      }
      if (used[axis]) {
        throw new IllegalArgumentException(
            "axcodes '" + axcodes + "' names world axis " + LABELS[axis][0] + "/"
                + LABELS[axis][1] + " twice");
      }
      used[axis] = true;
      ornt[i][0] = axis;
      ornt[i][1] = flip;
    }
    return ornt;
  }

  /** nibabel's {@code ornt2axcodes}; an undetermined axis gives {@code '?'}. */
  public static String orntToAxcodes(int[][] ornt) {
    StringBuilder sb = new StringBuilder();
    for (int[] row : ornt) {
      if (row[0] < 0) {
        sb.append('?');
      } else {
        sb.append(LABELS[row[0]][row[1] < 0 ? 0 : 1]);
      }
    }
    return sb.toString();
  }

  /**
   * nibabel's {@code ornt_transform(start, end)}: the ornt that takes an array in orientation
   * {@code start} to orientation {@code end}.
   */
  public static int[][] orntTransform(int[][] start, int[][] end) {
    if (start.length != end.length) {
      throw new IllegalArgumentException(
          "orientations differ in rank: " + start.length + " vs " + end.length);
    }
    int n = start.length;
    int[][] result = new int[n][2];
    for (int endIn = 0; endIn < n; endIn++) {
      boolean found = false;
      for (int startIn = 0; startIn < n; startIn++) {
        if (end[endIn][0] == start[startIn][0]) {
          result[startIn][0] = endIn;
          result[startIn][1] = start[startIn][1] == end[endIn][1] ? 1 : -1;
          found = true;
          break;
        }
      }
      if (!found) {
        throw new IllegalArgumentException(
            "cannot transform orientation: world axis " + end[endIn][0]
                + " is not in the start orientation");
      }
    }
    return result;
  }

  /**
   * nibabel's {@code inv_ornt_aff(ornt, shape)}: the voxel-to-voxel affine that maps indices of the
   * array after applying {@code ornt} back to indices before it, for an array of spatial {@code
   * shape}; embedded in 4x4.
   */
  public static Affine invOrntAff(int[][] ornt, int[] spatialShape) {
    int p = ornt.length;
    double[][] undoReorder = new double[p + 1][p + 1];
    for (int i = 0; i < p; i++) {
      undoReorder[i][ornt[i][0]] = 1;
    }
    undoReorder[p][p] = 1;
    double[][] undoFlip = new double[p + 1][p + 1];
    for (int i = 0; i < p; i++) {
      double flip = ornt[i][1];
      undoFlip[i][i] = flip;
      double centre = -(spatialShape[i] - 1) / 2.0;
      undoFlip[i][p] = flip * centre - centre;
    }
    undoFlip[p][p] = 1;
    double[][] r = new double[p + 1][p + 1];
    for (int i = 0; i <= p; i++) {
      for (int j = 0; j <= p; j++) {
        double s = 0;
        for (int k = 0; k <= p; k++) {
          s += undoFlip[i][k] * undoReorder[k][j];
        }
        r[i][j] = s;
      }
    }
    return Affine.fromRows(r);
  }
}
