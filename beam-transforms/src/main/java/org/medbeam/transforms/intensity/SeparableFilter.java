package org.medbeam.transforms.intensity;

import org.medbeam.core.Parallel;

/**
 * Separable 1-D correlations with zero padding (MONAI's {@code separable_filtering} with {@code
 * mode="zeros"}, the kernel centred at index {@code (len - 1) // 2}), along each spatial axis in
 * turn, first axis first, as MONAI's recursion applies them. Float32 storage, first spatial index
 * fastest; every pass keeps the fastest axis innermost and runs slab-parallel.
 */
public final class SeparableFilter {
  private SeparableFilter() {}

  /**
   * Filters {@code data} ({@code channels} frames of {@code shape}, up to 3 axes) with one kernel
   * per axis (null: leave the axis alone). Returns a new array; {@code data} is not changed.
   */
  public static float[] apply(
      float[] data, int channels, int[] shape, float[][] kernels, int threads) {
    int nx = shape[0];
    int ny = shape.length > 1 ? shape[1] : 1;
    int nz = shape.length > 2 ? shape[2] : 1;
    float[] cur = data;
    boolean owned = false;
    for (int axis = 0; axis < shape.length; axis++) {
      float[] k = kernels[axis];
      if (k == null || (k.length == 1 && k[0] == 1f)) {
        continue;
      }
      float[] out = new float[cur.length];
      final float[] in = cur;
      int half = (k.length - 1) / 2;
      if (axis == 0) {
        int rows = channels * ny * nz;
        Parallel.forRange(rows, threads, (s, e) -> rowsX(in, out, nx, s, e, k, half));
      } else if (axis == 1) {
        int slabs = channels * nz;
        Parallel.forRange(slabs, threads, (s, e) -> slabsY(in, out, nx, ny, s, e, k, half));
      } else {
        int planes = channels * nz;
        Parallel.forRange(planes, threads, (s, e) -> planesZ(in, out, nx * ny, nz, s, e, k, half));
      }
      cur = out;
      owned = true;
    }
    return owned ? cur : cur.clone();
  }

  private static void rowsX(float[] in, float[] out, int nx, int s, int e, float[] k, int half) {
    int kl = k.length;
    for (int r = s; r < e; r++) {
      int base = r * nx;
      for (int x = 0; x < nx; x++) {
        int lo = Math.max(0, half - x);
        int hi = Math.min(kl, nx - x + half);
        float acc = 0f;
        int src = base + x - half;
        for (int j = lo; j < hi; j++) {
          acc += k[j] * in[src + j];
        }
        out[base + x] = acc;
      }
    }
  }

  private static void slabsY(
      float[] in, float[] out, int nx, int ny, int s, int e, float[] k, int half) {
    int kl = k.length;
    for (int slab = s; slab < e; slab++) {
      int base = slab * nx * ny;
      for (int y = 0; y < ny; y++) {
        int o = base + y * nx;
        int lo = Math.max(0, half - y);
        int hi = Math.min(kl, ny - y + half);
        for (int j = lo; j < hi; j++) {
          float w = k[j];
          int src = base + (y + j - half) * nx;
          for (int x = 0; x < nx; x++) {
            out[o + x] += w * in[src + x];
          }
        }
      }
    }
  }

  private static void planesZ(
      float[] in, float[] out, int plane, int nz, int s, int e, float[] k, int half) {
    int kl = k.length;
    for (int p = s; p < e; p++) {
      int c = p / nz;
      int z = p % nz;
      int o = (c * nz + z) * plane;
      int lo = Math.max(0, half - z);
      int hi = Math.min(kl, nz - z + half);
      for (int j = lo; j < hi; j++) {
        float w = k[j];
        int src = (c * nz + z + j - half) * plane;
        for (int i = 0; i < plane; i++) {
          out[o + i] += w * in[src + i];
        }
      }
    }
  }
}
