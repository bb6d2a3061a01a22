package org.medbeam.transforms.intensity;

import java.util.Arrays;
import org.medbeam.core.Parallel;

/**
 * Separable 1-D correlations with zero padding — MONAI's {@code separable_filtering} with {@code
 * mode="zeros"}, the kernel centred at index {@code (len - 1) // 2} — along each spatial axis in
 * turn, first axis first, as MONAI's recursion applies them. The one filtering kernel of the
 * transforms: {@code GaussianSmooth}, the elastic displacement fields and {@code Resize}'s
 * anti-aliasing all use it.
 *
 * <p>Float32 storage, first spatial index fastest. Along the fastest axis each line is padded
 * once and filtered in place; along strided axes each input row is added into the ring of output
 * rows it contributes to, so every inner loop walks contiguous memory with one index, which
 * HotSpot vectorises. Symmetric kernels (every Gaussian) add mirrored inputs first, halving the
 * multiplications. Slab-parallel with an explicit thread count.
 */
public final class SeparableFilter {
  private static final int CHUNK = 1024;

  private SeparableFilter() {}

  /**
   * Filters {@code data} ({@code channels} frames of {@code shape}, up to 3 axes, fastest first)
   * with one kernel per axis (null, or the single tap 1: leave the axis alone). Returns a new
   * array; {@code data} is not changed.
   */
  public static float[] apply(
      float[] data, int channels, int[] shape, float[][] kernels, int threads) {
    int[] dims = {1, 1, 1};
    System.arraycopy(shape, 0, dims, 0, shape.length);
    float[] cur = data;
    float[] spare = null;
    for (int a = 0; a < shape.length; a++) {
      float[] k = kernels[a];
      if (k == null || (k.length == 1 && k[0] == 1f)) {
        continue;
      }
      float[] out = spare != null ? spare : new float[data.length];
      applyAxis(cur, out, channels, dims, a, k, threads);
      spare = cur == data ? null : cur;
      cur = out;
    }
    return cur == data ? data.clone() : cur;
  }

  /**
   * One zero-padded correlation along axis {@code a} of {@code blocks} stacked 3D arrays of shape
   * {@code dims} (fastest first): {@code out[i] = Σ_t k[t] · in[i + t - c]}, {@code c = (len -
   * 1) / 2}. Writes every element of {@code out}.
   */
  public static void applyAxis(
      float[] in, float[] out, int blocks, int[] dims, int a, float[] k, int threads) {
    int stride = 1;
    for (int i = 0; i < a; i++) {
      stride *= dims[i];
    }
    int n = dims[a];
    int outer = blocks;
    for (int i = a + 1; i < 3; i++) {
      outer *= dims[i];
    }
    int len = k.length;
    int c = (len - 1) / 2;
    boolean symmetric = len % 2 == 1;
    for (int d = 1; d <= c && symmetric; d++) {
      symmetric = k[c - d] == k[c + d];
    }
    if (stride == 1) {
      alongLines(in, out, outer, n, k, c, symmetric, threads);
    } else {
      alongStrided(in, out, outer, n, stride, k, c, threads);
    }
  }

  private static void alongLines(
      float[] in, float[] out, int lines, int n, float[] k, int c, boolean sym, int threads) {
    int len = k.length;
    Parallel.forRange(
        lines,
        threads,
        (from, to) -> {
          float[] buf = new float[n + len - 1];
          float[] acc = new float[n];
          for (int line = from; line < to; line++) {
            int base = line * n;
            System.arraycopy(in, base, buf, c, n);
            if (sym) {
              float wc = k[c];
              for (int i = 0; i < n; i++) {
                acc[i] = wc * buf[i + c];
              }
              for (int d = 1; d <= c; d++) {
                float w = k[c + d];
                if (w == 0f) {
                  continue;
                }
                int lo = c - d;
                int hi = c + d;
                for (int i = 0; i < n; i++) {
                  acc[i] += w * (buf[i + lo] + buf[i + hi]);
                }
              }
            } else {
              Arrays.fill(acc, 0f);
              for (int t = 0; t < len; t++) {
                float w = k[t];
                if (w == 0f) {
                  continue;
                }
                for (int i = 0; i < n; i++) {
                  acc[i] += w * buf[i + t];
                }
              }
            }
            System.arraycopy(acc, 0, out, base, n);
          }
        });
  }

  private static void alongStrided(
      float[] in, float[] out, int outer, int n, int s, float[] k, int c, int threads) {
    int len = k.length;
    int right = len - 1 - c;
    int chunks = (s + CHUNK - 1) / CHUNK;
    Parallel.forRange(
        outer * chunks,
        threads,
        (from, to) -> {
          // Scatter form: input row j adds into output rows i = j + c - t for each tap t; a ring of
          // len accumulators holds the rows still open. Output row i opens at the first row that
          // reaches it, max(0, i - c), and is complete after min(n - 1, i + right).
          float[] tmp = new float[Math.min(CHUNK, s)];
          float[][] acc = new float[len][Math.min(CHUNK, s)];
          for (int job = from; job < to; job++) {
            int o = job / chunks;
            int cs = (job % chunks) * CHUNK;
            int width = Math.min(CHUNK, s - cs);
            int base = o * n * s + cs;
            for (int j = 0; j < n; j++) {
              System.arraycopy(in, base + j * s, tmp, 0, width);
              int lo = Math.max(0, j - right);
              int hi = Math.min(n - 1, j + c);
              for (int i = lo; i <= hi; i++) {
                float[] row = acc[i % len];
                float w = k[j - i + c];
                if (j == Math.max(0, i - c)) {
                  for (int e = 0; e < width; e++) {
                    row[e] = w * tmp[e];
                  }
                } else {
                  for (int e = 0; e < width; e++) {
                    row[e] += w * tmp[e];
                  }
                }
                if (j == Math.min(n - 1, i + right)) {
                  System.arraycopy(row, 0, out, base + i * s, width);
                }
              }
            }
          }
        });
  }
}
