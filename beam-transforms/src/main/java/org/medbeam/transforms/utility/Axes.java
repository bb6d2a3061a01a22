package org.medbeam.transforms.utility;

import java.util.Arrays;
import org.medbeam.core.Volume;

/**
 * numpy's axis operations on a volume seen as the array MONAI holds: a volume of shape {@code (A0,
 * A1, ..., Ak)} is the numpy array of that shape, whatever our storage order ({@code A1} fastest,
 * {@code A0} slowest). {@link #transpose} and {@link #reshape} give the volume whose array is
 * numpy's result; metadata, affine and operations are kept.
 */
public final class Axes {
  private Axes() {}

  /** Our storage stride of each numpy axis of an array of {@code shape}. */
  public static long[] strides(int[] shape) {
    int n = shape.length;
    long[] s = new long[n];
    long acc = 1;
    for (int j = 1; j < n; j++) {
      s[j] = acc;
      acc *= shape[j];
    }
    s[0] = acc;
    return s;
  }

  /** numpy's {@code transpose(perm)}: output axis {@code i} is input axis {@code perm[i]}. */
  public static Volume transpose(Volume v, int... perm) {
    int[] in = v.shape();
    int n = in.length;
    if (perm.length != n) {
      throw new IllegalArgumentException(
          "axes " + Arrays.toString(perm) + " don't match an array of " + n + " dimensions");
    }
    boolean[] seen = new boolean[n];
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      if (perm[i] < 0 || perm[i] >= n || seen[perm[i]]) {
        throw new IllegalArgumentException(
            "axes " + Arrays.toString(perm) + " are not a permutation");
      }
      seen[perm[i]] = true;
      out[i] = in[perm[i]];
    }
    long[] inStride = strides(in);
    long[] srcStride = new long[n];
    for (int i = 0; i < n; i++) {
      srcStride[i] = inStride[perm[i]];
    }
    return copy(v, out, srcStride);
  }

  /** numpy's {@code reshape(new_shape)} (C order; same number of elements). */
  public static Volume reshape(Volume v, int... newShape) {
    if (Volume.elementCount(newShape) != v.size()) {
      throw new IllegalArgumentException(
          "cannot reshape " + Arrays.toString(v.shape()) + " into " + Arrays.toString(newShape));
    }
    int[] in = v.shape();
    long[] inStride = strides(in);
    int total = v.size();
    Object dst = v.dtype().allocate(total);
    long[] outStride = strides(newShape);
    int[] idx = new int[in.length];
    int[] oidx = new int[newShape.length];
    for (int k = 0; k < total; k++) {
      // k is the C-order position, the same in both arrays
      long rem = k;
      for (int i = in.length - 1; i >= 0; i--) {
        idx[i] = (int) (rem % in[i]);
        rem /= in[i];
      }
      rem = k;
      for (int i = newShape.length - 1; i >= 0; i--) {
        oidx[i] = (int) (rem % newShape[i]);
        rem /= newShape[i];
      }
      long s = 0;
      for (int i = 0; i < in.length; i++) {
        s += idx[i] * inStride[i];
      }
      long d = 0;
      for (int i = 0; i < newShape.length; i++) {
        d += oidx[i] * outStride[i];
      }
      System.arraycopy(v.array(), (int) s, dst, (int) d, 1);
    }
    return v.withData(dst, v.dtype(), newShape);
  }

  private static Volume copy(Volume v, int[] out, long[] srcStride) {
    int n = out.length;
    int total = v.size();
    Object dst = v.dtype().allocate(total);
    long[] dstStride = strides(out);
    int[] o4 = {1, 1, 1, 1};
    long[] s4 = new long[4];
    long[] d4 = new long[4];
    System.arraycopy(out, 0, o4, 0, n);
    System.arraycopy(srcStride, 0, s4, 0, n);
    System.arraycopy(dstStride, 0, d4, 0, n);
    Object src = v.array();
    for (int a = 0; a < o4[0]; a++) {
      for (int b = 0; b < o4[1]; b++) {
        for (int c = 0; c < o4[2]; c++) {
          for (int d = 0; d < o4[3]; d++) {
            long so = a * s4[0] + b * s4[1] + c * s4[2] + d * s4[3];
            long dOff = a * d4[0] + b * d4[1] + c * d4[2] + d * d4[3];
            System.arraycopy(src, (int) so, dst, (int) dOff, 1);
          }
        }
      }
    }
    return v.withData(dst, v.dtype(), out);
  }
}
