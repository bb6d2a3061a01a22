package org.medbeam.transforms.spatial;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * The MONAI expectations of {@code spatial/spatial_expected.json}, written by {@code
 * spatial/make_spatial_fixtures.py} with real MONAI 1.4.0.
 */
final class Fixtures {
  private static Map<String, Object> data;

  private Fixtures() {}

  @SuppressWarnings("unchecked")
  static synchronized Map<String, Object> data() {
    if (data == null) {
      try (InputStream in = Fixtures.class.getResourceAsStream("/spatial/spatial_expected.json")) {
        data = new ObjectMapper().readValue(in, Map.class);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return data;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases(String section) {
    return (List<Map<String, Object>>) data().get(section);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> find(String section, String name) {
    for (Map<String, Object> c : cases(section)) {
      if (name.equals(c.get("name"))) {
        return c;
      }
    }
    throw new IllegalArgumentException("no fixture case " + name);
  }

  @SuppressWarnings("unchecked")
  static Volume input(String name) {
    Map<String, Object> inputs = (Map<String, Object>) data().get("inputs");
    Map<String, Object> in = (Map<String, Object>) inputs.get(name);
    return volume(in);
  }

  static int[] ints(Object o) {
    List<?> l = (List<?>) o;
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) l.get(i)).intValue();
    }
    return a;
  }

  static double[] doubles(Object o) {
    List<?> l = (List<?>) o;
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) l.get(i)).doubleValue();
    }
    return a;
  }

  /** A volume from a fixture entry {shape, dtype, affine, values}. */
  static Volume volume(Map<String, Object> e) {
    int[] shape = ints(e.get("shape"));
    DType t = DType.fromName((String) e.get("dtype"));
    double[] v = doubles(e.get("values"));
    Object data = t.allocate(v.length);
    for (int i = 0; i < v.length; i++) {
      Volume.store(data, t, i, v[i]);
    }
    return Volume.wrap(data, t, shape, Affine.of(doubles(e.get("affine"))));
  }
}
