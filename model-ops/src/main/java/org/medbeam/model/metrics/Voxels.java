package org.medbeam.model.metrics;

import java.util.Arrays;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;

/** Typed voxel loops shared by the metrics (package-private). */
final class Voxels {
  /** Voxels per block of a parallel sum: fixed, so sums never depend on the thread count. */
  static final int BLOCK = 1 << 16;

  static final int CHUNK = 2048;

  private Voxels() {}

  /** Reads {@code len} values of {@code v} from flat index {@code from} into {@code dst}. */
  static void read(Volume v, int from, int len, double[] dst) {
    Object a = v.array();
    switch (v.dtype()) {
      case FLOAT32:
        {
          float[] f = (float[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = f[from + k];
          }
          return;
        }
      case FLOAT64:
        System.arraycopy(a, from, dst, 0, len);
        return;
      case UINT8:
        {
          byte[] b = (byte[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = b[from + k] & 0xFF;
          }
          return;
        }
      case INT8:
        {
          byte[] b = (byte[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = b[from + k];
          }
          return;
        }
      case INT16:
        {
          short[] s = (short[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = s[from + k];
          }
          return;
        }
      case UINT16:
        {
          short[] s = (short[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = s[from + k] & 0xFFFF;
          }
          return;
        }
      case INT32:
        {
          int[] s = (int[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = s[from + k];
          }
          return;
        }
      default:
        for (int k = 0; k < len; k++) {
          dst[k] = v.getDouble(from + k);
        }
    }
  }

  /** A kernel summing {@code out.length} quantities over flat indices {@code [from, to)}. */
  @FunctionalInterface
  interface SumKernel {
    void sum(int from, int to, double[] out);
  }

  /**
   * Runs {@code kernel} over {@code [0, n)} in fixed blocks on {@code threads} threads and adds the
   * block results in block order (deterministic whatever the thread count).
   */
  static double[] blockSums(int n, int threads, int nSums, SumKernel kernel) {
    int blocks = Math.max(1, (n + BLOCK - 1) / BLOCK);
    double[][] partial = new double[blocks][nSums];
    Parallel.forRange(
        blocks,
        threads,
        (b0, b1) -> {
          for (int b = b0; b < b1; b++) {
            int from = (int) Math.min((long) b * BLOCK, n);
            int to = (int) Math.min((long) (b + 1) * BLOCK, n);
            kernel.sum(from, to, partial[b]);
          }
        });
    double[] total = new double[nSums];
    for (double[] p : partial) {
      for (int k = 0; k < nSums; k++) {
        total[k] += p[k];
      }
    }
    return total;
  }

  /** Spatial shapes equal, or an error naming both shapes. */
  static void checkSameSpatialShape(String metric, Volume yPred, Volume y) {
    if (!Arrays.equals(yPred.spatialShape(), y.spatialShape())) {
      throw new IllegalArgumentException(
          metric
              + ": y_pred and y should have the same spatial shape, got y_pred "
              + Arrays.toString(yPred.shape())
              + " and y "
              + Arrays.toString(y.shape()));
    }
  }

  /** Same full shapes (MONAI's {@code y_pred.shape != y.shape} check, after ignore_background). */
  static void checkSameShape(String metric, Volume yPred, Volume y) {
    if (!Arrays.equals(yPred.shape(), y.shape())) {
      throw new IllegalArgumentException(
          metric
              + ": y_pred and y should have same shapes, got "
              + Arrays.toString(yPred.shape())
              + " and "
              + Arrays.toString(y.shape()));
    }
  }

  /** First channel kept by MONAI's {@code ignore_background}: 1 when more than one channel. */
  static int firstChannel(Volume v, boolean includeBackground) {
    return (!includeBackground && v.channels() > 1) ? 1 : 0;
  }
}
