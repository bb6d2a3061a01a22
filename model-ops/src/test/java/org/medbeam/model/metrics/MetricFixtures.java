package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * Reads the JSON that {@code src/test/resources/metrics/make_fixtures.py} wrote with MONAI 1.4.0,
 * scipy 1.10, numpy 1.24 and torch 1.13 (NaN/Infinity tokens allowed).
 */
final class MetricFixtures {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private MetricFixtures() {}

  static JsonNode load(String name) {
    try (InputStream in = MetricFixtures.class.getResourceAsStream("/metrics/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /metrics/" + name);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  /** A label map stored as a digit string in medbeam voxel order. */
  static int[] digits(String s) {
    int[] out = new int[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.charAt(i) - '0';
    }
    return out;
  }

  /** One-hot float32 {@code (C, spatial)} from a label map. */
  static Volume oneHot(int[] labels, int[] spatial, int classes, Affine affine) {
    int n = labels.length;
    float[] data = new float[classes * n];
    for (int i = 0; i < n; i++) {
      data[labels[i] * n + i] = 1f;
    }
    return Volume.wrap(data, DType.FLOAT32, prepend(classes, spatial), affine);
  }

  /** A single-channel float32 label-index volume. */
  static Volume indices(int[] labels, int[] spatial, Affine affine) {
    float[] data = new float[labels.length];
    for (int i = 0; i < labels.length; i++) {
      data[i] = labels[i];
    }
    return Volume.wrap(data, DType.FLOAT32, prepend(1, spatial), affine);
  }

  static int[] prepend(int c, int[] spatial) {
    int[] s = new int[spatial.length + 1];
    s[0] = c;
    System.arraycopy(spatial, 0, s, 1, spatial.length);
    return s;
  }

  /** {@code {"shape": [...], "data": [...]}} as a tensor. */
  static MetricTensor tensor(JsonNode t) {
    return MetricTensor.of(doubles(t.get("data")), ints(t.get("shape")));
  }

  /**
   * Ours against MONAI's float32 values: same shape, NaN/inf where MONAI has them, else within 1e-6
   * (relative above 1).
   */
  static void assertClose(MetricTensor expected, MetricTensor actual, String what) {
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    for (int i = 0; i < expected.size(); i++) {
      assertClose(expected.getFlat(i), actual.getFlat(i), what + " [" + i + "]");
    }
  }

  static void assertClose(double e, double a, String what) {
    if (Double.isNaN(e) || Double.isInfinite(e)) {
      assertEquals(e, a, what + ": expected " + e + " got " + a);
      return;
    }
    assertTrue(
        Math.abs(e - a) <= 1e-6 * Math.max(1, Math.abs(e)), what + ": expected " + e + " got " + a);
  }
}
