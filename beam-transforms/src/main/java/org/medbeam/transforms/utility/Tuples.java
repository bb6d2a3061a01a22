package org.medbeam.transforms.utility;

import java.util.Arrays;

/**
 * MONAI's tuple helpers for per-axis arguments: {@code ensure_tuple_rep} (one value for every axis,
 * or exactly one per axis) and {@code fall_back_tuple} (non-positive entries mean "the image size
 * along that axis").
 */
public final class Tuples {
  private Tuples() {}

  /** One value repeated {@code n} times, or the {@code n} values given; otherwise an error. */
  public static int[] rep(String owner, String argument, int[] values, int n) {
    if (values == null) {
      return null;
    }
    if (values.length == 1) {
      int[] out = new int[n];
      Arrays.fill(out, values[0]);
      return out;
    }
    if (values.length != n) {
      throw wrongCount(owner, argument, values.length, Arrays.toString(values), n);
    }
    return values.clone();
  }

  public static double[] rep(String owner, String argument, double[] values, int n) {
    if (values == null) {
      return null;
    }
    if (values.length == 1) {
      double[] out = new double[n];
      Arrays.fill(out, values[0]);
      return out;
    }
    if (values.length != n) {
      throw wrongCount(owner, argument, values.length, Arrays.toString(values), n);
    }
    return values.clone();
  }

  private static IllegalArgumentException wrongCount(
      String owner, String argument, int count, String values, int n) {
    return new IllegalArgumentException(owner + ": " + argument + " has " + count + " values "
        + values + " for an image with " + n + " spatial dimensions; give 1 or " + n + " values");
  }

  /**
   * MONAI's {@code fall_back_tuple(user, default)}: entries {@code <= 0} take the default (the
   * image size along that axis).
   */
  public static int[] fallBack(String owner, String argument, int[] user, int[] defaults) {
    int[] u = rep(owner, argument, user, defaults.length);
    int[] out = new int[defaults.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = u[i] > 0 ? u[i] : defaults[i];
    }
    return out;
  }

  /** Product of the entries, as a long. */
  public static long product(int[] v) {
    long p = 1;
    for (int x : v) {
      p *= x;
    }
    return p;
  }

  /** A checked copy of a non-empty int array argument. */
  public static int[] nonEmpty(String owner, String argument, int[] values) {
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(owner + ": " + argument + " must have at least one value");
    }
    return values.clone();
  }
}
