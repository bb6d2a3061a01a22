package org.medbeam.model.inferers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.medbeam.model.Npy;

/**
 * The window grid and the importance map on their own, against MONAI's {@code _get_scan_interval},
 * {@code dense_patch_slices} and {@code compute_importance_map} ("grids" and "importance" of
 * {@code inferers/sw_cases.json}, written by {@code inferers/make_sw_fixtures.py}).
 */
class WindowGridTest {
  private static JsonNode fixtures() throws IOException {
    try (InputStream in = WindowGridTest.class.getResourceAsStream("/inferers/sw_cases.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static int[] ints(JsonNode n) {
    int[] r = new int[n.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = n.get(i).asInt();
    }
    return r;
  }

  @Test
  void scanIntervalAndStartsMatchMonai() throws IOException {
    for (JsonNode g : fixtures().get("grids")) {
      int[] image = ints(g.get("image"));
      int[] roi = ints(g.get("roi"));
      double[] ov = SlidingWindowInfererMonaiTest.doubles(g.get("overlap"));
      int[] interval = SlidingWindowInferer.scanInterval(image, roi, ov);
      assertArrayEquals(ints(g.get("interval")), interval, "interval for " + g);
      int[][] starts = SlidingWindowInferer.windowStarts(image, roi, interval);
      int windows = 1;
      for (int d = 0; d < image.length; d++) {
        assertArrayEquals(ints(g.get("starts").get(d)), starts[d], "starts axis " + d + " " + g);
        windows *= starts[d].length;
      }
      assertEquals(g.get("windows").asInt(), windows);
    }
  }

  @Test
  void importanceMapMatchesMonai() throws IOException {
    for (JsonNode imp : fixtures().get("importance")) {
      float[] got =
          ImportanceMap.compute(
              ints(imp.get("patch")),
              BlendMode.parse(imp.get("mode").asText()),
              SlidingWindowInfererMonaiTest.doubles(imp.get("sigma_scale")));
      Npy want = Npy.read("/inferers/" + imp.get("expected").asText());
      assertArrayEquals(ints(imp.get("patch")), want.shape);
      // float32 exp may differ from torch's by an ulp
      for (int i = 0; i < got.length; i++) {
        assertEquals(want.data[i], got[i], 2e-7 * Math.max(1, Math.abs(want.data[i])),
            imp + " at " + i);
      }
    }
  }

  @Test
  void nearestExactInterpolation() {
    // torch.nn.functional.interpolate(arange(6.).view(1,1,6,1,1), (3,1,1), mode="nearest-exact")
    // picks floor((i + 0.5) * 2) = 1, 3, 5; up to (4,1,1) from (3,...): floor((i+.5)*.75)=0,1,1,2
    float[] src = {0, 1, 2, 3, 4, 5};
    assertArrayEquals(new float[] {1, 3, 5},
        SlidingWindowInferer.interpolateNearestExact(src, new int[] {6, 1, 1},
            new int[] {3, 1, 1}));
    assertArrayEquals(new float[] {0, 1, 1, 2},
        SlidingWindowInferer.interpolateNearestExact(new float[] {0, 1, 2}, new int[] {3, 1, 1},
            new int[] {4, 1, 1}));
  }
}
