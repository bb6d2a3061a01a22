package org.medbeam.model.metrics;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.core.SampleCoder;
import org.medbeam.core.Volume;

/** {@link Metrics} on the DirectRunner: rows, failures, summaries and the report files. */
public class MetricsTransformTest {
  private static final JsonNode FIX = MetricFixtures.load("monai_metrics.json");

  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** The fixture's 3D cases as samples (one-hot, anisotropic affine), ids case_<kind>. */
  static List<Sample> samples3d(boolean labelMaps) {
    JsonNode g = FIX.get("groups").get(1);
    int[] shape = MetricFixtures.ints(g.get("shape"));
    Affine affine = Affine.scaling(MetricFixtures.doubles(g.get("spacing")));
    List<Sample> out = new ArrayList<>();
    for (JsonNode c : g.get("cases")) {
      int[] pl = MetricFixtures.digits(c.get("pred").asText());
      int[] ll = MetricFixtures.digits(c.get("label").asText());
      Volume pred =
          labelMaps
              ? MetricFixtures.indices(pl, shape, affine)
              : MetricFixtures.oneHot(pl, shape, 3, affine);
      Volume label =
          labelMaps
              ? MetricFixtures.indices(ll, shape, affine)
              : MetricFixtures.oneHot(ll, shape, 3, affine);
      out.add(Sample.of("case_" + c.get("kind").asText()).with("pred", pred).with("label", label));
    }
    return out;
  }

  static List<MetricsEvaluation.Case> cases(List<Sample> samples) {
    List<MetricsEvaluation.Case> out = new ArrayList<>();
    for (Sample s : samples) {
      out.add(MetricsEvaluation.Case.of(s.id(), s.volume("pred"), s.volume("label")));
    }
    return out;
  }

  /** The rows the plain metrics give (MetricsEvaluation.computeTables, itself pinned to MONAI). */
  static List<MetricValue> expectedRows(List<Sample> samples, List<MetricSpec> specs) {
    List<MetricValue> rows = new ArrayList<>();
    for (MetricSpec s : specs) {
      CumulativeIterationMetric m = s.newMetric(1);
      for (Sample x : samples) {
        Volume[] pl = OneHot.prepare(x.volume("pred"), x.volume("label"), null);
        double[] v = s.evaluate(m, pl[0], pl[1]);
        for (int k = 0; k < v.length; k++) {
          rows.add(MetricValue.of(x.id(), s.name(), k, v[k]));
        }
      }
    }
    return rows;
  }

