package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@link Quantiles#torchQuantile} against torch 1.13's {@code torch.quantile} on float32. */
class QuantilesTest {
  @Test
  void matchesTorchQuantileBitForBit() {
    // make_fixtures.py quantile_summary_fixtures: torch.quantile(torch.as_tensor(v_float32), q)
    JsonNode fix = MetricFixtures.load("quantile_summary.json").get("quantile");
    int checked = 0;
    for (JsonNode e : fix) {
      double[] v = MetricFixtures.doubles(e.get("values"));
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      double[] qs = MetricFixtures.doubles(e.get("q"));
      double[] res = MetricFixtures.doubles(e.get("result"));
      for (int k = 0; k < qs.length; k++) {
        assertEquals(
            (float) res[k], Quantiles.torchQuantile(f, qs[k]), "n=" + v.length + " q=" + qs[k]);
        checked++;
      }
    }
    assertEquals(56, checked);
  }

  @Test
  void allInfiniteGivesNanLikeTorch() {
    // torch.quantile(torch.tensor([inf]*5), q) is nan for q = 0, 0.95 and 1 (make_fixtures.py
    // investigation; lerp(inf, inf, w) = inf + w * (inf - inf))
    float[] inf = {Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY};
    assertEquals(Float.NaN, Quantiles.torchQuantile(inf, 0.95));
    assertEquals(Float.NaN, Quantiles.torchQuantile(inf, 0.0));
  }
}
