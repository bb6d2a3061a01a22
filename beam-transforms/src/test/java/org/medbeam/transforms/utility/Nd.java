package org.medbeam.transforms.utility;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Affine;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;

/**
 * Test helpers for the MONAI reference fixtures: arrays are stored flat in C order (numpy's {@code
 * ravel()}), our volumes first-index-fastest; these convert between the two and compare volumes,
 * affines and applied-operation entries with MONAI's.
 */
public final class Nd {
  private Nd() {}

  public static JsonNode json(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + resource);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Our flat offset of the C-order flat index {@code k} of an array of {@code shape}. */
  public static int offsetOfCIndex(int k, int[] shape) {
    int n = shape.length;
    int[] idx = new int[n];
    int rem = k;
    for (int i = n - 1; i >= 0; i--) {
      idx[i] = rem % shape[i];
      rem /= shape[i];
    }
    // ours: channel slowest, then the spatial axes with the first fastest
    int off = 0;
    int stride = 1;
    for (int i = 1; i < n; i++) {
      off += idx[i] * stride;
      stride *= shape[i];
    }
    return off + idx[0] * stride;
  }

  /** A volume from {@code {"shape", "dtype", "data"}} (C order) and an optional affine. */
  public static Volume volume(JsonNode enc) {
    int[] shape = ints(enc.get("shape"));
    DType t = DType.fromName(enc.get("dtype").asText());
    JsonNode data = enc.get("data");
    int n = (int) Volume.elementCount(shape);
    Object arr = t.allocate(n);
    for (int k = 0; k < n; k++) {
      Volume.store(arr, t, offsetOfCIndex(k, shape), data.get(k).asDouble());
    }
    Affine a = enc.has("affine") ? Affine.fromRows(matrix(enc.get("affine"))) : Affine.identity();
    return Volume.wrap(arr, t, shape, a);
  }

  /** A float32 volume with identity affine from C-order values. */
  public static Volume fromC(double[] cOrder, DType t, int... shape) {
    int n = (int) Volume.elementCount(shape);
    Object arr = t.allocate(n);
    for (int k = 0; k < n; k++) {
      Volume.store(arr, t, offsetOfCIndex(k, shape), cOrder[k]);
    }
    return Volume.wrap(arr, t, shape, Affine.identity());
  }

  /** The volume's values in C order. */
  public static double[] cOrder(Volume v) {
    int[] shape = v.shape();
    int n = v.size();
    double[] out = new double[n];
    for (int k = 0; k < n; k++) {
      out[k] = v.getDouble(offsetOfCIndex(k, shape));
    }
    return out;
  }

  public static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  public static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  public static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  public static double[][] matrix(JsonNode rows) {
    double[][] m = new double[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      m[r] = doubles(rows.get(r));
    }
    return m;
  }

  /**
   * Asserts shape, dtype, values (absolute+relative {@code tol}; exact when 0), and, when the
   * reference has them, the affine (to 1e-9) and the applied operations.
   */
  public static void assertVolume(String what, JsonNode ref, Volume v, double tol) {
    assertArrayEquals(ints(ref.get("shape")), v.shape(), what + ": shape");
    if (ref.has("dtype")) {
      assertEquals(ref.get("dtype").asText(), v.dtype().numpyName(), what + ": dtype");
    }
    if (ref.has("data")) {
      double[] want = doubles(ref.get("data"));
      if (v.dtype() == DType.FLOAT32) {
        // the fixtures write float32 values as their shortest decimal: read them back as float32
        for (int i = 0; i < want.length; i++) {
          want[i] = (float) want[i];
        }
      }
      assertValues(what, want, cOrder(v), tol);
    }
    if (ref.has("affine")) {
      assertAffine(what, ref.get("affine"), v.affine());
    }
    if (ref.has("ops")) {
      assertOps(what, ref.get("ops"), v.appliedOperations());
    }
    if (ref.has("patch_index")) {
      assertEquals(
          ref.get("patch_index").asInt(),
          v.meta().getLong("patch_index", -1),
          what + ": patch_index");
    }
    if (ref.has("crop_center")) {
      assertArrayEquals(
          ints(ref.get("crop_center")),
          v.meta().getIntArray("crop_center"),
          what + ": crop_center");
    }
  }

