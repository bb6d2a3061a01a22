package org.medbeam.transforms.utility;

import org.medbeam.core.RandomState;

/**
 * numpy's legacy {@code RandomState.multinomial(1, pvals)} reduced to the index of its single count
 * ({@code .argmax()}), as MONAI's {@code OneOf} draws: successive {@code binomial(1, p_j /
 * remaining)} draws by numpy's inversion algorithm, the last category taking what is left.
 */
public final class Multinomial {
  private Multinomial() {}

  /** The category of {@code multinomial(1, pvals)}. */
  public static int drawOne(RandomState random, double[] pvals) {
    int d = pvals.length;
    if (d == 0) {
      throw new IllegalArgumentException("multinomial needs at least one category");
    }
    double sum = 0;
    for (int j = 0; j < d - 1; j++) {
      sum += pvals[j];
    }
    if (sum > 1.0 + 1e-12) {
      throw new IllegalArgumentException("sum(pvals[:-1]) > 1.0");
    }
    double remaining = 1.0;
    long dn = 1;
    for (int j = 0; j < d - 1; j++) {
      long x = binomial(random, pvals[j] / remaining, dn);
      dn -= x;
      if (x > 0) {
        return j;
      }
      if (dn <= 0) {
        break;
      }
      remaining -= pvals[j];
    }
    return d - 1;
  }

  /** numpy's {@code random_binomial} for small {@code n * p} (the inversion branch). */
  static long binomial(RandomState random, double p, long n) {
    if (n == 0 || p == 0.0) {
      return 0;
    }
    if (p <= 0.5) {
      if (p * n <= 30.0) {
        return inversion(random, n, p);
      }
    } else {
      double q = 1.0 - p;
      if (q * n <= 30.0) {
        return n - inversion(random, n, q);
      }
    }
    throw new IllegalArgumentException(
        "binomial draws with n*p > 30 (numpy's BTPE branch) are not needed for multinomial(1, p)");
  }

  private static long inversion(RandomState random, long n, double p) {
    double q = 1.0 - p;
    double qn = Math.exp(n * Math.log(q));
    double np = n * p;
    long bound = (long) Math.min(n, np + 10.0 * Math.sqrt(np * q + 1));
    long x = 0;
    double px = qn;
    double u = random.rand();
    while (u > px) {
      x++;
      if (x > bound) {
        x = 0;
        px = qn;
        u = random.rand();
      } else {
        u -= px;
        px = ((n - x + 1) * p * px) / (x * q);
      }
    }
    return x;
  }
}
