package org.medbeam.transforms.spatial;

import org.medbeam.core.Parallel;

/**
 * The tensor-product resampling kernel: {@code out[c,x,y,z] = Σ wx·wy·wz · in[c,ix,iy,iz]}
 * with one {@link AxisTable} per output axis (any permutation of input axes). Serves the
 * axis-aligned grid-sample fast path (Spacing, Orientation+Spacing) and PyTorch-{@code
 * interpolate} transforms (Resize, Zoom). Everything is handled as 3D; a 2D volume has Z = 1.
 *
 * <p>Work is split into slabs of output rows (channel, z, y) with {@link Parallel}; the fastest
 * output axis is the innermost loop and accumulates in double.
 */
final class SeparableKernel {
  private SeparableKernel() {}

  /**
   * @param src {@code float[]} or {@code short[]} (signed int16) storage, channel-first, x fastest
   * @param in3 input {X, Y, Z}
   * @param t tables for output axes x, y, z
   */
  static float[] apply(Object src, int channels, int[] in3, AxisTable[] t, int threads) {
    int[] stride = {1, in3[0], in3[0] * in3[1]};
    int chan = in3[0] * in3[1] * in3[2];
    AxisTable tx = t[0];
    AxisTable ty = t[1];
    AxisTable tz = t[2];
    int[] offX = offsets(tx, stride);
    int[] offY = offsets(ty, stride);
    int[] offZ = offsets(tz, stride);
    int oX = tx.n;
    int oY = ty.n;
    int oZ = tz.n;
    float[] out = new float[Math.multiplyExact(Math.multiplyExact(channels, oX), oY * oZ)];
    int rows = channels * oZ * oY;
    final float[] fsrc = src instanceof float[] ? (float[]) src : null;
    final short[] ssrc = src instanceof short[] ? (short[]) src : null;
    if (fsrc == null && ssrc == null) {
      throw new IllegalArgumentException("kernel source must be float[] or short[]");
    }
    Parallel.forRange(
        rows,
        threads,
        (from, to) -> {
          double[] acc = new double[oX];
          int maxCombos = ty.taps * tz.taps;
          int[] cOff = new int[maxCombos];
          double[] cW = new double[maxCombos];
          for (int r = from; r < to; r++) {
            int y = r % oY;
            int rest = r / oY;
            int z = rest % oZ;
            int c = rest / oZ;
            int base = c * chan;
            int nc = 0;
            for (int a = 0; a < tz.taps; a++) {
              double wz = tz.weight[z * tz.taps + a];
              if (wz == 0) {
                continue;
              }
              int oz = offZ[z * tz.taps + a];
              for (int b = 0; b < ty.taps; b++) {
                double wy = ty.weight[y * ty.taps + b];
                if (wy == 0) {
                  continue;
                }
                cOff[nc] = base + oz + offY[y * ty.taps + b];
                cW[nc] = wz * wy;
                nc++;
              }
            }
            int ob = r * oX;
            if (nc == 0) {
              continue;
            }
            if (fsrc != null) {
              rowFloat(fsrc, cOff, cW, nc, tx, offX, acc);
            } else {
              rowShort(ssrc, cOff, cW, nc, tx, offX, acc);
            }
            for (int x = 0; x < oX; x++) {
              out[ob + x] = (float) acc[x];
            }
          }
        });
    return out;
  }

  private static int[] offsets(AxisTable t, int[] stride) {
    int s = stride[t.inAxis];
    int[] o = new int[t.index.length];
    for (int i = 0; i < o.length; i++) {
      o[i] = t.index[i] * s;
    }
    return o;
  }

  private static void rowFloat(
      float[] src, int[] cOff, double[] cW, int nc, AxisTable tx, int[] offX, double[] acc) {
    int oX = tx.n;
    double[] wx = tx.weight;
    if (tx.taps == 2 && nc == 4) {
      // trilinear: the four (y, z) rows in one pass
      int o0 = cOff[0];
      int o1 = cOff[1];
      int o2 = cOff[2];
      int o3 = cOff[3];
      double w0 = cW[0];
      double w1 = cW[1];
      double w2 = cW[2];
      double w3 = cW[3];
      for (int x = 0; x < oX; x++) {
        int i = 2 * x;
        int a = offX[i];
        int b = offX[i + 1];
        double wa = wx[i];
        double wb = wx[i + 1];
        acc[x] =
            w0 * (wa * src[o0 + a] + wb * src[o0 + b])
                + w1 * (wa * src[o1 + a] + wb * src[o1 + b])
                + w2 * (wa * src[o2 + a] + wb * src[o2 + b])
                + w3 * (wa * src[o3 + a] + wb * src[o3 + b]);
      }
      return;
    }
    if (tx.taps == 2) {
      for (int k = 0; k < nc; k++) {
        int o = cOff[k];
        double w = cW[k];
        if (k == 0) {
          for (int x = 0; x < oX; x++) {
            int i = 2 * x;
            acc[x] = w * (wx[i] * src[o + offX[i]] + wx[i + 1] * src[o + offX[i + 1]]);
          }
        } else {
          for (int x = 0; x < oX; x++) {
            int i = 2 * x;
            acc[x] += w * (wx[i] * src[o + offX[i]] + wx[i + 1] * src[o + offX[i + 1]]);
          }
        }
      }
    } else if (tx.taps == 1) {
      for (int k = 0; k < nc; k++) {
        int o = cOff[k];
        double w = cW[k];
        if (k == 0) {
          for (int x = 0; x < oX; x++) {
            acc[x] = w * wx[x] * src[o + offX[x]];
          }
        } else {
          for (int x = 0; x < oX; x++) {
            acc[x] += w * wx[x] * src[o + offX[x]];
          }
        }
      }
    } else {
      int taps = tx.taps;
      java.util.Arrays.fill(acc, 0);
      for (int k = 0; k < nc; k++) {
        int o = cOff[k];
        double w = cW[k];
        for (int x = 0; x < oX; x++) {
          double s = 0;
          for (int t = x * taps, e = t + taps; t < e; t++) {
            s += wx[t] * src[o + offX[t]];
          }
          acc[x] += w * s;
        }
      }
    }
  }

