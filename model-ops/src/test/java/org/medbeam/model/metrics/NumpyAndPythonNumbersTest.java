package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link NumpyFloat32} and {@link PyNumbers} against numpy 1.24 / Python 3 (make_fixtures.py,
 * quantile_summary_fixtures: np.nan* on float32 columns, str(np.float32), repr(float), f"{x:.4f}").
 */
class NumpyAndPythonNumbersTest {
  private static final JsonNode FIX = MetricFixtures.load("quantile_summary.json");

  private static float[] floats(JsonNode a) {
    double[] d = MetricFixtures.doubles(a);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Test
  void nanReductionsMatchNumpyFloat32() {
    for (JsonNode c : FIX.get("columns")) {
      float[] v = floats(c.get("values"));
      String n = "n=" + v.length;
      assertEquals((float) c.get("nanmean").asDouble(), NumpyFloat32.nanmean(v), n + " nanmean");
      assertEquals((float) c.get("row_nanmean").asDouble(), NumpyFloat32.nanmean(v), n + " row");
      assertEquals((float) c.get("nanmedian").asDouble(), NumpyFloat32.nanmedian(v), n + " median");
      assertEquals((float) c.get("nanmax").asDouble(), NumpyFloat32.nanmax(v), n + " max");
      assertEquals((float) c.get("nanmin").asDouble(), NumpyFloat32.nanmin(v), n + " min");
      assertEquals((float) c.get("nanstd").asDouble(), NumpyFloat32.nanstd(v), n + " std");
      Iterator<Map.Entry<String, JsonNode>> it = c.get("nanpercentile").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        assertEquals(
            e.getValue().asDouble(),
            NumpyFloat32.nanpercentile(v, Double.parseDouble(e.getKey())),
            n + " p" + e.getKey());
      }
    }
  }

  @Test
  void allNanColumnGivesNan() {
    float[] v = {Float.NaN, Float.NaN};
    assertEquals(Float.NaN, NumpyFloat32.nanmean(v));
    assertEquals(Float.NaN, NumpyFloat32.nanmedian(v));
    assertEquals(Float.NaN, NumpyFloat32.nanstd(v));
    assertEquals(Double.NaN, NumpyFloat32.nanpercentile(v, 90));
  }

  @Test
  void spellingsMatchNumpyAndPython() {
    for (JsonNode s : FIX.get("float32_str")) {
      double v = s.get("value").asDouble();
      assertEquals(s.get("str").asText(), PyNumbers.float32Str((float) v), "str(np.float32) " + v);
      assertEquals(s.get("pyrepr").asText(), PyNumbers.repr(v), "repr " + v);
    }
    for (JsonNode s : FIX.get("format4")) {
      double v = s.get("value").asDouble();
      assertEquals(s.get("f4").asText(), PyNumbers.format4(v), "f'{:.4f}' " + v);
    }
    assertEquals("-0.0", PyNumbers.repr(-0.0));
    assertEquals("0.1", PyNumbers.repr(0.1));
    assertEquals("5e-324", PyNumbers.repr(Double.MIN_VALUE));
    assertEquals("1.7976931348623157e+308", PyNumbers.repr(Double.MAX_VALUE));
  }
}
