package org.medbeam.transforms.utility;

import org.medbeam.core.DType;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;

/**
 * Flat, per-dtype voxel predicates reduced over channels ({@code any(0)}), written into a byte mask
 * of one spatial frame: the building blocks of MONAI's {@code map_binary_to_indices}, {@code
 * map_classes_to_indices} and {@code generate_spatial_bounding_box}. Loops run in storage order
 * (first spatial index fastest), parallel by voxel ranges.
 */
public final class VoxelMasks {
  private VoxelMasks() {}

  /** Sets {@code out[i] |= bit} where any channel in {@code [from, to)} of {@code v} is nonzero. */
  public static void orNonzero(Volume v, int from, int to, byte[] out, byte bit, int threads) {
    int n = v.voxelsPerChannel();
    checkFrame(out, n);
    for (int c = from; c < to; c++) {
      final int base = c * n;
      Object a = v.array();
      Parallel.forRange(n, threads, (s, e) -> orNonzeroRange(a, v.dtype(), base, s, e, out, bit));
    }
  }

  private static void orNonzeroRange(
      Object a, DType t, int base, int s, int e, byte[] out, byte bit) {
    switch (t) {
      case FLOAT32:
        {
          float[] d = (float[]) a;
          for (int i = s; i < e; i++) {
            if (d[base + i] != 0f) {
              out[i] |= bit;
            }
          }
          return;
        }
      case FLOAT64:
        {
          double[] d = (double[]) a;
          for (int i = s; i < e; i++) {
            if (d[base + i] != 0d) {
              out[i] |= bit;
            }
          }
          return;
        }
      case UINT8:
      case INT8:
        {
          byte[] d = (byte[]) a;
          for (int i = s; i < e; i++) {
            if (d[base + i] != 0) {
              out[i] |= bit;
            }
          }
          return;
        }
      case UINT16:
      case INT16:
        {
          short[] d = (short[]) a;
          for (int i = s; i < e; i++) {
            if (d[base + i] != 0) {
              out[i] |= bit;
            }
          }
          return;
        }
      case UINT32:
      case INT32:
        {
          int[] d = (int[]) a;
          for (int i = s; i < e; i++) {
            if (d[base + i] != 0) {
              out[i] |= bit;
            }
          }
          return;
        }
      default:
        {
          long[] d = (long[]) a;
          for (int i = s; i < e; i++) {
            if (d[base + i] != 0) {
              out[i] |= bit;
            }
          }
        }
    }
  }

  /**
   * Sets {@code out[i] |= bit} where any channel of {@code v} is greater than {@code threshold},
   * compared as torch compares a tensor with a Python float: in float32 for every type but float64.
   */
  public static void orGreater(Volume v, double threshold, byte[] out, byte bit, int threads) {
    orGreater(v, allChannels(v), threshold, out, bit, threads);
  }

  /** {@link #orGreater(Volume, double, byte[], byte, int)} over the listed channels only. */
  public static void orGreater(
      Volume v, int[] channels, double threshold, byte[] out, byte bit, int threads) {
    int n = v.voxelsPerChannel();
    checkFrame(out, n);
    Object a = v.array();
    DType t = v.dtype();
    float tf = (float) threshold;
    for (int c : channels) {
      if (c < 0 || c >= v.channels()) {
        throw new IllegalArgumentException(
            "channel index "
                + c
                + " is out of range for an image with "
                + v.channels()
                + " channels");
      }
      final int base = c * n;
      Parallel.forRange(
          n,
          threads,
          (s, e) -> {
            if (t == DType.FLOAT32) {
              float[] d = (float[]) a;
              for (int i = s; i < e; i++) {
                if (d[base + i] > tf) {
                  out[i] |= bit;
                }
              }
            } else if (t == DType.FLOAT64) {
              double[] d = (double[]) a;
              for (int i = s; i < e; i++) {
                if (d[base + i] > threshold) {
                  out[i] |= bit;
                }
              }
            } else if (t == DType.INT16) {
              short[] d = (short[]) a;
              for (int i = s; i < e; i++) {
                if (d[base + i] > tf) {
                  out[i] |= bit;
                }
              }
            } else {
              for (int i = s; i < e; i++) {
                if ((float) v.getDouble(base + i) > tf) {
                  out[i] |= bit;
                }
              }
            }
          });
    }
  }

