package org.medbeam.model.metrics;

import java.util.Arrays;
import org.medbeam.core.Parallel;

/**
 * Distance transforms on flat binary masks in medbeam's voxel order (first index fastest: {@code
 * offset = x + X*(y + Y*z)}), 1 to 3 dimensions. As in scipy, every non-zero element gets its
 * distance to the nearest zero element ("feature"); zero elements get 0. A mask without any zero
 * element gives +infinity everywhere (scipy leaves that case undefined).
 *
 * <p>{@link #edt}: exact Euclidean distance in float64 by the separable lower envelope of parabolas
 * (Felzenszwalb &amp; Huttenlocher 2012; Meijster et al. 2000), linear in the number of voxels,
 * with anisotropic {@code sampling} (voxel size per axis, e.g. mm) exactly as {@code
 * scipy.ndimage.distance_transform_edt(sampling=...)}. Lines of each pass run slab-parallel on
 * {@link Parallel}. {@link #cdt}: {@code chessboard} / {@code taxicab} chamfer distances in voxels
 * as {@code scipy.ndimage.distance_transform_cdt}.
 */
public final class DistanceTransforms {
  private DistanceTransforms() {}

  /**
   * Euclidean distance of each non-zero element to the nearest zero element.
   *
   * @param mask non-zero = compute the distance, zero = feature; {@code prod(shape)} elements
   * @param shape spatial shape, first axis fastest, 1 to 3 values
   * @param sampling voxel size per axis (same order as shape), or {@code null} for unit spacing
   * @param threads intra-op threads (any count gives the same result)
   */
  public static double[] edt(byte[] mask, int[] shape, double[] sampling, int threads) {
    double[] d2 = edtSquared(mask, shape, sampling, threads);
    for (int i = 0; i < d2.length; i++) {
      d2[i] = Math.sqrt(d2[i]);
    }
    return d2;
  }

  /** Squared Euclidean distances (see {@link #edt}); +infinity when there is no feature. */
  public static double[] edtSquared(byte[] mask, int[] shape, double[] sampling, int threads) {
    int[] s = checkShape(mask.length, shape);
    double[] sp = checkSampling(sampling, shape.length);
    double[] f = new double[mask.length];
    firstPass(mask, false, f, s[0], s[1] * s[2], sp[0], threads);
    for (int axis = 1; axis < shape.length; axis++) {
      envelopePass(f, s, axis, sp[axis], threads);
    }
    return f;
  }

  /**
   * Euclidean distances from the {@code queries} (flat indices, ascending) to the nearest feature
   * voxel ({@code feature[i] != 0}), rounded once to float32; +infinity without features. The last
   * axis is only processed on lines that hold queries, and only evaluated at them.
   */
  static float[] distancesAt(
      byte[] feature, int[] shape, double[] sampling, int[] queries, int threads) {
    int[] s = checkShape(feature.length, shape);
    double[] sp = checkSampling(sampling, shape.length);
    int rank = shape.length;
    double[] f = new double[feature.length];
    firstPass(feature, true, f, s[0], s[1] * s[2], sp[0], threads);
    float[] out = new float[queries.length];
    if (rank == 1) {
      for (int k = 0; k < queries.length; k++) {
        out[k] = (float) Math.sqrt(f[queries[k]]);
      }
      return out;
    }
    for (int axis = 1; axis < rank - 1; axis++) {
      envelopePass(f, s, axis, sp[axis], threads);
    }
    // last axis: lines are indexed by the flat offset within one hyper-slice
    int n = s[rank - 1];
    int lines = feature.length / n;
    int[] start = new int[lines + 1];
    for (int q : queries) {
      start[q % lines + 1]++;
    }
    int active = 0;
    for (int l = 0; l < lines; l++) {
      active += start[l + 1] > 0 ? 1 : 0;
      start[l + 1] += start[l];
    }
    int[] activeLines = new int[active];
    for (int l = 0, a = 0; l < lines; l++) {
      if (start[l + 1] > start[l]) {
        activeLines[a++] = l;
      }
    }
    int[] fill = java.util.Arrays.copyOf(start, lines);
    int[] pos = new int[queries.length];
    int[] slot = new int[queries.length];
    for (int k = 0; k < queries.length; k++) {
      int l = queries[k] % lines;
      pos[fill[l]] = queries[k] / lines;
      slot[fill[l]++] = k;
    }
    double spacing = sp[rank - 1];
    double w = spacing * spacing;
    Parallel.forRange(
        active,
        threads,
        (a0, a1) -> {
          double[] g = new double[n];
          int[] v = new int[n];
          double[] z = new double[n + 1];
          for (int a = a0; a < a1; a++) {
            int l = activeLines[a];
            for (int q = 0; q < n; q++) {
              g[q] = f[l + q * lines];
            }
            int k = envelope(g, n, w, v, z);
            int j = 0;
            for (int e = start[l]; e < start[l + 1]; e++) {
              int q = pos[e];
              double d2;
              if (k < 0) {
                d2 = Double.POSITIVE_INFINITY;
              } else {
                while (z[j + 1] < q) {
                  j++;
                }
                double t = (q - v[j]) * spacing;
                d2 = t * t + g[v[j]];
              }
              out[slot[e]] = (float) Math.sqrt(d2);
            }
          }
        });
    return out;
  }