  @Test
  public void computesOneRowPerCaseMetricAndClass() {
    List<MetricSpec> specs = MetricSpec.parse("dice,hausdorff95,surface_distance(symmetric=true)");
    List<Sample> samples = samples3d(false);
    WithFailures.Result<PCollection<MetricValue>, Failure> r =
        p.apply(Create.of(samples)).apply(Metrics.compute(specs).withThreads(2));
    List<MetricValue> expected = expectedRows(samples, specs);
    // dice: 3 classes x 4 cases; hausdorff95 and surface_distance: 2 classes x 4 cases
    assertEquals(12 + 8 + 8, expected.size());
    PAssert.that(r.output()).containsInAnyOrder(expected);
    PAssert.that(r.failures()).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void labelMapsBecomeOneHot() {
    // single-channel label maps with labels 0..2: one-hot with 3 classes, the same rows as the
    // one-hot inputs (MONAI's AsDiscrete(to_onehot=3))
    List<MetricSpec> specs = MetricSpec.parse("dice,hausdorff");
    WithFailures.Result<PCollection<MetricValue>, Failure> r =
        p.apply(Create.of(samples3d(true))).apply(Metrics.compute(specs).withNumClasses(3));
    PAssert.that(r.output()).containsInAnyOrder(expectedRows(samples3d(false), specs));
    p.run().waitUntilFinish();
  }

  @Test
  public void pairsBecomeSamples() {
    List<MetricSpec> specs = MetricSpec.parse("dice");
    List<Sample> samples = samples3d(false);
    List<org.apache.beam.sdk.values.KV<String, org.apache.beam.sdk.values.KV<Volume, Volume>>> kv =
        new ArrayList<>();
    for (Sample s : samples) {
      kv.add(
          org.apache.beam.sdk.values.KV.of(
              s.id(), org.apache.beam.sdk.values.KV.of(s.volume("pred"), s.volume("label"))));
    }
    PCollection<MetricValue> rows =
        p.apply(Create.of(kv))
            .apply(Metrics.pairsToSamples())
            .apply(Metrics.compute(specs))
            .output();
    PAssert.that(rows).containsInAnyOrder(expectedRows(samples, specs));
    p.run().waitUntilFinish();
  }

  @Test
  public void failuresAreAnOutputAndCounted() {
    Volume a =
        Volume.zeros(DType.FLOAT32, new int[] {2, 4, 4, 4}, Affine.identity())
            .withMeta(Metadata.FILENAME, "/data/p1.nii.gz");
    Volume b = Volume.zeros(DType.FLOAT32, new int[] {2, 4, 4, 5}, Affine.identity());
    List<Sample> in =
        List.of(
            Sample.of("ok").with("pred", a).with("label", a),
            Sample.of("no_label").with("pred", a),
            Sample.of("mismatch").with("pred", a).with("label", b));
    WithFailures.Result<PCollection<MetricValue>, Failure> r =
        p.apply(Create.of(in).withCoder(SampleCoder.of()))
            .apply(Metrics.compute(MetricSpec.parse("dice(ignore_empty=false),hausdorff")));
    PAssert.that(r.output())
        .containsInAnyOrder(
            MetricValue.of("ok", "dice", 0, 1.0),
            MetricValue.of("ok", "dice", 1, 1.0),
            MetricValue.of("ok", "hausdorff", 0, Double.NaN));
    PAssert.that(r.failures())
        .satisfies(
            fs -> {
              List<Failure> l = new ArrayList<>();
              fs.forEach(l::add);
              l.sort((x, y) -> x.sampleId().compareTo(y.sampleId()));
              assertEquals(2, l.size());
              assertEquals("mismatch", l.get(0).sampleId());
              assertEquals("metrics", l.get(0).stage());
              assertEquals("/data/p1.nii.gz", l.get(0).source());
              assertTrue(
                  l.get(0).message(),
                  l.get(0)
                      .message()
                      .contains(
                          "metric 'dice': DiceMetric: y_pred and y should have the same spatial"
                              + " shape, got y_pred [2, 4, 4, 4] and y [2, 4, 4, 5]"));
              assertEquals("no_label", l.get(1).sampleId());
              assertEquals("MissingKeyException", l.get(1).errorClass());
              assertTrue(l.get(1).message().contains("has no key 'label'"));
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    long failures =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("medbeam", "metrics_failures"))
                    .build())
            .getCounters()
            .iterator()
            .next()
            .getAttempted();
    assertEquals(2, failures);
  }

  @Test
  public void summarizeIsMonaiSummaryPerMetricAndClass() {
    List<MetricSpec> specs = MetricSpec.parse("dice,hausdorff95");
    List<Sample> samples = samples3d(false);
    PCollection<MetricSummary> s =
        p.apply(Create.of(samples))
            .apply(Metrics.compute(specs))
            .output()
            .apply(
                Metrics.summarize()
                    .withSummaryOps(List.of("mean", "std", "95percentile", "notnans")));
    List<MetricSummary> expected = new ArrayList<>();
    for (MetricTable t : MetricsEvaluation.computeTables(cases(samples), specs, null, 1).tables()) {
      expected.addAll(
          MetricsReport.summaries(t, List.of("mean", "std", "95percentile", "notnans")));
    }
    // dice: class0..2 + mean; hausdorff95: class0..1 + mean
    assertEquals(7, expected.size());
    PAssert.that(s).containsInAnyOrder(expected);
    PAssert.that(s.apply(Count.globally())).containsInAnyOrder(7L);
    p.run().waitUntilFinish();
  }

  @Test
  public void reportFilesAreMonaiWriteMetricsReportsByteForByte() throws Exception {
    // make_fixtures.py report_fixture: write_metrics_reports of DiceMetric(include_background=
    // True) and HausdorffDistanceMetric(percentile=95, spacing) on these cases ("*" summary ops)
    Path out = tmp.newFolder("reports").toPath();
    p.apply(Create.of(samples3d(false)))
        .apply(
            Metrics.compute(MetricSpec.parse("dice(include_background=true),hausdorff95"))
                .withReportsTo(out.toString()));
    p.run().waitUntilFinish();
    JsonNode expected = MetricFixtures.load("quantile_summary.json").get("report").get("files");
    List<String> written = reportFiles(out);
    assertEquals(
        List.of(
            "dice_raw.csv",
            "dice_summary.csv",
            "hausdorff95_raw.csv",
            "hausdorff95_summary.csv",
            "metrics.csv"),
        written);
    for (String f : written) {
      String got = new String(Files.readAllBytes(out.resolve(f)), StandardCharsets.UTF_8);
      String want = expected.get(f).asText();
      // rows are sorted by case id (MONAI keeps its iteration order)
      assertEquals(f, f.endsWith("_raw.csv") ? MetricsReportTest.sortedRows(want) : want, got);
    }
  }

  @Test
  public void evaluationRunWritesReportsAndFailures() throws Exception {
    Path out = tmp.newFolder("eval").toPath();
    List<MetricsEvaluation.Case> cases = new ArrayList<>(cases(samples3d(true)));
    Volume small = Volume.zeros(DType.FLOAT32, new int[] {1, 3, 3, 3}, Affine.identity());
    Volume big = Volume.zeros(DType.FLOAT32, new int[] {1, 3, 3, 4}, Affine.identity());
    cases.add(MetricsEvaluation.Case.of("bad", small, big));
    List<MetricSpec> specs = MetricSpec.parse("dice,hausdorff95,surface_distance");
    MetricsEvaluation.Result r =
        MetricsEvaluation.run(cases, specs, out.toString(), 3, PipelineOptionsFactory.create());
    assertEquals(PipelineResult.State.DONE, r.state());
    assertEquals(4, r.scored());
    assertEquals(1, r.failed());
    List<String> failures = Files.readAllLines(out.resolve("failures.jsonl"));
    assertEquals(1, failures.size());
    assertEquals(
        "{\"id\":\"bad\",\"source\":\"\",\"stage\":\"metrics\","
            + "\"error\":\"IllegalArgumentException\",\"message\":\"metric 'dice': DiceMetric: "
            + "y_pred and y should have the same spatial shape, got y_pred [3, 3, 3, 3] and y "
            + "[3, 3, 3, 4]\"}",
        failures.get(0));
    // the plain-Java path writes the same files
    Path plain = tmp.newFolder("plain").toPath();
    MetricsEvaluation.Tables t = MetricsEvaluation.computeTables(cases, specs, 3, 1);
    assertEquals(1, t.failures().size());
    MetricsReport.write(plain, t.tables(), null);
    for (String f :
        new String[] {
          "metrics.csv",
          "dice_raw.csv",
          "dice_summary.csv",
          "hausdorff95_raw.csv",
          "hausdorff95_summary.csv",
          "surface_distance_raw.csv",
          "surface_distance_summary.csv"
        }) {
      assertEquals(
          f,
          new String(Files.readAllBytes(plain.resolve(f)), StandardCharsets.UTF_8),
          new String(Files.readAllBytes(out.resolve(f)), StandardCharsets.UTF_8));
    }
    String metricsCsv =
        new String(Files.readAllBytes(out.resolve("metrics.csv")), StandardCharsets.UTF_8);
    assertEquals(3, metricsCsv.split("\n").length);
    assertTrue(metricsCsv, metricsCsv.startsWith("dice,"));
    assertTrue(metricsCsv, metricsCsv.contains("\nhausdorff95,3.3885884284973145\n"));
  }

  @Test
  public void noSuccessfulCaseStillWritesMetricsCsv() throws Exception {
    Path out = tmp.newFolder("none").toPath();
    p.apply(Create.of(List.of(Sample.of("x"))).withCoder(SampleCoder.of()))
        .apply(Metrics.compute(MetricSpec.parse("dice")).withReportsTo(out.toString()));
    p.run().waitUntilFinish();
    assertEquals(0, Files.size(out.resolve("metrics.csv")));
    assertEquals(List.of("metrics.csv"), reportFiles(out));
  }

  /**
   * The files in a report directory; Beam's FileIO leaves its (empty) ".temp-beam" working
   * directory behind on local file systems, which must hold nothing.
   */
  static List<String> reportFiles(Path dir) throws java.io.IOException {
    Path temp = dir.resolve(".temp-beam");
    if (Files.exists(temp)) {
      try (Stream<Path> left = Files.walk(temp)) {
        assertEquals("leftover temp files", 1, left.count());
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> !f.equals(".temp-beam"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  public void computeValidatesItsConfiguration() {
    List<MetricSpec> specs = MetricSpec.parse("dice");
    assertMessage(() -> Metrics.compute(List.of()), "needs at least one metric");
    assertMessage(() -> Metrics.compute(specs).withPredKey(""), "predKey must be a non-empty");
    assertMessage(() -> Metrics.compute(specs).withNumClasses(0), "numClasses must be >= 1, got 0");
    assertMessage(
        () -> Metrics.compute(specs).withSummaryOps(List.of("mode")),
        "summary op 'mode' is not supported");
    assertMessage(() -> Metrics.compute(specs.get(0), specs.get(0)), "'dice' is used twice");
  }

  static void assertMessage(Runnable r, String part) {
    try {
      r.run();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains(part));
      return;
    }
    throw new AssertionError("expected an IllegalArgumentException containing: " + part);
  }
}
