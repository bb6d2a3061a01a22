package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/** The cumulative API, options and validation messages of the metrics. */
class MetricsApiTest {
  private static final JsonNode FIX = MetricFixtures.load("monai_metrics.json");

  private static List<Volume> cases(JsonNode g, String key, Affine affine) {
    int[] shape = MetricFixtures.ints(g.get("shape"));
    List<Volume> out = new ArrayList<>();
    for (JsonNode c : g.get("cases")) {
      out.add(MetricFixtures.oneHot(MetricFixtures.digits(c.get(key).asText()), shape, 3, affine));
    }
    return out;
  }

  @Test
  void returnWithLabelMatchesMonai() {
    // make_fixtures.py: DiceMetric(..., reduction="mean_batch", return_with_label=True / names)
    for (JsonNode g : FIX.get("groups")) {
      List<Volume> p = cases(g, "pred", Affine.identity());
      List<Volume> l = cases(g, "label", Affine.identity());
      DiceMetric d =
          DiceMetric.create()
              .withIncludeBackground(false)
              .withReduction("mean_batch")
              .withReturnWithLabel(true);
      d.call(p, l);
      assertLabels(g.get("dice_return_with_label"), d.aggregate().byLabel());
      DiceMetric n =
          DiceMetric.create()
              .withReduction("mean_batch")
              .withReturnWithLabel(List.of("bg", "liver", "tumour"));
      n.call(p, l);
      assertLabels(g.get("dice_return_with_names"), n.aggregate().byLabel());
    }
  }

