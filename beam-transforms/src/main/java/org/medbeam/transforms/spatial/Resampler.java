package org.medbeam.transforms.spatial;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;

/**
 * The one resampling kernel behind every spatial transform: {@code out[c, j] = in[c, M·j]} where
 * {@code M} is a 4x4 voxel-to-voxel matrix from output index to input index (2D volumes use its
 * top-left block), or where a dense grid gives the input index of every output voxel (elastic
 * deformations). Interpolation and padding follow PyTorch's {@code grid_sample} on unnormalised
 * coordinates: {@code nearest} rounds half to even, {@code bilinear} is trilinear in 3D, padding
 * {@code zeros}/{@code border}/{@code reflection} (the latter about voxel centres when {@code
 * align_corners}, about the outer faces otherwise). Callers fold MONAI's {@code align_corners}
 * rescalings into {@code M}.
 *
 * <p>Input of any dtype, computed in floating point, output float32 (as MONAI). An axis-aligned
 * {@code M} (each output axis reads one input axis: scalings, flips, permutations) takes a
 * separable fast path with precomputed per-axis index/weight tables and reads int16 storage
 * directly; any other {@code M} computes coordinates per voxel. Work is split by output rows
 * across {@link #threads()} threads (default {@link Parallel#defaultThreads()}).
 */
