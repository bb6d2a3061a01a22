package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.Volume;

/** {@link MetricsReport} against MONAI 1.4.0's {@code write_metrics_reports}. */
class MetricsReportTest {
  @TempDir Path tmp;

  static MetricTable table(String metric, List<String> ids, MetricTensor buffer) {
    List<MetricValue> rows = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      for (int k = 0; k < buffer.shape(1); k++) {
        rows.add(MetricValue.of(ids.get(i), metric, k, buffer.get(i, k)));
      }
    }
    return MetricTable.of(metric, rows);
  }

  /** MONAI writes cases in iteration order, we sort by id: sort MONAI's data lines to compare. */
  static String sortedRows(String csv) {
    String[] lines = csv.split("\n");
    String[] body = Arrays.copyOfRange(lines, 1, lines.length);
    Arrays.sort(body);
    return lines[0] + "\n" + String.join("\n", body) + "\n";
  }

  @Test
  void filesMatchMonaiWriteMetricsReports() throws Exception {
    // make_fixtures.py report_fixture: the 3D cases, DiceMetric(include_background=True) and
    // HausdorffDistanceMetric(percentile=95) with the anisotropic spacing, passed to
    // write_metrics_reports(dir, ids, {name: aggregate().item()}, {name: get_buffer()}, "*")
    JsonNode fix = MetricFixtures.load("quantile_summary.json").get("report");
    JsonNode g = MetricFixtures.load("monai_metrics.json").get("groups").get(1);
    int[] shape = MetricFixtures.ints(g.get("shape"));
    Affine affine = Affine.scaling(MetricFixtures.doubles(g.get("spacing")));
    List<Volume> preds = new ArrayList<>();
    List<Volume> labels = new ArrayList<>();
    for (JsonNode c : g.get("cases")) {
      preds.add(
          MetricFixtures.oneHot(MetricFixtures.digits(c.get("pred").asText()), shape, 3, affine));
      labels.add(
          MetricFixtures.oneHot(MetricFixtures.digits(c.get("label").asText()), shape, 3, affine));
    }
    List<String> ids = new ArrayList<>();
    fix.get("ids").forEach(n -> ids.add(n.asText()));
    MetricTable dice = table("dice", ids, DiceMetric.create().call(preds, labels));
    MetricTable hd95 =
        table(
            "hausdorff95",
            ids,
            HausdorffDistanceMetric.create().withPercentile(95.0).call(preds, labels));
    Map<String, String> files = MetricsReport.files(List.of(dice, hd95), List.of("*"));
    JsonNode expected = fix.get("files");
    assertEquals(expected.size(), files.size());
    assertEquals(expected.get("metrics.csv").asText(), files.get("metrics.csv"));
    for (String f : new String[] {"dice_raw.csv", "hausdorff95_raw.csv"}) {
      assertEquals(sortedRows(expected.get(f).asText()), files.get(f), f);
    }
    for (String f : new String[] {"dice_summary.csv", "hausdorff95_summary.csv"}) {
      assertEquals(expected.get(f).asText(), files.get(f), f);
    }
    MetricsReport.write(tmp, List.of(dice, hd95), null);
    assertEquals(
        expected.get("dice_summary.csv").asText(),
        new String(Files.readAllBytes(tmp.resolve("dice_summary.csv")), StandardCharsets.UTF_8));
  }

  @Test
  void handDerivedReport() {
    // two cases, two classes; hand derivation:
    //   b: [0.5, nan] -> mean 0.5 ; a: [0.25, 1.0] -> mean 0.625
    //   class0 over (a, b) = (0.25, 0.5): mean 0.375, median 0.375, max 0.5, min 0.25,
    //     90percentile 0.25 + 0.9 * 0.25 = 0.475, std 0.125, notnans 2
    //   class1 = (1.0, nan): 1, 1, 1, 1, 1, 0, 1
    //   mean column (0.625, 0.5): 0.5625, 0.5625, 0.625, 0.5, 0.6125, 0.0625, 2
    //   metrics.csv: per-case means 0.625 and 0.5 -> 0.5625
    List<MetricValue> rows =
        List.of(
            MetricValue.of("b", "m", 0, 0.5), MetricValue.of("b", "m", 1, Double.NaN),
            MetricValue.of("a", "m", 1, 1.0), MetricValue.of("a", "m", 0, 0.25));
    MetricTable t = MetricTable.of("m", rows);
    assertEquals(
        "filename,class0,class1,mean\na,0.25,1.0,0.625\nb,0.5,nan,0.5\n", MetricsReport.rawCsv(t));
    assertEquals(
        "class,mean,median,max,min,90percentile,std,notnans\n"
            + "class0,0.3750,0.3750,0.5000,0.2500,0.4750,0.1250,2.0000\n"
            + "class1,1.0000,1.0000,1.0000,1.0000,1.0000,0.0000,1.0000\n"
            + "mean,0.5625,0.5625,0.6250,0.5000,0.6125,0.0625,2.0000\n",
        MetricsReport.summaryCsv(t, null));
    assertEquals("m,0.5625\n", MetricsReport.metricsCsv(List.of(t)));
    assertEquals(
        "class,min,25percentile,notnans\nclass0,0.2500,0.3125,2.0000\n"
            + "class1,1.0000,1.0000,1.0000\nmean,0.5000,0.5312,2.0000\n",
        MetricsReport.summaryCsv(t, List.of("min", "25percentile", "notnans")));
  }

  @Test
  void summaryOpsAreValidated() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> MetricsReport.summaryOps(List.of("mode")));
    assertTrue(e.getMessage().contains("'mode' is not supported"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> MetricsReport.summaryOps(List.of("101percentile")));
    assertTrue(e.getMessage().contains("in [0, 100]"), e.getMessage());
  }

  @Test
  void duplicateCaseIdsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                MetricTable.of(
                    "dice",
                    List.of(
                        MetricValue.of("x", "dice", 0, 1), MetricValue.of("x", "dice", 0, 0.5))));
    assertTrue(e.getMessage().contains("case 'x' has two values for class0"), e.getMessage());
  }
}
