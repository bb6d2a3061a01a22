package org.medbeam.io.dicom;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;

/**
 * {@link DicomIO#readSeries()} on the fixture archive ({@code make_dicom_fixtures.py} section
 * "series": 57 files — four good series in mixed transfer syntaxes, problem series, hostile
 * files), on the DirectRunner and on a Flink mini-cluster. Expected ids and failures come from
 * reference.json.
 */
public class DicomIOTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  private static String pattern() {
    return DicomFixtures.path("series") + "/*";
  }

  /** Series ids the archive must give: good series, split parts, the duplicate-file series. */
  static List<String> expectedIds() {
    List<String> ids = new ArrayList<>();
    DicomFixtures.ref().get("series").fieldNames().forEachRemaining(ids::add);
    Iterator<Map.Entry<String, JsonNode>> it =
        DicomFixtures.ref().get("series_problems").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String kind = e.getValue().get("kind").asText();
      if (kind.equals("split")) {
        for (int i = 1; i <= e.getValue().get("parts").size(); i++) {
          ids.add(e.getKey() + "_" + i);
        }
      } else if (kind.equals("duplicate")) {
        ids.add(e.getKey());
      }
    }
    return ids;
  }

  /** "stage|error class|file name" of every failure the archive must give. */
  static List<String> expectedFailures() {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = DicomFixtures.ref().get("hostile").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      boolean scan = e.getValue().get("phase").asText().equals("scan");
      out.add((scan ? DicomIO.STAGE_HEADER : DicomIO.STAGE_ASSEMBLE) + "|"
          + e.getValue().get("error").asText() + "|" + e.getKey());
    }
    // under SpacingPolicy.FAIL: the missing-slice and uneven series (first file by name)
    out.add(DicomIO.STAGE_ASSEMBLE + "|DicomSeriesException|MISSING_0");
    out.add(DicomIO.STAGE_ASSEMBLE + "|DicomSeriesException|UNEVEN_0");
    return out;
  }

  static String describe(Failure f) {
    String src = f.source();
    return f.stage() + "|" + f.errorClass() + "|" + src.substring(src.lastIndexOf('/') + 1);
  }

  @Test
  public void readsEverySeriesAndReportsEveryBadFile() {
    WithFailures.Result<PCollection<Sample>, Failure> r =
        p.apply(DicomIO.readSeries().from(pattern()));
    PAssert.that(r.output().apply("Ids", MapElements.into(TypeDescriptors.strings())
        .via(Sample::id))).containsInAnyOrder(expectedIds());
    PAssert.that(r.failures().apply("Describe", MapElements.into(TypeDescriptors.strings())
        .via(DicomIOTest::describe))).containsInAnyOrder(expectedFailures());
    // the axial CT: 16 x 12 x 6, float32 after its modality LUT, tags in the metadata
    String axial = uidNamed("ct_axial");
    PAssert.that(r.output()).satisfies(samples -> {
      for (Sample s : samples) {
        if (s.id().equals(axial)) {
          Volume v = s.volume("image");
          assertEquals(Arrays.toString(new int[] {1, 16, 12, 6}), Arrays.toString(v.shape()));
          assertEquals("CT", v.meta().getString("Modality"));
          assertEquals("Thorax axial", v.meta().getString("SeriesDescription"));
          assertEquals(6L, v.meta().getLong(DicomSeriesReader.SLICE_COUNT, -1));
          return null;
        }
      }
      throw new AssertionError("no sample " + axial);
    });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // counts balance (57 files: 9 unreadable headers, the rest read)
    assertEquals(57, counter(result, "dicom_files"));
    assertEquals(9, counter(result, "dicom_header_failures"));
    assertEquals(48, counter(result, "dicom_headers_read"));
    assertEquals(0, counter(result, "dicom_files_filtered"));
    assertEquals(expectedIds().size(), counter(result, "dicom_series_assembled"));
    assertEquals(7, counter(result, "dicom_assemble_failures"));
    assertEquals(2, counter(result, "dicom_series_split"));
  }

  static String uidNamed(String name) {
    Iterator<Map.Entry<String, JsonNode>> it = DicomFixtures.ref().get("series").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().get("name").asText().equals(name)) {
        return e.getKey();
      }
    }
    throw new AssertionError(name);
  }

  private static long counter(PipelineResult r, String name) {
    MetricQueryResults q = r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("medbeam", name)).build());
    long sum = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  @Test
  public void filtersApplyToHeadersBeforePixels() {
    PCollection<String> mr = p.apply("MR", DicomIO.readSeries().from(pattern())
            .withModality("mr"))
        .output().apply("MrIds", MapElements.into(TypeDescriptors.strings()).via(Sample::id));
    List<String> mrIds = new ArrayList<>(List.of(uidNamed("mr_oblique"), uidNamed("sagittal")));
    for (String id : expectedIds()) {
      if (id.contains("_") && id.startsWith(echoUid())) {
        mrIds.add(id);
      }
    }
    PAssert.that(mr).containsInAnyOrder(mrIds);
    PCollection<String> thorax = p.apply("Thorax", DicomIO.readSeries().from(pattern())
            .withSeriesDescription("(?i)THORAX"))
        .output().apply("ThoraxIds", MapElements.into(TypeDescriptors.strings())
            .via(Sample::id));
    PAssert.that(thorax).containsInAnyOrder(uidNamed("ct_axial"));
    PCollection<String> head = p.apply("Head", DicomIO.readSeries().from(pattern())
            .withTagMatching("BodyPartExamined", "^HEAD$")
            .withFilter(d -> d.rows() == 12))
        .output().apply("HeadIds", MapElements.into(TypeDescriptors.strings()).via(Sample::id));
    PAssert.that(head).containsInAnyOrder(uidNamed("sagittal"));
    p.run().waitUntilFinish();
  }

  @Test
  public void seriesFilterSkipsSeriesBeforeTheirPixelsAreRead() {
    String keep = uidNamed("ct_axial");
    PCollection<String> kept = p.apply("Kept", DicomIO.readSeries().from(pattern())
            .withSeriesFilter(s -> s.id().equals(keep)))
        .output().apply("KeptIds", MapElements.into(TypeDescriptors.strings()).via(Sample::id));
    PAssert.that(kept).containsInAnyOrder(keep);
    PipelineResult r = p.run();
    r.waitUntilFinish();
    // every other series (good ones, and those that would fail to assemble) was skipped unread
    org.junit.Assert.assertEquals(1, counter(r, "dicom_series_assembled"));
    org.junit.Assert.assertTrue(counter(r, "dicom_series_skipped") >= expectedIds().size() - 1);
  }

  private static String echoUid() {
    Iterator<Map.Entry<String, JsonNode>> it =
        DicomFixtures.ref().get("series_problems").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().get("kind").asText().equals("split")
          && e.getValue().get("parts").size() == 2) {
        return e.getKey();
      }
    }
    throw new AssertionError("echo series");
  }

  @Test
  public void settingsAreValidatedWithTheirNames() {
    DicomIO.ReadSeries r = DicomIO.readSeries();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.from(" "));
    assertTrue(e.getMessage(), e.getMessage().contains("from"));
    e = assertThrows(IllegalArgumentException.class, () -> r.withModality("C/T"));
    assertTrue(e.getMessage(), e.getMessage().contains("withModality") && e.getMessage()
        .contains("C/T"));
    e = assertThrows(IllegalArgumentException.class, () -> r.withSeriesDescription("[x"));
    assertTrue(e.getMessage(), e.getMessage().contains("not a valid regular expression"));
    e = assertThrows(IllegalArgumentException.class, () -> r.withTagMatching("Nope", "x"));
    assertTrue(e.getMessage(), e.getMessage().contains("not a DICOM keyword"));
    e = assertThrows(IllegalArgumentException.class, () -> r.withKey(""));
    assertTrue(e.getMessage(), e.getMessage().contains("withKey"));
    IllegalStateException s = assertThrows(IllegalStateException.class,
        () -> Pipeline.create().apply(DicomIO.readSeries()));
    assertTrue(s.getMessage(), s.getMessage().contains("from(filepattern)"));
  }

  @Test
  public void sameArchiveOnFlinkMiniCluster() throws Exception {
    Path out = tmp.newFolder("flink").toPath();
    FlinkPipelineOptions o = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    o.setRunner(FlinkRunner.class);
    o.setFlinkMaster("[local]");
    o.setParallelism(2);
    Pipeline flink = Pipeline.create(o);
    WithFailures.Result<PCollection<Sample>, Failure> r =
        flink.apply(DicomIO.readSeries().from(pattern()));
    r.output()
        .apply("Ids", MapElements.into(TypeDescriptors.strings())
            .via(s -> s.id() + " " + s.volume("image").shape(3)))
        .apply("WriteIds", TextIO.write().to(out + "/ids").withoutSharding());
    r.failures()
        .apply("Describe", MapElements.into(TypeDescriptors.strings())
            .via(DicomIOTest::describe))
        .apply("WriteFailures", TextIO.write().to(out + "/failures").withoutSharding());
    flink.run().waitUntilFinish();
    TreeSet<String> ids = new TreeSet<>();
    for (String line : Files.readAllLines(out.resolve("ids"))) {
      ids.add(line.split(" ")[0]);
    }
    assertEquals(new TreeSet<>(expectedIds()), ids);
    assertEquals(new TreeSet<>(expectedFailures()),
        new TreeSet<>(Files.readAllLines(out.resolve("failures"))));
  }
}