  /**
   * Sets {@code out[i] |= bit} where any of {@code channels} of {@code v} satisfies {@code select}
   * (a per-voxel predicate on the value read as double; MONAI's {@code select_fn}).
   */
  public static void orSelected(
      Volume v, int[] channels, VoxelPredicate select, byte[] out, byte bit, int threads) {
    int n = v.voxelsPerChannel();
    checkFrame(out, n);
    for (int c : channels) {
      if (c < 0 || c >= v.channels()) {
        throw new IllegalArgumentException(
            "channel index "
                + c
                + " is out of range for an image with "
                + v.channels()
                + " channels");
      }
      final int base = c * n;
      Parallel.forRange(
          n,
          threads,
          (s, e) -> {
            for (int i = s; i < e; i++) {
              if (select.test(v.getDouble(base + i))) {
                out[i] |= bit;
              }
            }
          });
    }
  }

  /** All channel indices of a volume. */
  public static int[] allChannels(Volume v) {
    int[] c = new int[v.channels()];
    for (int i = 0; i < c.length; i++) {
      c[i] = i;
    }
    return c;
  }

  /** Sets {@code out[i] = value} where channel {@code c} of {@code v} equals {@code target}. */
  public static void setEqual(Volume v, int c, double target, byte[] out, byte value, int threads) {
    int n = v.voxelsPerChannel();
    checkFrame(out, n);
    final int base = c * n;
    Object a = v.array();
    DType t = v.dtype();
    Parallel.forRange(
        n,
        threads,
        (s, e) -> {
          if (t == DType.FLOAT32) {
            float[] d = (float[]) a;
            float tf = (float) target;
            boolean exact = tf == target;
            for (int i = s; i < e; i++) {
              if (exact && d[base + i] == tf) {
                out[i] = value;
              }
            }
          } else {
            for (int i = s; i < e; i++) {
              if (v.getDouble(base + i) == target) {
                out[i] = value;
              }
            }
          }
        });
  }

  private static void checkFrame(byte[] out, int n) {
    if (out.length != n) {
      throw new IllegalArgumentException(
          "mask has " + out.length + " voxels, the volume frame has " + n);
    }
  }

  /**
   * Sets {@code flags[k] = 1} where element {@code offset + k} of {@code v}'s storage is nonzero
   * (leaves the others), {@code k < flags.length}: one typed loop per row.
   */
  public static void nonzeroRow(Volume v, int offset, byte[] flags) {
    int len = flags.length;
    Object a = v.array();
    switch (v.dtype()) {
      case FLOAT32:
        {
          float[] d = (float[]) a;
          for (int k = 0; k < len; k++) {
            if (d[offset + k] != 0f) {
              flags[k] = 1;
            }
          }
          return;
        }
      case FLOAT64:
        {
          double[] d = (double[]) a;
          for (int k = 0; k < len; k++) {
            if (d[offset + k] != 0d) {
              flags[k] = 1;
            }
          }
          return;
        }
      case UINT8:
      case INT8:
        {
          byte[] d = (byte[]) a;
          for (int k = 0; k < len; k++) {
            if (d[offset + k] != 0) {
              flags[k] = 1;
            }
          }
          return;
        }
      case UINT16:
      case INT16:
        {
          short[] d = (short[]) a;
          for (int k = 0; k < len; k++) {
            if (d[offset + k] != 0) {
              flags[k] = 1;
            }
          }
          return;
        }
      case UINT32:
      case INT32:
        {
          int[] d = (int[]) a;
          for (int k = 0; k < len; k++) {
            if (d[offset + k] != 0) {
              flags[k] = 1;
            }
          }
          return;
        }
      default:
        {
          long[] d = (long[]) a;
          for (int k = 0; k < len; k++) {
            if (d[offset + k] != 0) {
              flags[k] = 1;
            }
          }
        }
    }
  }
}
