package org.medbeam.model.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Shared test plumbing: offline PyTorch engine, fixtures, float comparisons. */
public final class DjlTesting {
  static {
    // Never download: the native library comes from the pytorch-native-cpu jar / local cache.
    System.setProperty("ai.djl.offline", "true");
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private DjlTesting() {}

  /** The PyTorch engine, started offline. */
  public static Engine engine() {
    return Engine.getEngine("PyTorch");
  }

  /** A fresh CPU manager of the PyTorch engine. */
  public static NDManager newManager() {
    return engine().newBaseManager(Device.cpu());
  }

  /** A classpath resource as a path. */
  public static Path resource(String name) {
    try {
      java.net.URL url = DjlTesting.class.getResource("/" + name);
      if (url == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return Paths.get(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JSON resource. */
  public static JsonNode json(String name) {
    try (InputStream in = DjlTesting.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing test resource " + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static float[] floats(JsonNode list) {
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) list.get(i).asDouble();
    }
    return out;
  }

  public static int[] ints(JsonNode list) {
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i).asInt();
    }
    return out;
  }

  public static Shape shape(JsonNode list) {
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i).asLong();
    }
    return new Shape(out);
  }

  public static Object plain(JsonNode node) {
    return JSON.convertValue(node, Object.class);
  }

  /** |expected - actual| <= atol + rtol * |expected| elementwise, with a useful message. */
  public static void assertClose(
      float[] expected, float[] actual, double atol, double rtol, String what) {
    if (expected.length != actual.length) {
      fail(what + ": length " + actual.length + ", expected " + expected.length);
    }
    double worst = 0;
    int at = -1;
    for (int i = 0; i < expected.length; i++) {
      double err = Math.abs((double) expected[i] - actual[i]);
      double allowed = atol + rtol * Math.abs(expected[i]);
      if (!(err <= allowed) && (at < 0 || err - allowed > worst)) {
        worst = err - allowed;
        at = i;
      }
    }
    if (at >= 0) {
      fail(
          what
              + ": element "
              + at
              + " is "
              + actual[at]
              + ", expected "
              + expected[at]
              + " (atol "
              + atol
              + ", rtol "
              + rtol
              + ")");
    }
  }

  public static void assertClose(float[] expected, NDArray actual, double atol, String what) {
    assertClose(expected, actual.toFloatArray(), atol, 0, what);
  }

  public static void assertShape(Shape expected, NDArray actual, String what) {
    assertArrayEquals(expected.getShape(), actual.getShape().getShape(), what + " shape");
  }
}
