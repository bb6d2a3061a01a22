package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;

/**
 * How MONAI's intensity transforms compute: a float64 image stays float64, anything else is
 * computed in float32 (torch promotes integer tensors combined with Python floats to float32), then
 * the result is converted to the output {@code dtype} (null: the input's).
 */
final class Floats {
  private Floats() {}

  static boolean isDouble(Volume v) {
    return v.dtype() == DType.FLOAT64;
  }

  /** The values as a new float32 array (parallel for the common source types). */
  static float[] copy(Volume v, int threads) {
    int n = v.size();
    float[] out = new float[n];
    Object a = v.array();
    switch (v.dtype()) {
      case FLOAT32:
        Parallel.forRange(n, threads, (s, e) -> System.arraycopy(a, s, out, s, e - s));
        break;
      case INT16:
        {
          short[] d = (short[]) a;
          Parallel.forRange(
              n,
              threads,
              (s, e) -> {
                for (int i = s; i < e; i++) {
                  out[i] = d[i];
                }
              });
          break;
        }
      default:
        Parallel.forRange(
            n,
            threads,
            (s, e) -> {
              for (int i = s; i < e; i++) {
                out[i] = (float) v.getDouble(i);
              }
            });
    }
    return out;
  }

  /** The float32 view of a volume: its own storage when float32 (never written), else a copy. */
  static float[] view(Volume v, int threads) {
    return v.dtype() == DType.FLOAT32 ? v.floats() : copy(v, threads);
  }

  /** The values as a new float64 array. */
  static double[] copyDouble(Volume v) {
    return v.toDoubleArray();
  }

  /** Wraps float32 results and converts them to {@code dtype} (null: the input's dtype). */
  static Volume output(Volume img, float[] data, DType dtype) {
    Volume w = img.withData(data, DType.FLOAT32, img.shape());
    DType t = dtype == null ? img.dtype() : dtype;
    return t == DType.FLOAT32 ? w : w.astype(t);
  }

  /** Wraps float64 results and converts them to {@code dtype} (null: the input's dtype). */
  static Volume output(Volume img, double[] data, DType dtype) {
    Volume w = img.withData(data, DType.FLOAT64, img.shape());
    DType t = dtype == null ? img.dtype() : dtype;
    return t == DType.FLOAT64 ? w : w.astype(t);
  }

  /** The dtype a MONAI {@code dtype} argument names, null meaning "as the input". */
  static String name(DType t) {
    return t == null ? "None" : t.numpyName();
  }

  /** {@code v} converted to {@code t} and read back (numpy's {@code astype} of one value). */
  static double roundTo(DType t, double v) {
    if (t == DType.FLOAT64) {
      return v;
    }
    if (t == DType.FLOAT32) {
      return (float) v;
    }
    Object a = t.allocate(1);
    Volume.store(a, t, 0, v);
    return Volume.wrap(a, t, new int[] {1, 1}, org.medbeam.core.Affine.identity()).getDouble(0);
  }
}
