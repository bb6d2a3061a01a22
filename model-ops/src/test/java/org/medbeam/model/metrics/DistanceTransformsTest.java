package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DistanceTransforms} against scipy 1.10 (make_fixtures.py, edt_fixtures). */
class DistanceTransformsTest {
  private static final JsonNode FIX = MetricFixtures.load("scipy_edt.json");

  private static byte[] mask(JsonNode e) {
    int[] d = MetricFixtures.digits(e.get("mask").asText());
    byte[] m = new byte[d.length];
    for (int i = 0; i < d.length; i++) {
      m[i] = (byte) d[i];
    }
    return m;
  }

  @Test
  void edtMatchesScipyWithSampling() {
    for (JsonNode e : FIX) {
      int[] shape = MetricFixtures.ints(e.get("shape"));
      double[] sampling =
          e.hasNonNull("sampling") ? MetricFixtures.doubles(e.get("sampling")) : null;
      double[] expected = MetricFixtures.doubles(e.get("edt"));
      for (int threads : new int[] {1, 3}) {
        double[] got = DistanceTransforms.edt(mask(e), shape, sampling, threads);
        for (int i = 0; i < expected.length; i++) {
          // scipy: sqrt(sum((d_i * s_i)^2)) in float64; same arithmetic, so within 1 ulp-ish
          assertEquals(
              expected[i],
              got[i],
              1e-12 * Math.max(1, expected[i]),
              "edt " + e.get("shape") + " at " + i);
        }
      }
    }
  }

  @Test
  void cdtMatchesScipyChessboardAndTaxicab() {
    for (JsonNode e : FIX) {
      if (!e.has("chessboard")) {
        continue;
      }
      int[] shape = MetricFixtures.ints(e.get("shape"));
      for (DistanceMetric m :
          new DistanceMetric[] {DistanceMetric.CHESSBOARD, DistanceMetric.TAXICAB}) {
        int[] expected = MetricFixtures.digits(e.get(m.monaiName()).asText());
        assertArrayEquals(
            expected, DistanceTransforms.cdt(mask(e), shape, m), m + " " + e.get("shape"));
      }
    }
  }

  @Test
  void edtMatchesBruteForceOnRandomAnisotropicVolumes() {
    Random r = new Random(42);
    for (int trial = 0; trial < 20; trial++) {
      int[] shape = {1 + r.nextInt(9), 1 + r.nextInt(8), 1 + r.nextInt(7)};
      double[] sp = {0.3 + r.nextDouble() * 2, 0.3 + r.nextDouble() * 2, 0.3 + r.nextDouble() * 2};
      int n = shape[0] * shape[1] * shape[2];
      byte[] m = new byte[n];
      for (int i = 0; i < n; i++) {
        m[i] = (byte) (r.nextDouble() < 0.92 ? 1 : 0);
      }
      m[r.nextInt(n)] = 0;
      double[] got = DistanceTransforms.edt(m, shape, sp, 2);
      for (int i = 0; i < n; i++) {
        int x = i % shape[0];
        int y = (i / shape[0]) % shape[1];
        int z = i / (shape[0] * shape[1]);
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
          if (m[j] != 0) {
            continue;
          }
          double dx = (j % shape[0] - x) * sp[0];
          double dy = ((j / shape[0]) % shape[1] - y) * sp[1];
          double dz = (j / (shape[0] * shape[1]) - z) * sp[2];
          best = Math.min(best, dx * dx + dy * dy + dz * dz);
        }
        assertEquals(Math.sqrt(best), got[i], 1e-12 * Math.max(1, got[i]), "voxel " + i);
      }
    }
  }

  @Test
  void distancesAtQueriesEqualTheFullTransform() {
    Random r = new Random(7);
    for (int trial = 0; trial < 30; trial++) {
      int rank = 1 + trial % 3;
      int[] shape = new int[rank];
      double[] sp = new double[rank];
      int n = 1;
      for (int a = 0; a < rank; a++) {
        shape[a] = 1 + r.nextInt(12);
        sp[a] = 0.4 + r.nextDouble() * 2;
        n *= shape[a];
      }
      byte[] feature = new byte[n];
      byte[] notFeature = new byte[n];
      int q = 0;
      for (int i = 0; i < n; i++) {
        feature[i] = (byte) (r.nextDouble() < 0.1 ? 1 : 0);
        notFeature[i] = (byte) (1 - feature[i]);
        q += r.nextDouble() < 0.3 ? 1 : 0;
      }
      int[] queries = new int[q];
      for (int i = 0, k = 0; i < n && k < q; i++) {
        if (r.nextDouble() < (double) (q - k) / (n - i)) {
          queries[k++] = i;
        }
      }
      double[] full = DistanceTransforms.edtSquared(notFeature, shape, sp, 1);
      float[] at = DistanceTransforms.distancesAt(feature, shape, sp, queries, 2);
      for (int k = 0; k < queries.length; k++) {
        assertEquals((float) Math.sqrt(full[queries[k]]), at[k], "query " + queries[k]);
      }
    }
  }

  @Test
  void noFeatureGivesInfinity() {
    double[] d = DistanceTransforms.edt(new byte[] {1, 1, 1, 1}, new int[] {2, 2}, null, 1);
    for (double v : d) {
      assertEquals(Double.POSITIVE_INFINITY, v);
    }
  }

  @Test
  void validatesShapeAndSampling() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DistanceTransforms.edt(new byte[6], new int[] {2, 2}, null, 1));
    assertTrue(e.getMessage().contains("holds 4 voxels, the mask has 6"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DistanceTransforms.edt(new byte[4], new int[] {2, 2}, new double[] {1, 0}, 1));
    assertTrue(e.getMessage().contains("sampling must be finite and > 0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DistanceTransforms.edt(new byte[4], new int[] {2, 2}, new double[] {1}, 1));
    assertTrue(e.getMessage().contains("one value per axis (2)"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DistanceTransforms.edt(new byte[16], new int[] {2, 2, 2, 2}, null, 1));
    assertTrue(e.getMessage().contains("1 to 3 spatial dimensions"), e.getMessage());
  }
}
