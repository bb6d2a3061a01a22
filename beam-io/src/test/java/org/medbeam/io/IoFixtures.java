package org.medbeam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.medbeam.core.Fixtures;
import org.medbeam.core.Volume;

/** The NPY/PIL fixtures of src/test/resources/io and what numpy/PIL read from them. */
public final class IoFixtures {
  public static final JsonNode REF = Fixtures.json(IoFixtures.class, "/io/io_reference.json");

  private IoFixtures() {}

  public static Path path(String name) {
    try {
      return Path.of(IoFixtures.class.getResource("/io/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts shape, dtype and every value against the reference entry (exact, or within tol). */
  public static void assertMatches(String refKey, Volume v, double tol) {
    JsonNode r = REF.get(refKey);
    int[] shape = new int[r.get("shape").size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = r.get("shape").get(i).asInt();
    }
    assertArrayEquals(shape, v.shape(), refKey + " shape");
    assertEquals(r.get("dtype").asText(), v.dtype().numpyName(), refKey + " dtype");
    JsonNode data = r.get("data");
    assertEquals(data.size(), v.size(), refKey + " size");
    for (int i = 0; i < data.size(); i++) {
      assertEquals(data.get(i).asDouble(), v.getDouble(i), tol, refKey + " value " + i);
    }
  }
}
