package org.medbeam.io;

/**
 * Gathers an n-d array stored with arbitrary element strides into a dense array whose first
 * listed dimension is fastest: the one transposition IO needs when a file's axis order differs
 * from medbeam's (first spatial index fastest, channel slowest).
 */
public final class StridedCopy {
  private StridedCopy() {}

  /**
   * @param src a primitive array
   * @param dims destination dimensions, fastest first
   * @param srcStrides for each destination dimension, the source stride in elements
   * @return a new array of {@code src}'s type with {@code prod(dims)} elements
   */
  public static Object gather(Object src, int[] dims, long[] srcStrides) {
    return gather(src, 0, dims, srcStrides);
  }

  /**
   * As {@link #gather(Object, int[], long[])}, starting at source element {@code base}; strides
   * may be negative (flipped axes).
   */
  public static Object gather(Object src, long base, int[] dims, long[] srcStrides) {
    long total = 1;
    for (int d : dims) {
      total *= d;
    }
    int n = (int) total;
    Object dst = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), n);
    if (n == 0) {
      return dst;
    }
    int rank = dims.length;
    int[] idx = new int[rank];
    long srcBase = base;
    int inner = dims[0];
    int stride0 = (int) srcStrides[0];
    for (int out = 0; out < n; out += inner) {
      copyLine(src, (int) srcBase, stride0, dst, out, inner);
      for (int a = 1; a < rank; a++) {
        idx[a]++;
        srcBase += srcStrides[a];
        if (idx[a] < dims[a]) {
          break;
        }
        srcBase -= srcStrides[a] * dims[a];
        idx[a] = 0;
      }
    }
    return dst;
  }

  private static void copyLine(Object src, int from, int stride, Object dst, int to, int len) {
    if (stride == 1) {
      System.arraycopy(src, from, dst, to, len);
      return;
    }
    if (src instanceof byte[]) {
      byte[] s = (byte[]) src;
      byte[] d = (byte[]) dst;
      for (int i = 0; i < len; i++) {
        d[to + i] = s[from + i * stride];
      }
    } else if (src instanceof short[]) {
      short[] s = (short[]) src;
      short[] d = (short[]) dst;
      for (int i = 0; i < len; i++) {
        d[to + i] = s[from + i * stride];
      }
    } else if (src instanceof int[]) {
      int[] s = (int[]) src;
      int[] d = (int[]) dst;
      for (int i = 0; i < len; i++) {
        d[to + i] = s[from + i * stride];
      }
    } else if (src instanceof long[]) {
      long[] s = (long[]) src;
      long[] d = (long[]) dst;
      for (int i = 0; i < len; i++) {
        d[to + i] = s[from + i * stride];
      }
    } else if (src instanceof float[]) {
      float[] s = (float[]) src;
      float[] d = (float[]) dst;
      for (int i = 0; i < len; i++) {
        d[to + i] = s[from + i * stride];
      }
    } else {
      double[] s = (double[]) src;
      double[] d = (double[]) dst;
      for (int i = 0; i < len; i++) {
        d[to + i] = s[from + i * stride];
      }
    }
  }
}
