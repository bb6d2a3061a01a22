package org.medbeam.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A Mersenne Twister (MT19937) generator that draws exactly as numpy's legacy {@code
 * np.random.RandomState} does, the generator every MONAI {@code Randomizable} holds in {@code
 * self.R}: the same seed gives the same {@link #rand()}, {@link #uniform}, {@link #randint} and
 * {@link #normal} sequence as numpy.
 *
 * <p>medbeam's determinism contract derives one generator per (pipeline seed, sample id,
 * transform position, epoch) with {@link #forSample}; the result is independent of runner,
 * parallelism and element order. Not thread-safe: one instance per draw site.
 */
public final class RandomState {
  private static final int N = 624;
  private static final int M = 397;

  private final int[] mt = new int[N];
  private int mti;
  private boolean hasGauss;
  private double gauss;

  private RandomState() {}

  /** {@code np.random.RandomState(seed)} for {@code 0 <= seed < 2^32}. */
  public static RandomState of(long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("seed must be between 0 and 2^32 - 1, got " + seed);
    }
    RandomState r = new RandomState();
    r.initGenrand((int) seed);
    return r;
  }

  /** {@code np.random.RandomState([k0, k1, ...])}: seeding from a key of 32-bit words. */
  public static RandomState ofKey(int... key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("seed key must not be empty");
    }
    RandomState r = new RandomState();
    r.initByArray(key);
    return r;
  }

  /**
   * The generator for one random draw site: {@code np.random.RandomState([seed_lo, seed_hi, h0,
   * h1, h2, h3, position, epoch_lo, epoch_hi])} where {@code h0..h3} are the first 16 bytes of the
   * SHA-256 of the sample id (big-endian words).
   *
   * @param pipelineSeed the run's {@code --seed}
   * @param sampleId {@link Sample#id()}
   * @param position the transform's index in its chain
   * @param epoch the epoch or draw counter (0 for inference)
   */
  public static RandomState forSample(long pipelineSeed, String sampleId, int position, long epoch) {
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest(sampleId.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
    int[] key = new int[9];
    key[0] = (int) pipelineSeed;
    key[1] = (int) (pipelineSeed >>> 32);
    for (int w = 0; w < 4; w++) {
      key[2 + w] =
          ((h[4 * w] & 0xFF) << 24)
              | ((h[4 * w + 1] & 0xFF) << 16)
              | ((h[4 * w + 2] & 0xFF) << 8)
              | (h[4 * w + 3] & 0xFF);
    }
    key[6] = position;
    key[7] = (int) epoch;
    key[8] = (int) (epoch >>> 32);
    return ofKey(key);
  }

  /**
   * An independent generator in exactly this state (numpy: {@code RandomState().set_state(
   * r.get_state())}). MONAI seeds a transform and its helper generators with one seed ({@code
   * set_random_state}); a copy taken before the first draw reproduces such a helper.
   */
  public RandomState copy() {
    RandomState r = new RandomState();
    System.arraycopy(mt, 0, r.mt, 0, N);
    r.mti = mti;
    r.hasGauss = hasGauss;
    r.gauss = gauss;
    return r;
  }

  private void initGenrand(int s) {
    mt[0] = s;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    mti = N;
  }

  private void initByArray(int[] key) {
    initGenrand(19650218);
    int i = 1;
    int j = 0;
    for (int k = Math.max(N, key.length); k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) {
        j = 0;
      }
    }
    for (int k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    mti = N;
  }

  private void twist() {
    for (int kk = 0; kk < N; kk++) {
      int y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % N] & 0x7fffffff);
      mt[kk] = mt[(kk + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
    }
    mti = 0;
  }

  /** The next raw 32-bit output, as an unsigned value in {@code [0, 2^32)}. */
  public long nextUint32() {
    if (mti >= N) {
      twist();
    }
    int y = mt[mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xFFFFFFFFL;
  }

  /** numpy's {@code random_sample()} / {@code rand()}: a 53-bit double in {@code [0, 1)}. */
  public double rand() {
    long a = nextUint32() >>> 5;
    long b = nextUint32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  /** numpy's {@code uniform(low, high)}: {@code low + (high - low) * rand()}. */
  public double uniform(double low, double high) {
    return low + (high - low) * rand();
  }

  /** numpy's {@code randint(high)}: an integer in {@code [0, high)}. */
  public long randint(long high) {
    return randint(0, high);
  }

  /**
   * numpy's legacy {@code randint(low, high)} for the default int64 dtype: an integer in {@code
   * [low, high)} by masked rejection sampling, drawing the same words numpy draws.
   */
  public long randint(long low, long high) {
    if (high <= low) {
      throw new IllegalArgumentException("randint: low >= high (" + low + " >= " + high + ")");
    }
    long rng = high - low - 1;
    if (rng == 0) {
      return low;
    }
    long mask = rng;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask |= mask >>> 32;
    if (rng <= 0xFFFFFFFFL) {
      if (rng == 0xFFFFFFFFL) {
        return low + nextUint32();
      }
      long v;
      do {
        v = nextUint32() & mask;
      } while (v > rng);
      return low + v;
    }
    long v;
    do {
      v = ((nextUint32() << 32) | nextUint32()) & mask;
    } while (Long.compareUnsigned(v, rng) > 0);
    return low + v;
  }

  /** numpy's legacy {@code standard_normal()} (polar Box-Muller, second value cached). */
  public double standardNormal() {
    if (hasGauss) {
      hasGauss = false;
      double g = gauss;
      gauss = 0;
      return g;
    }
    double x1;
    double x2;
    double r2;
    do {
      x1 = 2.0 * rand() - 1.0;
      x2 = 2.0 * rand() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
    gauss = f * x1;
    hasGauss = true;
    return f * x2;
  }

  /** numpy's {@code normal(loc, scale)}. */
  public double normal(double loc, double scale) {
    return loc + scale * standardNormal();
  }

  /** Fills {@code out} with {@code normal(loc, scale)} draws, as numpy's {@code normal(size=n)}. */
  public void fillNormal(float[] out, double loc, double scale) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (loc + scale * standardNormal());
    }
  }

  /**
   * numpy's legacy {@code choice(n, p=probabilities)} with one draw: the cumulative sum normalised
   * by its last value, searched (side right) with one {@link #rand()} draw.
   */
  public int choice(double[] probabilities) {
    double[] cdf = new double[probabilities.length];
    double sum = 0;
    for (int i = 0; i < probabilities.length; i++) {
      double p = probabilities[i];
      if (p < 0 || Double.isNaN(p)) {
        throw new IllegalArgumentException("probabilities must be non-negative, got " + p);
      }
      sum += p;
      cdf[i] = sum;
    }
    if (sum <= 0) {
      throw new IllegalArgumentException("probabilities must not all be zero");
    }
    double last = cdf[cdf.length - 1];
    double u = rand();
    for (int i = 0; i < cdf.length; i++) {
      if (cdf[i] / last > u) {
        return i;
      }
    }
    return cdf.length - 1;
  }

  /** numpy's legacy {@code shuffle} on an int array (Fisher-Yates from the end). */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = (int) randint(0, i + 1L);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
