package org.medbeam.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the JSON reference files that the fixture scripts under test resources wrote. */
public final class Fixtures {
  private Fixtures() {}

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

  public static double[][] matrix(JsonNode rows) {
    double[][] m = new double[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      m[r] = new double[rows.get(r).size()];
      for (int c = 0; c < m[r].length; c++) {
        m[r][c] = rows.get(r).get(c).asDouble();
      }
    }
    return m;
  }
}
