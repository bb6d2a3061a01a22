package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code AdjustContrast}: {@code ((x - min) / (range + 1e-7)) ^ gamma * range + min}. With
 * {@code invert_image} the image is negated before and after; with {@code retain_stats} the result
 * is given the input's mean and (unbiased) standard deviation back. Float32 arithmetic (float64 for
 * float64 input); a float32 result for integer input, as torch's division gives.
 */
public final class AdjustContrast implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final double gamma;
  private final boolean invertImage;
  private final boolean retainStats;

  public AdjustContrast(double gamma, boolean invertImage, boolean retainStats) {
    if (!Double.isFinite(gamma)) {
      throw new IllegalArgumentException(
          "AdjustContrast: gamma must be a finite number, got " + gamma);
    }
    this.gamma = gamma;
    this.invertImage = invertImage;
    this.retainStats = retainStats;
  }

  public AdjustContrast(double gamma) {
    this(gamma, false, false);
  }

  @Override
  public Volume apply(Volume img, int threads) {
    return adjust(img, gamma);
  }

  Volume adjust(Volume img, double g) {
    if (Floats.isDouble(img)) {
      double[] x = Floats.copyDouble(img);
      adjust(x, g);
      return img.withData(x, DType.FLOAT64, img.shape());
    }
    float[] x = Floats.copy(img, 1);
    int n = x.length;
    if (invertImage) {
      for (int i = 0; i < n; i++) {
        x[i] = -x[i];
      }
    }
    float mn = 0;
    float sd = 0;
    if (retainStats) {
      mn = (float) mean(x);
      sd = (float) std(x, mean(x), true);
    }
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float range = max - min;
    float denom = range + 1e-7f;
    float gf = (float) g;
    for (int i = 0; i < n; i++) {
      float b = (x[i] - min) / denom;
      x[i] = pow(b, gf) * range + min;
    }
    if (retainStats) {
      float m2 = (float) mean(x);
      for (int i = 0; i < n; i++) {
        x[i] = x[i] - m2;
      }
      float s2 = (float) std(x, mean(x), true) + 1e-8f;
      for (int i = 0; i < n; i++) {
        x[i] = sd * (x[i] / s2) + mn;
      }
    }
    if (invertImage) {
      for (int i = 0; i < n; i++) {
        x[i] = -x[i];
      }
    }
    return img.withData(x, DType.FLOAT32, img.shape());
  }

  /** torch's {@code pow(float32, scalar)}, with its special exponents. */
  static float pow(float b, float e) {
    if (e == 2f) {
      return b * b;
    }
    if (e == 3f) {
      return b * b * b;
    }
    if (e == 0.5f) {
      return (float) Math.sqrt(b);
    }
    if (e == 1f) {
      return b;
    }
    return (float) Math.pow(b, e);
  }

  private void adjust(double[] x, double g) {
    int n = x.length;
    if (invertImage) {
      for (int i = 0; i < n; i++) {
        x[i] = -x[i];
      }
    }
    double mn = 0;
    double sd = 0;
    if (retainStats) {
      mn = mean(x);
      sd = std(x, mn, true);
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double range = max - min;
    for (int i = 0; i < n; i++) {
      x[i] = Math.pow((x[i] - min) / (range + 1e-7), g) * range + min;
    }
    if (retainStats) {
      double m2 = mean(x);
      for (int i = 0; i < n; i++) {
        x[i] -= m2;
      }
      double s2 = std(x, mean(x), true) + 1e-8;
      for (int i = 0; i < n; i++) {
        x[i] = sd * (x[i] / s2) + mn;
      }
    }
    if (invertImage) {
      for (int i = 0; i < n; i++) {
        x[i] = -x[i];
      }
    }
  }

  static double mean(float[] x) {
    double s = 0;
    for (float v : x) {
      s += v;
    }
    return s / x.length;
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  static double std(float[] x, double mean, boolean unbiased) {
    double ss = 0;
    for (float v : x) {
      double d = v - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / (unbiased ? x.length - 1 : x.length));
  }

  static double std(double[] x, double mean, boolean unbiased) {
    double ss = 0;
    for (double v : x) {
      double d = v - mean;
      ss += d * d;
    }
    return Math.sqrt(ss / (unbiased ? x.length - 1 : x.length));
  }

  @Override
  public String toString() {
    return "AdjustContrast(gamma="
        + gamma
        + ", invert_image="
        + invertImage
        + ", retain_stats="
        + retainStats
        + ")";
  }
}
