package org.medbeam.model.networks.layers;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Per-spatial-dimension integer tuples, MONAI's {@code ensure_tuple_rep}. */
public final class Dims {
  private Dims() {}

  /** {@code v} repeated {@code dims} times. */
  public static int[] fill(int v, int dims) {
    int[] out = new int[dims];
    Arrays.fill(out, v);
    return out;
  }

  /** A one-element tuple broadcast to {@code dims}; otherwise its length must be {@code dims}. */
  public static int[] rep(int[] v, int dims, String arg) {
    if (v == null) {
      throw new IllegalArgumentException(arg + " must be given");
    }
    if (v.length == 1) {
      return fill(v[0], dims);
    }
    if (v.length != dims) {
      throw new IllegalArgumentException(
          arg
              + " must have 1 or "
              + dims
              + " values (one per spatial dimension), got "
              + Arrays.toString(v));
    }
    return v.clone();
  }

  /** Checks {@code spatialDims} is 1, 2 or 3. */
  public static int checkSpatial(int spatialDims) {
    if (spatialDims < 1 || spatialDims > 3) {
      throw new IllegalArgumentException("spatial_dims must be 1, 2 or 3, got " + spatialDims);
    }
    return spatialDims;
  }

  /** Checks every value is at least {@code min}. */
  public static int[] atLeast(int[] v, int min, String arg) {
    for (int x : v) {
      if (x < min) {
        throw new IllegalArgumentException(
            arg + " values must be >= " + min + ", got " + Arrays.toString(v));
      }
    }
    return v;
  }

  static Shape shape(int[] v) {
    long[] l = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      l[i] = v[i];
    }
    return new Shape(l);
  }

  /** The product of the values. */
  public static long prodOf(int[] v) {
    return prod(v);
  }

  static long prod(int[] v) {
    long p = 1;
    for (int x : v) {
      p *= x;
    }
    return p;
  }

  /** {@code (B, C, ...)} with {@code channels} in place of C. */
  static Shape withChannels(Shape in, long channels) {
    long[] s = in.getShape().clone();
    s[1] = channels;
    return new Shape(s);
  }

  /** Checks {@code in} is {@code (B, C, spatial...)} with {@code spatialDims} spatial axes. */
  static void checkInput(String layer, Shape in, int spatialDims, long channels) {
    if (in.dimension() != spatialDims + 2) {
      throw new IllegalArgumentException(
          layer + " expects input (B, C, " + spatialDims + " spatial axes), got shape " + in);
    }
    if (channels > 0 && in.get(1) != channels) {
      throw new IllegalArgumentException(
          layer + " expects " + channels + " input channels, got shape " + in);
    }
  }
}
