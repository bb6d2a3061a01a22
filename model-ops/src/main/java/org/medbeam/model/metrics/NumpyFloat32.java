package org.medbeam.model.metrics;

import java.util.Arrays;

/**
 * numpy 1.24's nan-aware reductions on a float32 vector, to the bit: what {@code
 * write_metrics_reports} computes on MONAI's float32 metric buffers ({@code np.nanmean}, {@code
 * nanmedian}, {@code nanmax}, {@code nanmin}, {@code nanpercentile} (linear), {@code nanstd}). Sums
 * use numpy's pairwise summation in float32; divisions by a count happen in float64 and are rounded
 * to float32, as numpy's {@code _divide_by_count} does. Empty (all-NaN) input gives NaN.
 */
final class NumpyFloat32 {
  private static final int PW_BLOCKSIZE = 128;

  private NumpyFloat32() {}

  /** numpy's {@code pairwise_sum} of float32 values (initial 0, blocks of 8 accumulators). */
  static float pairwiseSum(float[] a, int from, int n) {
    if (n < 8) {
      float res = 0f;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= PW_BLOCKSIZE) {
      float[] r = new float[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      float res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
  }

  /** NaN replaced by 0, and the count of the others. */
  private static int replaceNan(float[] src, float[] dst) {
    int cnt = 0;
    for (int i = 0; i < src.length; i++) {
      boolean nan = Float.isNaN(src[i]);
      dst[i] = nan ? 0f : src[i];
      cnt += nan ? 0 : 1;
    }
    return cnt;
  }

  static float nanmean(float[] v) {
    float[] a = new float[v.length];
    int cnt = replaceNan(v, a);
    return (float) ((double) pairwiseSum(a, 0, a.length) / cnt);
  }

  private static float[] notNan(float[] v) {
    int n = 0;
    for (float x : v) {
      n += Float.isNaN(x) ? 0 : 1;
    }
    float[] out = new float[n];
    int k = 0;
    for (float x : v) {
      if (!Float.isNaN(x)) {
        out[k++] = x;
      }
    }
    return out;
  }

  static float nanmax(float[] v) {
    float[] a = notNan(v);
    if (a.length == 0) {
      return Float.NaN;
    }
    float m = a[0];
    for (float x : a) {
      m = Math.max(m, x);
    }
    return m;
  }

  static float nanmin(float[] v) {
    float[] a = notNan(v);
    if (a.length == 0) {
      return Float.NaN;
    }
    float m = a[0];
    for (float x : a) {
      m = Math.min(m, x);
    }
    return m;
  }

  /** {@code np.nanmedian}: the middle value, or the float32 mean of the two middle values. */
  static float nanmedian(float[] v) {
    float[] a = notNan(v);
    if (a.length == 0) {
      return Float.NaN;
    }
    Arrays.sort(a);
    int n = a.length;
    if (n % 2 == 1) {
      return a[(n - 1) / 2];
    }
    float sum = 0f + a[n / 2 - 1] + a[n / 2];
    return (float) ((double) sum / 2);
  }

  /**
   * {@code np.nanpercentile(v, p)} with the default linear method: virtual index {@code (n - 1) *
   * (p / 100)} in float64 and numpy's {@code _lerp} of the two float32 neighbours in float64.
   */
  static double nanpercentile(float[] v, double p) {
    float[] a = notNan(v);
    if (a.length == 0) {
      return Double.NaN;
    }
    Arrays.sort(a);
    int n = a.length;
    double q = p / 100;
    double virtual = (n - 1) * q;
    double prevIdx = Math.floor(virtual);
    int prev;
    int next;
    if (virtual >= n - 1) {
      prev = n - 1;
      next = n - 1;
      prevIdx = -1;
    } else if (virtual < 0) {
      prev = 0;
      next = 0;
      prevIdx = 0;
    } else {
      prev = (int) prevIdx;
      next = prev + 1;
    }
    double gamma = virtual - prevIdx;
    double lo = a[prev];
    double hi = a[next];
    double diff = (double) (float) (a[next] - a[prev]);
    double r = lo + diff * gamma;
    if (gamma >= 0.5) {
      r = hi - diff * (1 - gamma);
    }
    return r;
  }

  /** {@code np.nanstd} (ddof 0) in float32 with pairwise sums. */
  static float nanstd(float[] v) {
    float[] a = new float[v.length];
    int cnt = replaceNan(v, a);
    float avg = (float) ((double) pairwiseSum(a, 0, a.length) / cnt);
    float[] sq = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      float d = Float.isNaN(v[i]) ? 0f : a[i] - avg;
      sq[i] = d * d;
    }
    float var = (float) ((double) pairwiseSum(sq, 0, sq.length) / cnt);
    return (float) Math.sqrt(var);
  }
}
