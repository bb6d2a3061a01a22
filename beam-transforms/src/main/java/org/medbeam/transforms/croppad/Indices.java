package org.medbeam.transforms.croppad;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Sample;

/**
 * Reads precomputed index arrays ({@code FgBgToIndicesd}, {@code ClassesToIndicesd}) from a sample.
 */
final class Indices {
  private Indices() {}

  /** A 1-D index array under {@code key}, or null when absent. */
  static long[] of(Sample sample, String key) {
    Object v = sample.get(key);
    if (v == null) {
      return null;
    }
    return toLongs(v, sample, key);
  }

  static long[] toLongs(Object v, Sample sample, String key) {
    if (v instanceof long[]) {
      return (long[]) v;
    }
    if (v instanceof int[]) {
      int[] a = (int[]) v;
      long[] l = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        l[i] = a[i];
      }
      return l;
    }
    if (v instanceof List) {
      List<?> list = (List<?>) v;
      long[] l = new long[list.size()];
      for (int i = 0; i < l.length; i++) {
        Object o = list.get(i);
        if (!(o instanceof Number)) {
          throw bad(sample, key, v);
        }
        l[i] = ((Number) o).longValue();
      }
      return l;
    }
    throw bad(sample, key, v);
  }

  /** A list of 1-D index arrays (one per class) under {@code key}, or null when absent. */
  static List<long[]> listOf(Sample sample, String key) {
    Object v = sample.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof List)) {
      throw bad(sample, key, v);
    }
    List<long[]> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      out.add(toLongs(o, sample, key));
    }
    return out;
  }

  private static IllegalArgumentException bad(Sample sample, String key, Object v) {
    return new IllegalArgumentException(
        "sample '"
            + sample.id()
            + "': '"
            + key
            + "' must hold 1-D flat indices (int[] / long[] "
            + "as FgBgToIndicesd writes them), got "
            + v.getClass().getSimpleName());
  }
}