  public static void assertValues(String what, double[] expected, double[] actual, double tol) {
    assertEquals(expected.length, actual.length, what + ": number of values");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      if (Double.isNaN(e) && Double.isNaN(a)) {
        continue;
      }
      double lim = tol * Math.max(1, Math.abs(e));
      if (!(Math.abs(e - a) <= lim)) {
        fail(
            what
                + ": value "
                + i
                + " (C order) is "
                + a
                + ", MONAI gives "
                + e
                + " (tolerance "
                + lim
                + ")");
      }
    }
  }

  public static void assertAffine(String what, JsonNode rows, Affine a) {
    double[][] m = matrix(rows);
    double[][] full = m.length == 4 ? m : Affine.fromRows(m).toRows();
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        assertEquals(full[r][c], a.get(r, c), 1e-9, what + ": affine[" + r + "][" + c + "]");
      }
    }
  }

  /** MONAI's applied_operations entries against ours, class by class, extra_info recursively. */
  public static void assertOps(String what, JsonNode ops, List<AppliedOperation> ours) {
    assertEquals(ops.size(), ours.size(), what + ": number of applied operations " + ours);
    for (int i = 0; i < ops.size(); i++) {
      JsonNode o = ops.get(i);
      AppliedOperation a = ours.get(i);
      String w = what + ": op " + i;
      assertEquals(o.get("class").asText(), a.className(), w + " class");
      assertArrayEquals(ints(o.get("orig_size")), a.origSize(), w + " orig_size");
      if (o.has("extra_info")) {
        assertInfo(w + " extra_info", o.get("extra_info"), a.extraInfo());
      }
    }
  }

  /** Every key we record must be MONAI's, with MONAI's value. */
  public static void assertInfo(String what, JsonNode ref, Object ours) {
    if (ours instanceof Metadata) {
      Metadata m = (Metadata) ours;
      for (String k : m.keySet()) {
        assertTrue(ref.has(k), what + ": we record '" + k + "', MONAI does not (" + ref + ")");
        assertInfo(what + "." + k, ref.get(k), m.get(k));
      }
      for (Iterator<String> it = ref.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!k.equals("do_transforms") && !k.equals("id")) {
          assertTrue(m.containsKey(k), what + ": MONAI records '" + k + "', we do not");
        }
      }
      return;
    }
    if (ours instanceof Map) {
      assertInfo(what, ref, Metadata.copyOf(castMap(ours)));
      return;
    }
    List<Double> flatRef = new ArrayList<>();
    flatten(ref, flatRef);
    List<Double> flatOurs = new ArrayList<>();
    flattenObject(ours, flatOurs);
    if (ref.isTextual()) {
      assertEquals(ref.asText(), String.valueOf(ours), what);
      return;
    }
    if (ref.isBoolean()) {
      assertEquals(ref.asBoolean(), ours, what);
      return;
    }
    assertEquals(flatRef, flatOurs, what);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> castMap(Object o) {
    return (Map<String, ?>) o;
  }

  private static void flatten(JsonNode n, List<Double> out) {
    if (n.isArray()) {
      for (JsonNode c : n) {
        flatten(c, out);
      }
    } else if (n.isNumber()) {
      out.add(n.asDouble());
    }
  }

  private static void flattenObject(Object o, List<Double> out) {
    if (o instanceof int[]) {
      for (int v : (int[]) o) {
        out.add((double) v);
      }
    } else if (o instanceof long[]) {
      for (long v : (long[]) o) {
        out.add((double) v);
      }
    } else if (o instanceof double[]) {
      for (double v : (double[]) o) {
        out.add(v);
      }
    } else if (o instanceof List) {
      for (Object c : (List<?>) o) {
        flattenObject(c, out);
      }
    } else if (o instanceof Number) {
      out.add(((Number) o).doubleValue());
    }
  }
}