public final class Resampler implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Matrix entries below this (in voxels per voxel) count as zero for the fast-path test. */
  private static final double AXIS_TOL = 1e-9;

  private final GridSampleMode mode;
  private final GridSamplePadMode padding;
  private final boolean alignCorners;
  private final int threads;

  private Resampler(
      GridSampleMode mode, GridSamplePadMode padding, boolean alignCorners, int threads) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.padding = Objects.requireNonNull(padding, "padding");
    this.alignCorners = alignCorners;
    this.threads = threads;
  }

  /** A resampler with {@code align_corners=false} and {@link Parallel#defaultThreads()}. */
  public static Resampler of(GridSampleMode mode, GridSamplePadMode padding) {
    return new Resampler(mode, padding, false, Parallel.defaultThreads());
  }

  /** Affects only {@code reflection} padding (mirror about voxel centres instead of faces). */
  public Resampler withAlignCorners(boolean ac) {
    return new Resampler(mode, padding, ac, threads);
  }

  public Resampler withThreads(int t) {
    if (t < 1) {
      throw new IllegalArgumentException("Resampler: threads must be >= 1, got " + t);
    }
    return new Resampler(mode, padding, alignCorners, t);
  }

  public GridSampleMode mode() {
    return mode;
  }

  public GridSamplePadMode padding() {
    return padding;
  }

  public boolean alignCorners() {
    return alignCorners;
  }

  public int threads() {
    return threads;
  }

  /**
   * Resamples {@code img} onto an output grid of {@code outSpatialShape}.
   *
   * @param voxelMap output voxel index → input voxel index (4x4; for 2D the z row/column are
   *     ignored)
   * @return a float32 volume of shape {@code (C, *outSpatialShape)} carrying {@code img}'s affine,
   *     metadata and applied operations (callers set the new affine)
   */
  public Volume resample(Volume img, int[] outSpatialShape, Affine voxelMap) {
    int r = img.spatialRank();
    checkOut(img, outSpatialShape);
    int[] in3 = pad3(img.spatialShape());
    int[] out3 = pad3(outSpatialShape);
    double[][] m = new double[3][4];
    for (int i = 0; i < 3; i++) {
      if (i < r) {
        for (int j = 0; j < r; j++) {
          m[i][j] = voxelMap.get(i, j);
        }
        m[i][3] = voxelMap.get(i, 3);
      } else {
        m[i][i] = 1;
      }
    }
    int channels = img.channels();
    int[] fullOut = fullShape(channels, outSpatialShape);
    int[] perm = axisPermutation(m);
    if (perm != null) {
      AxisTable[] t = new AxisTable[3];
      for (int a = 0; a < 3; a++) {
        int p = perm[a];
        t[a] =
            AxisTable.gridSample(
                out3[a], p, in3[p], m[p][a], m[p][3], mode, padding, alignCorners);
      }
      Object src = img.dtype() == DType.INT16 ? img.shorts() : floatStorage(img);
      return img.withData(
          SeparableKernel.apply(src, channels, in3, t, threads), DType.FLOAT32, fullOut);
    }
    float[] out = affinePath(floatStorage(img), channels, in3, out3, m);
    return img.withData(out, DType.FLOAT32, fullOut);
  }

  /**
   * Resamples at arbitrary input coordinates: output voxel {@code v} (flat index over the output
   * spatial shape, x fastest) reads input voxel coordinate {@code (coords[0][v], coords[1][v][,
   * coords[2][v]])}.
   */
  public Volume resampleGrid(Volume img, int[] outSpatialShape, float[][] coords) {
    int r = img.spatialRank();
    checkOut(img, outSpatialShape);
    if (coords.length != r) {
      throw new IllegalArgumentException(
          "Resampler: a " + r + "D volume needs " + r + " coordinate arrays, got " + coords.length);
    }
    int[] in3 = pad3(img.spatialShape());
    int[] out3 = pad3(outSpatialShape);
    int nOut = out3[0] * out3[1] * out3[2];
    for (float[] c : coords) {
      if (c.length != nOut) {
        throw new IllegalArgumentException(
            "Resampler: coordinate arrays must hold " + nOut + " values, got " + c.length);
      }
    }
    float[] src = floatStorage(img);
    int channels = img.channels();
    float[] out = new float[channels * nOut];
    float[] cx = coords[0];
    float[] cy = r > 1 ? coords[1] : null;
    float[] cz = r > 2 ? coords[2] : null;
    int rows = channels * out3[2] * out3[1];
    int oX = out3[0];
    int chan = in3[0] * in3[1] * in3[2];
    boolean nearest = mode == GridSampleMode.NEAREST;
    Parallel.forRange(
        rows,
        threads,
        (from, to) -> {
          for (int row = from; row < to; row++) {
            int c = row / (out3[1] * out3[2]);
            int v0 = (row - c * out3[1] * out3[2]) * oX;
            int base = c * chan;
            int ob = row * oX;
            for (int x = 0; x < oX; x++) {
              int v = v0 + x;
              double px = pad(cx[v], in3[0]);
              double py = cy == null ? 0 : pad(cy[v], in3[1]);
              double pz = cz == null ? 0 : pad(cz[v], in3[2]);
              out[ob + x] =
                  (float)
                      (nearest
                          ? nearest(src, base, in3, px, py, pz)
                          : linear(src, base, in3, px, py, pz));
            }
          }
        });
    return img.withData(out, DType.FLOAT32, fullShape(channels, outSpatialShape));
  }

  private float[] affinePath(float[] src, int channels, int[] in3, int[] out3, double[][] m) {
    float[] out = new float[channels * out3[0] * out3[1] * out3[2]];
    int rows = channels * out3[2] * out3[1];
    int oX = out3[0];
    int chan = in3[0] * in3[1] * in3[2];
    boolean nearest = mode == GridSampleMode.NEAREST;
    Parallel.forRange(
        rows,
        threads,
        (from, to) -> {
          for (int row = from; row < to; row++) {
            int y = row % out3[1];
            int rest = row / out3[1];
            int z = rest % out3[2];
            int c = rest / out3[2];
            int base = c * chan;
            double bx = m[0][1] * y + m[0][2] * z + m[0][3];
            double by = m[1][1] * y + m[1][2] * z + m[1][3];
            double bz = m[2][1] * y + m[2][2] * z + m[2][3];
            int ob = row * oX;
            for (int x = 0; x < oX; x++) {
              double px = pad(bx + m[0][0] * x, in3[0]);
              double py = pad(by + m[1][0] * x, in3[1]);
              double pz = pad(bz + m[2][0] * x, in3[2]);
              out[ob + x] =
                  (float)
                      (nearest
                          ? nearest(src, base, in3, px, py, pz)
                          : linear(src, base, in3, px, py, pz));
            }
          }
        });
    return out;
  }

  private double pad(double x, int size) {
    return Sampling.padCoordinate(x, size, padding, alignCorners);
  }

  private static double nearest(float[] src, int base, int[] in3, double x, double y, double z) {
    double rx = Math.rint(x);
    double ry = Math.rint(y);
    double rz = Math.rint(z);
    if (rx < 0 || ry < 0 || rz < 0 || rx > in3[0] - 1 || ry > in3[1] - 1 || rz > in3[2] - 1) {
      return 0;
    }
    return src[base + (int) rx + in3[0] * ((int) ry + in3[1] * (int) rz)];
  }

  private static double linear(float[] src, int base, int[] in3, double x, double y, double z) {
    if (!(x > -1 && y > -1 && z > -1 && x < in3[0] && y < in3[1] && z < in3[2])) {
      return 0; // also NaN
    }
    int X = in3[0];
    int Y = in3[1];
    int Z = in3[2];
    double fx = Math.floor(x);
    double fy = Math.floor(y);
    double fz = Math.floor(z);
    int x0 = (int) fx;
    int y0 = (int) fy;
    int z0 = (int) fz;
    double wx1 = x - fx;
    double wy1 = y - fy;
    double wz1 = z - fz;
    double wx0 = 1 - wx1;
    double wy0 = 1 - wy1;
    double wz0 = 1 - wz1;
    boolean vx0 = x0 >= 0;
    boolean vx1 = x0 + 1 < X;
    boolean vy0 = y0 >= 0;
    boolean vy1 = y0 + 1 < Y;
    boolean vz0 = z0 >= 0;
    boolean vz1 = z0 + 1 < Z;
    double s = 0;
    if (vz0) {
      int oz = base + X * Y * z0;
      if (vy0) {
        int o = oz + X * y0 + x0;
        double w = wz0 * wy0;
        if (vx0) {
          s += w * wx0 * src[o];
        }
        if (vx1) {
          s += w * wx1 * src[o + 1];
        }
      }
      if (vy1) {
        int o = oz + X * (y0 + 1) + x0;
        double w = wz0 * wy1;
        if (vx0) {
          s += w * wx0 * src[o];
        }
        if (vx1) {
          s += w * wx1 * src[o + 1];
        }
      }
    }
    if (vz1) {
      int oz = base + X * Y * (z0 + 1);
      if (vy0) {
        int o = oz + X * y0 + x0;
        double w = wz1 * wy0;
        if (vx0) {
          s += w * wx0 * src[o];
        }
        if (vx1) {
          s += w * wx1 * src[o + 1];
        }
      }
      if (vy1) {
        int o = oz + X * (y0 + 1) + x0;
        double w = wz1 * wy1;
        if (vx0) {
          s += w * wx0 * src[o];
        }
        if (vx1) {
          s += w * wx1 * src[o + 1];
        }
      }
    }
    return s;
  }

  /**
   * For an axis-aligned matrix, the input axis each output axis reads; null when some output axis
   * mixes input axes (rotation, shear).
   */
  static int[] axisPermutation(double[][] m) {
    int[] perm = new int[3];
    boolean[] used = new boolean[3];
    for (int a = 0; a < 3; a++) {
      int found = -1;
      for (int p = 0; p < 3; p++) {
        if (Math.abs(m[p][a]) > AXIS_TOL) {
          if (found >= 0) {
            return null;
          }
          found = p;
        }
      }
      if (found < 0 || used[found]) {
        return null;
      }
      used[found] = true;
      perm[a] = found;
    }
    return perm;
  }

  static int[] pad3(int[] spatial) {
    int[] s = {1, 1, 1};
    System.arraycopy(spatial, 0, s, 0, spatial.length);
    return s;
  }

  static int[] fullShape(int channels, int[] spatial) {
    int[] s = new int[spatial.length + 1];
    s[0] = channels;
    System.arraycopy(spatial, 0, s, 1, spatial.length);
    return s;
  }

  /** float32 storage of {@code img} without copying when it already is float32. */
  static float[] floatStorage(Volume img) {
    return img.dtype() == DType.FLOAT32 ? img.floats() : img.toFloatArray();
  }

  private static void checkOut(Volume img, int[] outSpatialShape) {
    if (img.spatialRank() > 3) {
      throw new IllegalArgumentException("Resampler supports 1 to 3 spatial axes");
    }
    if (outSpatialShape.length != img.spatialRank()) {
      throw new IllegalArgumentException(
          "Resampler: output shape " + Arrays.toString(outSpatialShape) + " has "
              + outSpatialShape.length + " axes, the volume has " + img.spatialRank());
    }
    for (int d : outSpatialShape) {
      if (d < 1) {
        throw new IllegalArgumentException(
            "Resampler: output shape must be positive, got " + Arrays.toString(outSpatialShape));
      }
    }
  }

  @Override
  public String toString() {
    return "Resampler(mode=" + mode + ", padding_mode=" + padding + ", align_corners="
        + alignCorners + ", threads=" + threads + ")";
  }
}
