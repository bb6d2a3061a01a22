package org.medbeam.transforms.intensity;

/** Checks MONAI's {@code prob} argument of random transforms. */
final class Probability {
  private Probability() {}

  static double check(String owner, double prob) {
    if (!(prob >= 0 && prob <= 1)) {
      throw new IllegalArgumentException(owner + ": prob must be between 0 and 1, got " + prob);
    }
    return prob;
  }

  /** MONAI's {@code (min(-v, v), max(-v, v))} for one number, else the sorted pair. */
  static double[] range(String owner, String name, double[] v) {
    if (v == null || v.length == 0 || v.length > 2) {
      throw new IllegalArgumentException(
          owner
              + ": "
              + name
              + " should be a number or pair of numbers, got "
              + java.util.Arrays.toString(v));
    }
    if (v.length == 1) {
      return new double[] {Math.min(-v[0], v[0]), Math.max(-v[0], v[0])};
    }
    return new double[] {Math.min(v[0], v[1]), Math.max(v[0], v[1])};
  }
}