  /**
   * Axis 0 (contiguous lines): squared distance to the nearest feature on the line, {@code (d *
   * s0)^2}, infinity when the line has none. A feature is {@code mask != 0} when {@code
   * featureIsNonZero}, else {@code mask == 0} (scipy's convention).
   */
  private static void firstPass(
      byte[] mask,
      boolean featureIsNonZero,
      double[] f,
      int nx,
      int lines,
      double s0,
      int threads) {
    Parallel.forRange(
        lines,
        threads,
        (l0, l1) -> {
          for (int l = l0; l < l1; l++) {
            int base = l * nx;
            int last = -1;
            for (int x = 0; x < nx; x++) {
              if ((mask[base + x] != 0) == featureIsNonZero) {
                last = x;
                f[base + x] = 0;
              } else {
                f[base + x] = last < 0 ? Double.POSITIVE_INFINITY : x - last;
              }
            }
            last = -1;
            for (int x = nx - 1; x >= 0; x--) {
              double d = f[base + x];
              if (d == 0) {
                last = x;
                continue;
              }
              if (last >= 0 && last - x < d) {
                d = last - x;
              }
              if (d != Double.POSITIVE_INFINITY) {
                double t = d * s0;
                f[base + x] = t * t;
              }
            }
          }
        });
  }

  /**
   * One separable pass along {@code axis} (1 or 2) of a padded 3-d shape {@code s}: every line is
   * gathered, transformed by its lower envelope and written back. Lines of one slab (adjacent in
   * memory) stay on one thread.
   */
  private static void envelopePass(double[] f, int[] s, int axis, double spacing, int threads) {
    int n = s[axis];
    int stride = axis == 1 ? s[0] : s[0] * s[1];
    int innerCount = stride;
    int outerCount = axis == 1 ? s[2] : 1;
    int outerStep = s[0] * s[1];
    double w = spacing * spacing;
    int slabs = outerCount > 1 ? outerCount : innerCount;
    int perSlab = outerCount > 1 ? innerCount : 1;
    Parallel.forRange(
        slabs,
        threads,
        (s0, s1) -> {
          double[] g = new double[n];
          int[] v = new int[n];
          double[] z = new double[n + 1];
          for (int slab = s0; slab < s1; slab++) {
            for (int k = 0; k < perSlab; k++) {
              int base = outerCount > 1 ? k + slab * outerStep : slab;
              for (int q = 0; q < n; q++) {
                g[q] = f[base + q * stride];
              }
              int top = envelope(g, n, w, v, z);
              if (top < 0) {
                continue;
              }
              int j = 0;
              for (int q = 0; q < n; q++) {
                while (z[j + 1] < q) {
                  j++;
                }
                double t = (q - v[j]) * spacing;
                f[base + q * stride] = t * t + g[v[j]];
              }
            }
          }
        });
  }

  /**
   * The lower envelope of the parabolas {@code w (x - p)^2 + g[p]} over the finite {@code g[p]}:
   * their positions in {@code v[0..k]} and boundaries in {@code z[0..k+1]}; returns k, or -1 when
   * every {@code g} is infinite.
   */
  static int envelope(double[] g, int n, double w, int[] v, double[] z) {
    int k = -1;
    for (int q = 0; q < n; q++) {
      double gq = g[q];
      if (gq == Double.POSITIVE_INFINITY) {
        continue;
      }
      double fq = gq + w * q * q;
      double s = 0;
      while (k >= 0) {
        int p = v[k];
        s = (fq - (g[p] + w * p * p)) / (2 * w * (q - p));
        if (s <= z[k]) {
          k--;
        } else {
          break;
        }
      }
      if (k < 0) {
        k = 0;
        v[0] = q;
        z[0] = Double.NEGATIVE_INFINITY;
      } else {
        k++;
        v[k] = q;
        z[k] = s;
      }
      z[k + 1] = Double.POSITIVE_INFINITY;
    }
    return k;
  }

