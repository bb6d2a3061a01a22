package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.medbeam.model.metrics.MetricFixtures.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medbeam.core.Affine;
import org.medbeam.core.Volume;

/**
 * Every metric configuration of {@code monai_metrics.json}: MONAI 1.4.0's per-case buffer and its
 * {@code aggregate(reduction)} (value and not_nans) for 2D and 3D cases with empty prediction,
 * empty ground truth and both empty, unit and anisotropic spacing (make_fixtures.py,
 * segmentation_fixtures / regression_fixtures).
 */
class MonaiMetricsFixtureTest {
  private static final JsonNode FIX = MetricFixtures.load("monai_metrics.json");

  @TestFactory
  List<DynamicTest> segmentationMetricsMatchMonai() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode g : FIX.get("groups")) {
      int[] shape = MetricFixtures.ints(g.get("shape"));
      double[] spacing = MetricFixtures.doubles(g.get("spacing"));
      for (JsonNode e : g.get("metrics")) {
        String label =
            g.get("dims").asInt()
                + "D "
                + e.get("metric").asText()
                + " "
                + e.get("args")
                + (e.hasNonNull("spacing") ? " spacing" : "")
                + (e.has("index_inputs") ? " index inputs" : "")
                + (e.has("index_label") ? " index label" : "")
                + (e.has("single_channel") ? " single channel" : "");
        tests.add(DynamicTest.dynamicTest(label, () -> check(g, e, shape, spacing, label)));
      }
    }
    return tests;
  }

  private static void check(JsonNode g, JsonNode e, int[] shape, double[] spacing, String label) {
    boolean withSpacing = e.hasNonNull("spacing");
    // with spacing, the volumes carry it in their affine (the default path in medbeam)
    Affine affine = withSpacing ? Affine.scaling(spacing) : Affine.identity();
    List<Volume> preds = new ArrayList<>();
    List<Volume> labels = new ArrayList<>();
    for (JsonNode c : g.get("cases")) {
      int[] p = MetricFixtures.digits(c.get("pred").asText());
      int[] l = MetricFixtures.digits(c.get("label").asText());
      if (e.has("index_inputs")) {
        preds.add(MetricFixtures.indices(p, shape, affine));
        labels.add(MetricFixtures.indices(l, shape, affine));
      } else if (e.has("index_label")) {
        preds.add(MetricFixtures.oneHot(p, shape, 3, affine));
        labels.add(MetricFixtures.indices(l, shape, affine));
      } else if (e.has("single_channel")) {
        preds.add(channel(MetricFixtures.oneHot(p, shape, 3, affine), 1));
        labels.add(channel(MetricFixtures.oneHot(l, shape, 3, affine), 1));
      } else {
        preds.add(MetricFixtures.oneHot(p, shape, 3, affine));
        labels.add(MetricFixtures.oneHot(l, shape, 3, affine));
      }
    }
    CumulativeIterationMetric m = build(e.get("metric").asText(), e.get("args"));
    MetricTensor batch = m.call(preds, labels);
    MetricTensor expected = MetricFixtures.tensor(e.get("buffer"));
    assertClose(expected, batch, label + " buffer");
    assertClose(expected, m.getBuffer(), label + " get_buffer");
    if (m instanceof HausdorffDistanceMetric) {
      // distances are float32 and the percentile is torch's float32 arithmetic: bit-exact
      for (int i = 0; i < expected.size(); i++) {
        assertEquals((float) expected.getFlat(i), (float) batch.getFlat(i), label + " [" + i + "]");
      }
    }
    checkAggregates(m, e, label);
  }

  static void checkAggregates(CumulativeIterationMetric m, JsonNode e, String label) {
    Iterator<Map.Entry<String, JsonNode>> it = e.get("aggregate").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> red = it.next();
      MetricReduction r = MetricReduction.of(red.getKey());
      if (m instanceof ConfusionMatrixMetric) {
        ConfusionMatrixMetric cm = (ConfusionMatrixMetric) m;
        checkList(cm.aggregateAll(false, r), red.getValue(), label + " " + r.monaiName());
        checkList(
            cm.aggregateAll(true, r),
            e.get("aggregate_compute_sample").get(red.getKey()),
            label + " compute_sample " + r.monaiName());
        continue;
      }
      Aggregate a = m.aggregate(r);
      assertClose(
          MetricFixtures.tensor(red.getValue().get("value")),
          a.value(),
          label + " aggregate " + r.monaiName());
      if (red.getValue().has("not_nans")) {
        assertClose(
            MetricFixtures.tensor(red.getValue().get("not_nans")),
            a.notNans(),
            label + " not_nans " + r.monaiName());
      }
    }
  }

  private static void checkList(List<Aggregate> got, JsonNode expected, String label) {
    assertEquals(expected.size(), got.size(), label + ": one result per metric name");
    for (int i = 0; i < got.size(); i++) {
      assertClose(
          MetricFixtures.tensor(expected.get(i).get("value")),
          got.get(i).value(),
          label + " #" + i);
      assertClose(
          MetricFixtures.tensor(expected.get(i).get("not_nans")),
          got.get(i).notNans(),
          label + " not_nans #" + i);
    }
  }

  static Volume channel(Volume v, int c) {
    int n = v.voxelsPerChannel();
    float[] d = java.util.Arrays.copyOfRange(v.floats(), c * n, (c + 1) * n);
    int[] s = v.shape();
    s[0] = 1;
    return v.withData(d, v.dtype(), s);
  }

  /** The Java metric for a fixture entry's MONAI class name and keyword arguments. */
  static CumulativeIterationMetric build(String metric, JsonNode a) {
    boolean notNans = a.path("get_not_nans").asBoolean(false);
    switch (metric) {
      case "dice":
        {
          DiceMetric d = DiceMetric.create().withGetNotNans(notNans);
          if (a.has("include_background")) {
            d = d.withIncludeBackground(a.get("include_background").asBoolean());
          }
          if (a.has("ignore_empty")) {
            d = d.withIgnoreEmpty(a.get("ignore_empty").asBoolean());
          }
          if (a.hasNonNull("num_classes")) {
            d = d.withNumClasses(a.get("num_classes").asInt());
          }
          return d;
        }
      case "mean_iou":
        return MeanIoU.create()
            .withGetNotNans(notNans)
            .withIncludeBackground(a.get("include_background").asBoolean())
            .withIgnoreEmpty(a.get("ignore_empty").asBoolean());
      case "hausdorff":
        {
          HausdorffDistanceMetric h =
              HausdorffDistanceMetric.create()
                  .withGetNotNans(notNans)
                  .withIncludeBackground(a.get("include_background").asBoolean());
          if (a.has("distance_metric")) {
            h = h.withDistanceMetric(a.get("distance_metric").asText());
          }
          if (a.hasNonNull("percentile")) {
            h = h.withPercentile(a.get("percentile").asDouble());
          }
          if (a.has("directed")) {
            h = h.withDirected(a.get("directed").asBoolean());
          }
          return h;
        }
      case "surface_distance":
        {
          SurfaceDistanceMetric s =
              SurfaceDistanceMetric.create()
                  .withGetNotNans(notNans)
                  .withSymmetric(a.get("symmetric").asBoolean());
          if (a.has("include_background")) {
            s = s.withIncludeBackground(a.get("include_background").asBoolean());
          }
          if (a.has("distance_metric")) {
            s = s.withDistanceMetric(a.get("distance_metric").asText());
          }
          return s;
        }
      case "surface_dice":
        return SurfaceDiceMetric.create(MetricFixtures.doubles(a.get("class_thresholds")))
            .withGetNotNans(notNans)
            .withIncludeBackground(a.get("include_background").asBoolean())
            .withDistanceMetric(a.get("distance_metric").asText());
      case "confusion_matrix":
        {
          List<String> names = new ArrayList<>();
          a.get("metric_name").forEach(n -> names.add(n.asText()));
          return ConfusionMatrixMetric.create()
              .withGetNotNans(notNans)
              .withIncludeBackground(a.get("include_background").asBoolean())
              .withMetricName(names);
        }
      case "mse":
        return MSEMetric.create().withGetNotNans(true);
      case "mae":
        return MAEMetric.create().withGetNotNans(true);
      case "psnr":
        return PSNRMetric.create(1.0).withGetNotNans(true);
      default:
        throw new IllegalArgumentException(metric);
    }
  }
}