  private static void assertLabels(JsonNode expected, Map<String, Double> got) {
    assertEquals(expected.size(), got.size());
    Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      // MONAI rounds float32 values to 4 decimals; ours are doubles rounded the same way
      assertEquals(e.getValue().asDouble(), got.get(e.getKey()), 1e-12, e.getKey());
    }
  }

  @Test
  void explicitSpacingEqualsAffineSpacing() {
    JsonNode g = FIX.get("groups").get(1);
    double[] sp = MetricFixtures.doubles(g.get("spacing"));
    List<Volume> pa = cases(g, "pred", Affine.scaling(sp));
    List<Volume> la = cases(g, "label", Affine.scaling(sp));
    List<Volume> pi = cases(g, "pred", Affine.identity());
    List<Volume> li = cases(g, "label", Affine.identity());
    HausdorffDistanceMetric h = HausdorffDistanceMetric.create().withPercentile(95.0);
    MetricTensor fromAffine = h.call(pa, la);
    MetricTensor explicit = HausdorffDistanceMetric.create().withPercentile(95.0).call(pi, li, sp);
    MetricTensor configured =
        HausdorffDistanceMetric.create().withPercentile(95.0).withSpacing(sp).call(pi, li);
    MetricTensor unit = HausdorffDistanceMetric.create().withPercentile(95.0).call(pi, li);
    assertEquals(fromAffine, explicit);
    assertEquals(fromAffine, configured);
    MetricTensor iso = HausdorffDistanceMetric.create().call(pi, li, new double[] {0.7});
    assertEquals(HausdorffDistanceMetric.create().call(pi, li, new double[] {0.7, 0.7, 0.7}), iso);
    assertTrue(!fromAffine.equals(unit), "spacing must change the distances");
    List<double[]> perCase = new ArrayList<>();
    for (int i = 0; i < pi.size(); i++) {
      perCase.add(sp);
    }
    assertEquals(
        fromAffine,
        HausdorffDistanceMetric.create().withPercentile(95.0).callWithSpacings(pi, li, perCase));
  }

  @Test
  void threadCountDoesNotChangeResults() {
    JsonNode g = FIX.get("groups").get(1);
    List<Volume> p = cases(g, "pred", Affine.scaling(1.0, 0.7, 2.5));
    List<Volume> l = cases(g, "label", Affine.scaling(1.0, 0.7, 2.5));
    assertEquals(
        SurfaceDistanceMetric.create().withSymmetric(true).withThreads(1).call(p, l),
        SurfaceDistanceMetric.create().withSymmetric(true).withThreads(4).call(p, l));
    assertEquals(
        DiceMetric.create().withThreads(1).call(p, l),
        DiceMetric.create().withThreads(3).call(p, l));
  }

  @Test
  void cumulativeCallsAggregateAndReset() {
    JsonNode g = FIX.get("groups").get(0);
    List<Volume> p = cases(g, "pred", Affine.identity());
    List<Volume> l = cases(g, "label", Affine.identity());
    DiceMetric all = DiceMetric.create();
    all.call(p, l);
    DiceMetric parts = DiceMetric.create();
    parts.call(p.subList(0, 2), l.subList(0, 2));
    for (int i = 2; i < p.size(); i++) {
      parts.call(p.get(i), l.get(i));
    }
    assertEquals(4, parts.length());
    assertEquals(all.getBuffer(), parts.getBuffer());
    assertEquals(all.aggregate().item(), parts.aggregate().item());
    parts.reset();
    assertEquals(0, parts.length());
    IllegalStateException e = assertThrows(IllegalStateException.class, parts::aggregate);
    assertTrue(e.getMessage().contains("DiceMetric has no values"), e.getMessage());
    IllegalStateException nn =
        assertThrows(IllegalStateException.class, () -> all.aggregate().notNans());
    assertTrue(nn.getMessage().contains("withGetNotNans(true)"), nn.getMessage());
  }

  @Test
  void confusionMatrixAliasesGiveTheSameValues() {
    JsonNode g = FIX.get("groups").get(0);
    List<Volume> p = cases(g, "pred", Affine.identity());
    List<Volume> l = cases(g, "label", Affine.identity());
    String[][] aliases = {
      {"sensitivity", "recall", "hit_rate", "true positive rate", "TPR"},
      {"threat score", "critical_success_index", "csi"},
      {"informedness", "youden_index", "bookmaker informedness"},
      {"markedness", "deltap"}
    };
    for (String[] names : aliases) {
      ConfusionMatrixMetric m = ConfusionMatrixMetric.create().withMetricName(names);
      m.call(p, l);
      List<Aggregate> r = m.aggregateAll();
      for (Aggregate a : r) {
        assertEquals(r.get(0).value(), a.value(), String.join(",", names));
      }
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfusionMatrixMetric.create().withMetricName("kappa"));
    assertTrue(e.getMessage().contains("'kappa' is not implemented"), e.getMessage());
  }

  @Test
  void regressionMetricsMatchMonai() {
    // make_fixtures.py regression_fixtures: MSEMetric, MAEMetric, PSNRMetric(max_val=1.0)
    JsonNode r = FIX.get("regression");
    int[] spatial = MetricFixtures.ints(r.get("shape"));
    List<Volume> p = new ArrayList<>();
    List<Volume> y = new ArrayList<>();
    for (int b = 0; b < r.get("y").size(); b++) {
      p.add(floats(MetricFixtures.doubles(r.get("y_pred").get(b)), spatial));
      y.add(floats(MetricFixtures.doubles(r.get("y").get(b)), spatial));
    }
    for (JsonNode e : r.get("metrics")) {
      CumulativeIterationMetric m =
          MonaiMetricsFixtureTest.build(e.get("metric").asText(), e.get("args"));
      MetricFixtures.assertClose(
          MetricFixtures.tensor(e.get("buffer")), m.call(p, y), e.get("metric").asText());
      MonaiMetricsFixtureTest.checkAggregates(m, e, e.get("metric").asText());
    }
  }

  private static Volume floats(double[] v, int[] spatial) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    int c = v.length / (spatial[0] * spatial[1]);
    return Volume.wrap(f, DType.FLOAT32, new int[] {c, spatial[0], spatial[1]}, Affine.identity());
  }

  @Test
  void uint8MasksGiveTheSameAsFloat32() {
    JsonNode g = FIX.get("groups").get(1);
    List<Volume> p = cases(g, "pred", Affine.identity());
    List<Volume> l = cases(g, "label", Affine.identity());
    List<Volume> pb = new ArrayList<>();
    List<Volume> lb = new ArrayList<>();
    for (int i = 0; i < p.size(); i++) {
      pb.add(p.get(i).astype(DType.UINT8));
      lb.add(l.get(i).astype(DType.INT16));
    }
    assertEquals(DiceMetric.create().call(p, l), DiceMetric.create().call(pb, lb));
    assertEquals(
        HausdorffDistanceMetric.create().call(p, l), HausdorffDistanceMetric.create().call(pb, lb));
    assertEquals(MeanIoU.create().call(p, l), MeanIoU.create().call(pb, lb));
  }

  @Test
  void validationMessagesNameTheArgument() {
    assertMessage(
        () -> HausdorffDistanceMetric.create().withPercentile(101.0),
        "percentile should be a value between 0 and 100, got 101.0");
    assertMessage(() -> SurfaceDiceMetric.create(1.0, -1.0), "need to be >= 0");
    assertMessage(() -> SurfaceDiceMetric.create(Double.POSITIVE_INFINITY), "need to be finite");
    assertMessage(
        () -> DiceMetric.create().withReduction("median"),
        "reduction must be one of [none, mean, sum, mean_batch, sum_batch, mean_channel, "
            + "sum_channel], got 'median'");
    assertMessage(
        () -> HausdorffDistanceMetric.create().withDistanceMetric("cosine"),
        "distance_metric must be one of [euclidean, chessboard, taxicab], got 'cosine'");
    assertMessage(
        () -> HausdorffDistanceMetric.create().withSpacing(1, -2, 1),
        "spacing must be finite and > 0");
    assertMessage(() -> PSNRMetric.create(0), "max_val must be a finite number > 0");
    assertMessage(() -> DiceMetric.create().withThreads(0), "threads must be >= 1, got 0");
    assertMessage(() -> DiceMetric.create().withNumClasses(0), "num_classes must be >= 1, got 0");
    Volume a = Volume.zeros(DType.FLOAT32, new int[] {2, 4, 4}, Affine.identity());
    Volume b = Volume.zeros(DType.FLOAT32, new int[] {2, 4, 5}, Affine.identity());
    assertMessage(
        () -> HausdorffDistanceMetric.create().computeCase(a, b),
        "HausdorffDistanceMetric: y_pred and y should have the same spatial shape, got y_pred "
            + "[2, 4, 4] and y [2, 4, 5]");
    assertMessage(
        () -> DiceMetric.create().call(List.of(a), List.of(a, a)),
        "y_pred holds 1 cases but y holds 2");
    assertMessage(
        () -> SurfaceDiceMetric.create(1.0, 2.0).computeCase(a, a),
        "number of classes (1) does not match number of class thresholds (2)");
    assertMessage(
        () -> HausdorffDistanceMetric.create().computeCase(a, a, new double[] {1, 1, 1}),
        "spacing [1.0, 1.0, 1.0] has 3 values but the images have 2 spatial axes");
  }

  @Test
  void singleCaseMaskWithoutForegroundGivesNanNotAnError() {
    Volume empty = Volume.zeros(DType.FLOAT32, new int[] {2, 5, 5, 5}, Affine.identity());
    assertArrayEquals(
        new double[] {Double.NaN},
        HausdorffDistanceMetric.create().computeCase(empty, empty).toArray());
    assertArrayEquals(
        new double[] {Double.NaN},
        SurfaceDistanceMetric.create().computeCase(empty, empty).toArray());
  }

  private static void assertMessage(Runnable r, String part) {
    Exception e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