  /**
   * Chamfer distance in voxels of each non-zero element to the nearest zero element, {@code
   * chessboard} (full 3^d neighbourhood) or {@code taxicab} (face neighbours); infinity where no
   * zero element exists. {@code metric} must not be {@code EUCLIDEAN}.
   */
  public static int[] cdt(byte[] mask, int[] shape, DistanceMetric metric) {
    if (metric == DistanceMetric.EUCLIDEAN) {
      throw new IllegalArgumentException("cdt computes chessboard or taxicab, not euclidean");
    }
    int[] s = checkShape(mask.length, shape);
    int nx = s[0];
    int ny = s[1];
    int nz = s[2];
    final int inf = Integer.MAX_VALUE / 2;
    int[] d = new int[mask.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = mask[i] == 0 ? 0 : inf;
    }
    // neighbour offsets that come earlier in raster order (x fastest)
    int[][] back = new int[13][];
    int nb = 0;
    for (int dz = -1; dz <= 1; dz++) {
      for (int dy = -1; dy <= 1; dy++) {
        for (int dx = -1; dx <= 1; dx++) {
          int flat = dx + 3 * (dy + 3 * dz);
          if (flat >= 0) {
            continue;
          }
          int nonZero = (dx != 0 ? 1 : 0) + (dy != 0 ? 1 : 0) + (dz != 0 ? 1 : 0);
          if (metric == DistanceMetric.TAXICAB && nonZero != 1) {
            continue;
          }
          if ((dy != 0 && ny == 1) || (dz != 0 && nz == 1)) {
            continue;
          }
          back[nb++] = new int[] {dx, dy, dz};
        }
      }
    }
    int[][] offs = Arrays.copyOf(back, nb);
    for (int pass = 0; pass < 2; pass++) {
      int sign = pass == 0 ? 1 : -1;
      for (int zi = 0; zi < nz; zi++) {
        int z = pass == 0 ? zi : nz - 1 - zi;
        for (int yi = 0; yi < ny; yi++) {
          int y = pass == 0 ? yi : ny - 1 - yi;
          for (int xi = 0; xi < nx; xi++) {
            int x = pass == 0 ? xi : nx - 1 - xi;
            int i = x + nx * (y + ny * z);
            int best = d[i];
            if (best == 0) {
              continue;
            }
            for (int[] o : offs) {
              int xx = x + sign * o[0];
              int yy = y + sign * o[1];
              int zz = z + sign * o[2];
              if (xx < 0 || xx >= nx || yy < 0 || yy >= ny || zz < 0 || zz >= nz) {
                continue;
              }
              int c = d[xx + nx * (yy + ny * zz)] + 1;
              if (c < best) {
                best = c;
              }
            }
            d[i] = best;
          }
        }
      }
    }
    return d;
  }

  private static int[] checkShape(int length, int[] shape) {
    if (shape == null || shape.length < 1 || shape.length > 3) {
      throw new IllegalArgumentException(
          "distance transforms take 1 to 3 spatial dimensions, got shape "
              + Arrays.toString(shape));
    }
    long n = 1;
    int[] s = {1, 1, 1};
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] < 1) {
        throw new IllegalArgumentException("empty dimension in shape " + Arrays.toString(shape));
      }
      s[i] = shape[i];
      n *= shape[i];
    }
    if (n != length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " voxels, the mask has " + length);
    }
    return s;
  }

  private static double[] checkSampling(double[] sampling, int rank) {
    double[] sp = {1, 1, 1};
    if (sampling == null) {
      return sp;
    }
    if (sampling.length != rank) {
      throw new IllegalArgumentException(
          "sampling needs one value per axis (" + rank + "), got " + Arrays.toString(sampling));
    }
    for (int i = 0; i < rank; i++) {
      if (!(sampling[i] > 0) || Double.isInfinite(sampling[i])) {
        throw new IllegalArgumentException(
            "sampling must be finite and > 0 on every axis, got " + Arrays.toString(sampling));
      }
      sp[i] = sampling[i];
    }
    return sp;
  }
}
