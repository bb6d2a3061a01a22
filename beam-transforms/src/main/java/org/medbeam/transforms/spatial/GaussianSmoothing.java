package org.medbeam.transforms.spatial;

import org.medbeam.core.Parallel;

/**
 * Separable Gaussian smoothing with zero padding, MONAI's {@code GaussianFilter} (approx {@code
 * "erf"}) as used by {@code Rand3DElastic} (truncated 3σ) and {@code Resize}'s anti-aliasing
 * ({@code GaussianSmooth}, truncated 4σ). Kept inside the spatial package for the elastic field;
 * the intensity package has its own {@code GaussianSmooth} transform.
 *
 * <p>Each pass runs one 1D convolution along one axis; the loops are written so the innermost one
 * runs over contiguous memory (the fastest axis of the block), which the JIT vectorises.
 */
final class GaussianSmoothing {
  private static final int CHUNK = 1024;

  private GaussianSmoothing() {}

  /**
   * MONAI's {@code gaussian_1d(sigma, truncated, approx="erf")}: {@code 2*tail+1} taps with
   * {@code tail = int(max(sigma*truncated, 0.5) + 0.5)}, tap {@code x} = {@code
   * (erf((x+0.5)/(σ√2)) - erf((x-0.5)/(σ√2)))/2}, not renormalised.
   */
  static float[] erfKernel(double sigma, double truncated) {
    if (truncated <= 0) {
      throw new IllegalArgumentException("truncated must be positive, got " + truncated);
    }
    int tail = (int) (Math.max(sigma * truncated, 0.5) + 0.5);
    float[] k = new float[2 * tail + 1];
    double t = 0.70710678 / Math.abs(sigma);
    for (int i = -tail; i <= tail; i++) {
      double v = 0.5 * (erf(t * (i + 0.5)) - erf(t * (i - 0.5)));
      k[i + tail] = (float) Math.max(v, 0);
    }
    return k;
  }

  /** The error function to ~1e-15 (Taylor series near 0, asymptotic expansion in the tails). */
  static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    if (Double.isInfinite(x)) {
      return Math.signum(x);
    }
    double ax = Math.abs(x);
    double r;
    if (ax < 3.0) {
      double x2 = ax * ax;
      double term = ax;
      double sum = ax;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      r = 2.0 / Math.sqrt(Math.PI) * sum;
    } else if (ax < 6.5) {
      r = 1.0 - erfcContinuedFraction(ax);
    } else {
      r = 1.0;
    }
    return x < 0 ? -r : r;
  }

  /** erfc(x) for x >= 3 by its continued fraction (modified Lentz). */
  private static double erfcContinuedFraction(double x) {
    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + ...)))))
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double an = n / 2.0;
      d = x + an * d;
      d = Math.abs(d) < tiny ? tiny : d;
      c = x + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }

  /**
   * Smooths {@code blocks} stacked 3D arrays of shape {@code dims} (fastest first), axis {@code
   * a} with {@code kernels[a]} (null = leave the axis alone). Returns a new array; {@code data} is
   * not modified.
   */
  static float[] smooth(float[] data, int blocks, int[] dims, float[][] kernels, int threads) {
    float[] cur = data;
    float[] spare = null;
    for (int a = 0; a < 3; a++) {
      if (kernels[a] == null || (kernels[a].length == 1 && kernels[a][0] == 1f)) {
        continue;
      }
      float[] out = spare != null ? spare : new float[data.length];
      smoothAxis(cur, out, blocks, dims, a, kernels[a], threads);
      spare = cur == data ? null : cur;
      cur = out;
    }
    return cur == data ? data.clone() : cur;
  }

  /**
   * One zero-padded 1D convolution along axis {@code a}. Symmetric kernels (all Gaussians) add
   * mirrored inputs first, halving the multiplications.
   */
  static void smoothAxis(
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
    int r = k.length / 2;
    boolean symmetric = k.length % 2 == 1;
    for (int d = 1; d <= r && symmetric; d++) {
      symmetric = k[r - d] == k[r + d];
    }
    final boolean sym = symmetric;
    if (stride == 1) {
      final int lines = outer;
      Parallel.forRange(
          lines,
          threads,
          (from, to) -> {
            float[] buf = new float[n + 2 * r];
            float[] acc = new float[n];
            for (int line = from; line < to; line++) {
              int base = line * n;
              System.arraycopy(in, base, buf, r, n);
              if (sym) {
                float wc = k[r];
                for (int i = 0; i < n; i++) {
                  acc[i] = wc * buf[i + r];
                }
                for (int d = 1; d <= r; d++) {
                  float w = k[r + d];
                  if (w == 0f) {
                    continue;
                  }
                  int lo = r - d;
                  int hi = r + d;
                  for (int i = 0; i < n; i++) {
                    acc[i] += w * (buf[i + lo] + buf[i + hi]);
                  }
                }
              } else {
                java.util.Arrays.fill(acc, 0f);
                for (int t = 0; t < k.length; t++) {
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
      return;
    }
    final int s = stride;
    final int chunks = (s + CHUNK - 1) / CHUNK;
    final int ring = 2 * r + 1;
    Parallel.forRange(
        outer * chunks,
        threads,
        (from, to) -> {
          // Scatter form: each input row is copied once into tmp, then added into the ring of
          // output accumulators it contributes to. Every inner loop indexes its arrays with the
          // same index (no offsets), which HotSpot's SuperWord vectorises.
          float[] tmp = new float[Math.min(CHUNK, s)];
          float[][] acc = new float[ring][Math.min(CHUNK, s)];
          for (int job = from; job < to; job++) {
            int o = job / chunks;
            int cs = (job % chunks) * CHUNK;
            int len = Math.min(CHUNK, s - cs);
            int base = o * n * s + cs;
            for (int j = 0; j < n; j++) {
              System.arraycopy(in, base + j * s, tmp, 0, len);
              int lo = Math.max(0, j - r);
              int hi = Math.min(n - 1, j + r);
              for (int i = lo; i <= hi; i++) {
                float[] row = acc[i % ring];
                float w = k[j - i + r];
                if (j == Math.max(0, i - r)) {
                  for (int e = 0; e < len; e++) {
                    row[e] = w * tmp[e];
                  }
                } else {
                  for (int e = 0; e < len; e++) {
                    row[e] += w * tmp[e];
                  }
                }
                if (j == Math.min(n - 1, i + r)) {
                  System.arraycopy(row, 0, out, base + i * s, len);
                }
              }
            }
          }
        });
  }
}
