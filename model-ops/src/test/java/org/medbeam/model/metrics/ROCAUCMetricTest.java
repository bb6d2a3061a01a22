package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@link ROCAUCMetric} against MONAI 1.4.0 (make_fixtures.py, rocauc_fixtures). */
class ROCAUCMetricTest {
  private static final JsonNode FIX = MetricFixtures.load("monai_metrics.json").get("rocauc");

  private static double[][] matrix(JsonNode n) {
    double[][] m = new double[n.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = MetricFixtures.doubles(n.get(i));
    }
    return m;
  }

  private static void check(JsonNode expected, MetricTensor got, String what) {
    if (expected.isArray()) {
      double[] e = MetricFixtures.doubles(expected);
      assertEquals(e.length, got.size(), what);
      for (int i = 0; i < e.length; i++) {
        MetricFixtures.assertClose(e[i], got.getFlat(i), what + " class " + i);
      }
    } else {
      MetricFixtures.assertClose(expected.asDouble(), got.item(), what);
    }
  }

  @Test
  void everyAverageMatchesMonai() {
    double[][] p = matrix(FIX.get("y_pred"));
    double[][] y = matrix(FIX.get("y"));
    for (String avg : new String[] {"macro", "weighted", "micro", "none"}) {
      ROCAUCMetric m = ROCAUCMetric.create().withAverage(avg);
      // two calls accumulate like one
      m.call(java.util.Arrays.copyOfRange(p, 0, 5), java.util.Arrays.copyOfRange(y, 0, 5));
      m.call(
          java.util.Arrays.copyOfRange(p, 5, p.length),
          java.util.Arrays.copyOfRange(y, 5, y.length));
      assertEquals(p.length, m.length());
      check(FIX.get("average").get(avg), m.aggregate(), avg);
    }
  }

  @Test
  void classWithoutPositivesIsNan() {
    double[][] p = matrix(FIX.get("y_pred"));
    double[][] y = matrix(FIX.get("y_no_positive"));
    for (String avg : new String[] {"macro", "weighted", "none"}) {
      ROCAUCMetric m = ROCAUCMetric.create();
      m.call(p, y);
      check(FIX.get("no_positive").get(avg), m.aggregate(ROCAUCMetric.Average.of(avg)), avg);
    }
  }

  @Test
  void binaryScores() {
    double[][] p = matrix(FIX.get("y_pred"));
    double[][] y = matrix(FIX.get("y"));
    double[] p0 = new double[p.length];
    double[] y0 = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      p0[i] = p[i][0];
      y0[i] = y[i][0];
    }
    ROCAUCMetric m = ROCAUCMetric.create();
    m.call(p0, y0);
    MetricFixtures.assertClose(FIX.get("binary").asDouble(), m.aggregate().item(), "binary");
    m.reset();
    assertEquals(0, m.length());
  }

  @Test
  void validatesAverageAndShapes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ROCAUCMetric.create().withAverage("median"));
    assertTrue(e.getMessage().contains("[macro, weighted, micro, none], got 'median'"));
    ROCAUCMetric m = ROCAUCMetric.create();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> m.call(new double[][] {{0.1, 0.2}}, new double[][] {{1}}));
    assertTrue(e.getMessage().contains("needs 2 values"), e.getMessage());
  }
}
