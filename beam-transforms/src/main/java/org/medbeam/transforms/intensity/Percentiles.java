package org.medbeam.transforms.intensity;

import java.util.Arrays;

/**
 * Percentiles exactly as MONAI's {@code percentile} computes them: up to 1,000,000 values with
 * {@code torch.quantile} (float32 throughout: {@code q} as float32, rank {@code q * (n - 1)} in
 * float32, torch's {@code lerp}), above that with {@code np.percentile} ({@code method="linear"}:
 * rank in float64, the difference of the two neighbours in float32, the interpolation in float64,
 * the result rounded to float32). Any NaN gives NaN, as both do.
 */
public final class Percentiles {
  private Percentiles() {}

  /** MONAI's switch-over size (pytorch#64947). */
  public static final int TORCH_MAX = 1_000_000;

  /** The {@code q}-th percentiles ({@code 0 <= q <= 100}) of {@code values} (not modified). */
  public static float[] percentiles(float[] values, int from, int to, double... q) {
    for (double p : q) {
      if (!(p >= 0 && p <= 100)) {
        throw new IllegalArgumentException("q values must be in [0, 100], got values: " + p);
      }
    }
    int n = to - from;
    float[] out = new float[q.length];
    if (n == 0) {
      throw new IllegalArgumentException("percentile of an empty array");
    }
    for (int i = from; i < to; i++) {
      if (Float.isNaN(values[i])) {
        Arrays.fill(out, Float.NaN);
        return out;
      }
    }
    float[] a = Arrays.copyOfRange(values, from, to);
    boolean torch = n <= TORCH_MAX;
    for (int k = 0; k < q.length; k++) {
      double p = q[k];
      int below;
      int above;
      double weightD = 0;
      float weightF = 0;
      if (torch) {
        float qf = (float) (p / 100.0);
        float rank = qf * (float) (n - 1);
        below = (int) rank;
        above = (int) Math.ceil(rank);
        weightF = rank - below;
      } else {
        double rank = (n - 1) * (p / 100.0);
        below = (int) Math.floor(rank);
        above = Math.min(below + 1, n - 1);
        weightD = rank - below;
      }
      float lo = select(a, below);
      float hi = above == below ? lo : select(a, above);
      if (torch) {
        // torch's lerp in float
        float w = weightF;
        out[k] = Math.abs(w) < 0.5f ? lo + w * (hi - lo) : hi - (hi - lo) * (1f - w);
      } else {
        float diff = hi - lo;
        double r = weightD >= 0.5 ? hi - diff * (1 - weightD) : lo + diff * weightD;
        out[k] = (float) r;
      }
    }
    return out;
  }

  public static float[] percentiles(float[] values, double... q) {
    return percentiles(values, 0, values.length, q);
  }

  /** The {@code k}-th smallest value (0-based); partially reorders {@code a}. */
  static float select(float[] a, int k) {
    int lo = 0;
    int hi = a.length - 1;
    while (hi - lo > 16) {
      int mid = (lo + hi) >>> 1;
      // median of three as pivot
      if (a[mid] < a[lo]) {
        swap(a, mid, lo);
      }
      if (a[hi] < a[lo]) {
        swap(a, hi, lo);
      }
      if (a[hi] < a[mid]) {
        swap(a, hi, mid);
      }
      float pivot = a[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(a, i, j);
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return a[k];
      }
    }
    Arrays.sort(a, lo, hi + 1);
    return a[k];
  }

  private static void swap(float[] a, int i, int j) {
    float t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
