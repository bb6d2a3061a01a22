package org.medbeam.io.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.medbeam.core.Fixtures;
import org.medbeam.io.ImageSource;

/**
 * The fixtures {@code src/test/resources/dicom/make_dicom_fixtures.py} wrote: files, and the
 * reference values in {@code reference.json} (pydicom's decodes, dcm2niix's affines).
 */
final class DicomFixtures {
  private static JsonNode reference;

  private DicomFixtures() {}

  static synchronized JsonNode ref() {
    if (reference == null) {
      reference = Fixtures.json(DicomFixtures.class, "/dicom/reference.json");
    }
    return reference;
  }

  static Path path(String relative) {
    URL url = DicomFixtures.class.getResource("/dicom/" + relative);
    if (url == null) {
      throw new IllegalStateException("missing fixture dicom/" + relative
          + " — run make_dicom_fixtures.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ImageSource source(String relative) {
    return ImageSource.of(path(relative));
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  static String[] strings(JsonNode array) {
    String[] out = new String[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asText();
    }
    return out;
  }

  static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