  // rowFloat for int16 storage, kept separate: Java has no generics over primitive arrays, and
  // reading int16 directly (no float copy of the volume) is what makes W2 fast
  private static void rowShort(
      short[] src, int[] cOff, double[] cW, int nc, AxisTable tx, int[] offX, double[] acc) {
    int oX = tx.n;
    double[] wx = tx.weight;
    if (tx.taps == 2 && nc == 4) {
      // trilinear: the four (y, z) rows in one pass
      int o0 = cOff[0];
      int o1 = cOff[1];
      int o2 = cOff[2];
      int o3 = cOff[3];
      double w0 = cW[0];
      double w1 = cW[1];
      double w2 = cW[2];
      double w3 = cW[3];
      for (int x = 0; x < oX; x++) {
        int i = 2 * x;
        int a = offX[i];
        int b = offX[i + 1];
        double wa = wx[i];
        double wb = wx[i + 1];
        acc[x] =
            w0 * (wa * src[o0 + a] + wb * src[o0 + b])
                + w1 * (wa * src[o1 + a] + wb * src[o1 + b])
                + w2 * (wa * src[o2 + a] + wb * src[o2 + b])
                + w3 * (wa * src[o3 + a] + wb * src[o3 + b]);
      }
      return;
    }
    if (tx.taps == 2) {
      for (int k = 0; k < nc; k++) {
        int o = cOff[k];
        double w = cW[k];
        if (k == 0) {
          for (int x = 0; x < oX; x++) {
            int i = 2 * x;
            acc[x] = w * (wx[i] * src[o + offX[i]] + wx[i + 1] * src[o + offX[i + 1]]);
          }
        } else {
          for (int x = 0; x < oX; x++) {
            int i = 2 * x;
            acc[x] += w * (wx[i] * src[o + offX[i]] + wx[i + 1] * src[o + offX[i + 1]]);
          }
        }
      }
    } else if (tx.taps == 1) {
      for (int k = 0; k < nc; k++) {
        int o = cOff[k];
        double w = cW[k];
        if (k == 0) {
          for (int x = 0; x < oX; x++) {
            acc[x] = w * wx[x] * src[o + offX[x]];
          }
        } else {
          for (int x = 0; x < oX; x++) {
            acc[x] += w * wx[x] * src[o + offX[x]];
          }
        }
      }
    } else {
      int taps = tx.taps;
      java.util.Arrays.fill(acc, 0);
      for (int k = 0; k < nc; k++) {
        int o = cOff[k];
        double w = cW[k];
        for (int x = 0; x < oX; x++) {
          double s = 0;
          for (int t = x * taps, e = t + taps; t < e; t++) {
            s += wx[t] * src[o + offX[t]];
          }
          acc[x] += w * s;
        }
      }
    }
  }

  /**
   * Exact gather for one-tap, weight-1 tables (flips, permutations, crops): copies voxels in
   * their own storage type, so the dtype is kept bit for bit.
   */
  static Object gather(Object src, int channels, int[] in3, AxisTable[] t, int threads) {
    int[] stride = {1, in3[0], in3[0] * in3[1]};
    int chan = in3[0] * in3[1] * in3[2];
    int[] offX = offsets(t[0], stride);
    int[] offY = offsets(t[1], stride);
    int[] offZ = offsets(t[2], stride);
    int oX = t[0].n;
    int oY = t[1].n;
    int oZ = t[2].n;
    int n = Math.multiplyExact(Math.multiplyExact(channels, oX), oY * oZ);
    Object out = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), n);
    int rows = channels * oZ * oY;
    Parallel.forRange(
        rows,
        threads,
        (from, to) -> {
          for (int r = from; r < to; r++) {
            int y = r % oY;
            int rest = r / oY;
            int z = rest % oZ;
            int c = rest / oZ;
            int o = c * chan + offZ[z] + offY[y];
            int ob = r * oX;
            copyRow(src, out, o, offX, ob, oX);
          }
        });
    return out;
  }

  private static void copyRow(Object src, Object out, int o, int[] offX, int ob, int n) {
    if (src instanceof float[]) {
      float[] s = (float[]) src;
      float[] d = (float[]) out;
      for (int x = 0; x < n; x++) {
        d[ob + x] = s[o + offX[x]];
      }
    } else if (src instanceof short[]) {
      short[] s = (short[]) src;
      short[] d = (short[]) out;
      for (int x = 0; x < n; x++) {
        d[ob + x] = s[o + offX[x]];
      }
    } else if (src instanceof byte[]) {
      byte[] s = (byte[]) src;
      byte[] d = (byte[]) out;
      for (int x = 0; x < n; x++) {
        d[ob + x] = s[o + offX[x]];
      }
    } else if (src instanceof int[]) {
      int[] s = (int[]) src;
      int[] d = (int[]) out;
      for (int x = 0; x < n; x++) {
        d[ob + x] = s[o + offX[x]];
      }
    } else if (src instanceof long[]) {
      long[] s = (long[]) src;
      long[] d = (long[]) out;
      for (int x = 0; x < n; x++) {
        d[ob + x] = s[o + offX[x]];
      }
    } else {
      double[] s = (double[]) src;
      double[] d = (double[]) out;
      for (int x = 0; x < n; x++) {
        d[ob + x] = s[o + offX[x]];
      }
    }
  }
}
