package org.medbeam.io.nifti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fixtures under {@code src/test/resources/nifti/}, written by {@code make_nifti_fixtures.py}
 * with nibabel 5.0, and {@code nibabel_reference.json}: what nibabel 5.0 and MONAI 1.4.0's {@code
 * NibabelReader} read from each file.
 */
final class NiftiFixtures {
  private static JsonNode reference;

  private NiftiFixtures() {}

  static synchronized JsonNode reference() {
    if (reference == null) {
      try (InputStream in =
          NiftiFixtures.class.getResourceAsStream("/nifti/nibabel_reference.json")) {
        reference = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return reference;
  }

  static Path path(String name) {
    try {
      return Path.of(NiftiFixtures.class.getResource("/nifti/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] bytes(String name) {
    try {
      return Files.readAllBytes(path(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A JSON number, or the strings "nan", "inf", "-inf" the script writes for non-finite ones. */
  static double number(JsonNode n) {
    if (n.isTextual()) {
      switch (n.asText()) {
        case "nan":
          return Double.NaN;
        case "inf":
          return Double.POSITIVE_INFINITY;
        case "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          throw new IllegalArgumentException("not a number: " + n);
      }
    }
    return n.asDouble();
  }

  static double[] numbers(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = number(array.get(i));
    }
    return out;
  }

  /** A 4x4 JSON matrix as 16 row-major values. */
  static double[] matrix(JsonNode rows) {
    double[] out = new double[16];
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        out[4 * r + c] = number(rows.get(r).get(c));
      }
    }
    return out;
  }
}
