package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.DType;

/** Argument checks and MONAI's tuple conventions shared by the spatial transforms. */
final class Args {
  private Args() {}

  static double prob(String transform, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          transform + ": prob must be between 0 and 1, got " + p);
    }
    return p;
  }

  static int threads(String transform, int t) {
    if (t < 1) {
      throw new IllegalArgumentException(transform + ": threads must be >= 1, got " + t);
    }
    return t;
  }

  /**
   * MONAI's {@code fall_back_tuple(user, default)}: null → default; one value → repeated; a
   * non-positive entry → the default's entry.
   */
  static int[] fallBack(String where, int[] user, int[] def) {
    if (user == null) {
      return def.clone();
    }
    int[] u = user.length == 1 && def.length > 1 ? repeat(user[0], def.length) : user;
    if (u.length != def.length) {
      throw new IllegalArgumentException(
          where + " has " + user.length + " values " + Arrays.toString(user) + " for a "
              + def.length + "D image; give one value or " + def.length);
    }
    int[] out = new int[def.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = u[i] > 0 ? u[i] : def[i];
    }
    return out;
  }

  static int[] repeat(int v, int n) {
    int[] a = new int[n];
    Arrays.fill(a, v);
    return a;
  }

  /** MONAI's {@code ensure_tuple_rep}: one value repeated, or exactly {@code n}. */
  static double[] rep(String where, double[] v, int n) {
    if (v.length == n) {
      return v.clone();
    }
    if (v.length == 1) {
      double[] a = new double[n];
      Arrays.fill(a, v[0]);
      return a;
    }
    throw new IllegalArgumentException(
        where + " has " + v.length + " values " + Arrays.toString(v) + " for " + n
            + " spatial dimensions; give one value or " + n);
  }

  /** A spatial axis, negative counting from the end (MONAI's {@code map_spatial_axes}). */
  static int spatialAxis(String where, int axis, int rank) {
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new IllegalArgumentException(
          where + " names spatial axis " + axis + " of a " + rank + "D image; accepted: "
              + -rank + " to " + (rank - 1));
    }
    return a;
  }

  /** A dtype name as MONAI configs write it, normalised to numpy's name. */
  static String dtype(String transform, String name) {
    if (name == null) {
      return null;
    }
    try {
      return DType.fromName(name).numpyName();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(transform + ": argument 'dtype': " + e.getMessage(), e);
    }
  }

  static double[] finite(String where, double[] v) {
    for (double d : v) {
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException(where + " must be finite, got " + Arrays.toString(v));
      }
    }
    return v.clone();
  }

  /**
   * A MONAI {@code RandRange}: one entry per parameter, either {@code {f}} (uniform in [-f, f])
   * or {@code {lo, hi}}; null entries are skipped as MONAI skips None.
   */
  static double[][] range(String where, double[][] r) {
    if (r == null) {
      return new double[0][];
    }
    double[][] out = new double[r.length][];
    for (int i = 0; i < r.length; i++) {
      if (r[i] == null) {
        continue;
      }
      if (r[i].length != 1 && r[i].length != 2) {
        throw new IllegalArgumentException(
            where + "[" + i + "] must be one value f (for [-f, f]) or a pair [min, max], got "
                + Arrays.toString(r[i]));
      }
      out[i] = finite(where, r[i]);
    }
    return out;
  }

  /** Symmetric ranges, one per parameter. */
  static double[][] symmetric(double... f) {
    double[][] r = new double[f.length][];
    for (int i = 0; i < f.length; i++) {
      r[i] = new double[] {f[i]};
    }
    return r;
  }
}
