package org.medbeam.transforms.intensity;

import java.util.Locale;

/**
 * MONAI's {@code gaussian_1d} (as {@code GaussianFilter} uses it): a kernel of {@code 2 * tail + 1}
 * taps, {@code tail = int(max(sigma * truncated, 0.5) + 0.5)}, not normalised, float32.
 *
 * <ul>
 *   <li>{@code erf} (default): {@code 0.5 * (erf(t (x + 0.5)) - erf(t (x - 0.5)))}, {@code t =
 *       0.70710678 / sigma}, clamped at 0 - the integral of the Gaussian over each voxel;
 *   <li>{@code sampled}: {@code exp(-x^2 / (2 sigma^2)) / (2.5066282 sigma)};
 *   <li>{@code scalespace}: {@code exp(-sigma^2) I_|x|(sigma^2)} with the modified Bessel functions
 *       evaluated as MONAI does (Abramowitz-Stegun polynomials, Miller's recurrence).
 * </ul>
 */
public final class GaussianKernels {
  private GaussianKernels() {}

  /** The approximations MONAI offers. */
  public static final String[] APPROX = {"erf", "sampled", "scalespace"};

  public static String checkApprox(String owner, String approx) {
    String a = approx == null ? "erf" : approx.toLowerCase(Locale.ROOT);
    for (String s : APPROX) {
      if (s.equals(a)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        owner + ": approx is \"" + approx + "\"; accepted: erf, sampled, scalespace");
  }

  /** MONAI's {@code gaussian_1d(sigma, truncated, approx)}. */
  public static float[] gaussian1d(double sigma, double truncated, String approx) {
    if (truncated <= 0.0) {
      throw new IllegalArgumentException("truncated must be positive, got " + truncated);
    }
    float s = (float) sigma;
    int tail = (int) (Math.max((double) s * truncated, 0.5) + 0.5);
    int n = 2 * tail + 1;
    float[] out = new float[n];
    switch (checkApprox("gaussian_1d", approx)) {
      case "erf":
        {
          float t = 0.70710678f / Math.abs(s);
          for (int i = 0; i < n; i++) {
            float x = i - tail;
            float a = (float) erf(t * (x + 0.5f));
            float b = (float) erf(t * (x - 0.5f));
            out[i] = Math.max(0f, 0.5f * (a - b));
          }
          return out;
        }
      case "sampled":
        {
          float c = -0.5f / (s * s);
          float norm = 2.5066282f * s;
          for (int i = 0; i < n; i++) {
            float x = i - tail;
            out[i] = (float) Math.exp(c * (x * x)) / norm;
          }
          return out;
        }
      default:
        {
          double s2 = (double) (s * s);
          double[] pos = new double[tail + 1];
          pos[0] = bessel0(s2);
          if (tail >= 1) {
            pos[1] = bessel1(s2);
          }
          for (int k = 2; k <= tail; k++) {
            pos[k] = besselI(k, s2);
          }
          double e = Math.exp(-s2);
          for (int i = 0; i < n; i++) {
            out[i] = (float) (pos[Math.abs(i - tail)] * e);
          }
          return out;
        }
    }
  }

  /** The error function, to double precision (series below 2.5, continued fraction above). */
  public static double erf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double ax = Math.abs(x);
    if (ax == Double.POSITIVE_INFINITY) {
      return Math.signum(x);
    }
    if (ax < 2.5) {
      // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
      double term = ax;
      double sum = ax;
      double x2 = ax * ax;
      for (int n = 1; n < 200; n++) {
        term *= -x2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      double r = 2.0 / Math.sqrt(Math.PI) * sum;
      return x < 0 ? -r : r;
    }
    if (ax > 6.5) {
      return Math.signum(x);
    }
    // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
    double f = ax;
    for (int k = 60; k >= 1; k--) {
      f = ax + (k / 2.0) / f;
    }
    double erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
    double r = 1.0 - erfc;
    return x < 0 ? -r : r;
  }

  private static double polyval(double[] c, double y) {
    double r = 0;
    for (double v : c) {
      r = r * y + v;
    }
    return r;
  }

  /** Modified Bessel function I0 (Abramowitz-Stegun 9.8.1/9.8.2). */
  static double bessel0(double x) {
    double ax = Math.abs(x);
    if (ax < 3.75) {
      double y = x * x / 14.0625;
      return polyval(
          new double[] {0.45813e-2, 0.360768e-1, 0.2659732, 1.2067492, 3.0899424, 3.5156229, 1.0},
          y);
    }
    double y = 3.75 / ax;
    return polyval(
            new double[] {
              0.392377e-2,
              -0.1647633e-1,
              0.2635537e-1,
              -0.2057706e-1,
              0.916281e-2,
              -0.157565e-2,
              0.225319e-2,
              0.1328592e-1,
              0.39894228
            },
            y)
        * Math.exp(ax)
        / Math.sqrt(ax);
  }

  /** Modified Bessel function I1 (Abramowitz-Stegun 9.8.3/9.8.4). */
  static double bessel1(double x) {
    double ax = Math.abs(x);
    if (ax < 3.75) {
      double y = x * x / 14.0625;
      return ax
          * polyval(
              new double[] {
                0.32411e-3, 0.301532e-2, 0.2658733e-1, 0.15084934, 0.51498869, 0.87890594, 0.5
              },
              y);
    }
    double y = 3.75 / ax;
    double ans =
        polyval(
                new double[] {
                  -0.420059e-2,
                  0.1787654e-1,
                  -0.2895312e-1,
                  0.2282967e-1,
                  -0.1031555e-1,
                  0.163801e-2,
                  -0.362018e-2,
                  -0.3988024e-1,
                  0.39894228
                },
                y)
            * Math.exp(ax)
            / Math.sqrt(ax);
    return x < 0 ? -ans : ans;
  }

  /** Modified Bessel function I_n, n >= 2, by Miller's downward recurrence normalised by I0. */
  static double besselI(int n, double x) {
    if (x == 0.0) {
      return 0.0;
    }
    double tox = 2.0 / Math.abs(x);
    double ans = 0.0;
    double bip = 0.0;
    double bi = 1.0;
    int m = (int) (2 * (n + Math.floor(Math.sqrt(40.0 * n))));
    for (int j = m; j > 0; j--) {
      double bim = bip + j * tox * bi;
      bip = bi;
      bi = bim;
      if (Math.abs(bi) > 1.0e10) {
        ans *= 1.0e-10;
        bi *= 1.0e-10;
        bip *= 1.0e-10;
      }
      if (j == n) {
        ans = bip;
      }
    }
    ans *= bessel0(x) / bi;
    return x < 0.0 && (n % 2) == 1 ? -ans : ans;
  }
}
