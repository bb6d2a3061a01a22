package org.medbeam.workflows.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Volume;
import org.medbeam.io.LoadImage;
import org.medbeam.io.dicom.DicomSeriesReader;
import org.medbeam.workflows.demo.SampleArchive;

class InferJobTest {
  @TempDir Path tmp;

  static String resource(String name) {
    try {
      return Path.of(InferJobTest.class.getResource("/infer/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static InferJob.Summary run(String... args) throws Exception {
    List<String> a = new ArrayList<>(List.of(args));
    a.add("--model=" + resource("threshold_net.pt"));
    a.add("--config=" + resource("threshold_inference.json"));
    a.add("--progress=false");
    PipelineOptionsFactory.register(InferOptions.class);
    InferOptions o = PipelineOptionsFactory.fromArgs(a.toArray(new String[0])).withValidation()
        .as(InferOptions.class);
    return InferJob.run(o, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  static List<Path> masks(Path out) throws Exception {
    try (Stream<Path> s = Files.list(out.resolve("masks"))) {
      return s.filter(p -> p.toString().endsWith(".nii.gz")).sorted().toList();
    }
  }

  /** Dice of label value {@code v} between two label maps on one grid. */
  static double dice(Volume a, Volume b, int v) {
    long inter = 0;
    long sa = 0;
    long sb = 0;
    for (int i = 0; i < a.size(); i++) {
      boolean x = (int) a.getDouble(i) == v;
      boolean y = (int) b.getDouble(i) == v;
      inter += x && y ? 1 : 0;
      sa += x ? 1 : 0;
      sb += y ? 1 : 0;
    }
    return 2.0 * inter / (sa + sb);
  }

  @Test
  void endToEndThenIncrementalThenFailures() throws Exception {
    Path archive = tmp.resolve("archive");
    List<SampleArchive.Written> cases = SampleArchive.write(archive, 7, 3, 64, true);
    Path out = tmp.resolve("out");

    InferJob.Summary first = run("--input=" + archive.resolve("dicom"), "--output=" + out);
    assertEquals(0, first.exitCode(), first.line());
    assertEquals(3, first.written, first.line());
    assertTrue(first.balanced(), first.line());
    List<Path> masks = masks(out);
    assertEquals(3, masks.size());

    // each mask lies on its series' original grid and finds the organ and lesion
    ObjectMapper m = new ObjectMapper();
    List<String> rows = Files.readAllLines(out.resolve("predictions.jsonl"));
    assertEquals(3, rows.size());
    for (String row : rows) {
      JsonNode j = m.readTree(row);
      Volume mask = LoadImage.create().apply(out.resolve(j.get("mask").asText()).toString());
      SampleArchive.Written c = cases.stream()
          .filter(w -> j.get("source").asText().startsWith(w.series.toString())).findFirst().orElseThrow();
      Volume series = DicomSeriesReader.create().readAll(c.series).get(0);
      Volume label = LoadImage.create().apply(c.label.toString());
      assertArrayEquals(series.shape(), mask.shape());
      assertTrue(mask.affine().almostEquals(series.affine(), 1e-4), mask.affine() + " vs " + series.affine());
      // the hand-built threshold net finds most of the organ (Dice 0.67-0.92 on these cases); a
      // flipped or shifted grid would give ~0
      assertTrue(dice(mask, label, 1) > 0.5, "organ dice " + dice(mask, label, 1));
      assertTrue(j.get("label_volumes_ml").get("1").asDouble() > 0);
      assertTrue(j.get("timings_ms").has("inference"), row);
    }
    // the same rows for spreadsheets, one fixed header
    List<String> csv = Files.readAllLines(out.resolve("predictions.csv"));
    assertEquals(PredictionsCsv.HEADER, csv.get(0));
    assertEquals(4, csv.size());
    for (String line : csv.subList(1, 4)) {
      String[] cells = line.split(",", -1);
      assertEquals(PredictionsCsv.HEADER.split(",").length, cells.length, line);
      assertTrue(cells[2].startsWith("masks/") && cells[3].startsWith("1|"), line);
      assertTrue(cells[6].startsWith("1:"), line);
      assertTrue(Long.parseLong(cells[8]) >= 0, line);
    }
    assertEquals("", Files.readString(out.resolve("failures.jsonl")).strip());
    JsonNode manifest = m.readTree(out.resolve("manifest.json").toFile());
    assertTrue(manifest.get("inputs").size() > 10);
    assertEquals(64, manifest.get("inputs").get(0).get("sha256").asText().length());
    assertEquals(64, manifest.get("model").get("sha256").asText().length());

    // a rerun skips everything
    InferJob.Summary again = run("--input=" + archive.resolve("dicom"), "--output=" + out);
    assertEquals(0, again.written, again.line());
    assertEquals(3, again.skipped, again.line());
    assertTrue(again.balanced(), again.line());

    // a new series and a corrupt file: only the new one is processed, the corrupt one reported
    SampleArchive.write(archive, 7, 3, 1, 64, false);
    Files.write(archive.resolve("dicom/case001/IM99999"),
        new byte[] {'D', 'I', 'C', 'M', 1, 2, 3});
    // a slice cut short inside its pixel data, as an interrupted transfer leaves it
    byte[] slice = Files.readAllBytes(archive.resolve("dicom/case000/IM00000"));
    Files.write(archive.resolve("dicom/broken.dcm"), java.util.Arrays.copyOf(slice, slice.length - 500));
    InferJob.Summary third = run("--input=" + archive.resolve("dicom"), "--output=" + out);
    assertEquals(1, third.written, third.line());
    assertTrue(third.failed >= 1, third.line());
    assertTrue(third.balanced(), third.line());
    assertEquals(4, masks(out).size());
    String failures = Files.readString(out.resolve("failures.jsonl"));
    assertTrue(failures.contains("broken.dcm"), failures);
  }

  @Test
  void flinkGivesBitIdenticalMasks() throws Exception {
    Path archive = tmp.resolve("archive");
    SampleArchive.write(archive, 11, 2, 36, false);
    Path direct = tmp.resolve("direct");
    Path flink = tmp.resolve("flink");
    assertEquals(0, run("--input=" + archive.resolve("dicom"), "--output=" + direct,
        "--targetParallelism=1").exitCode());
    assertEquals(0, run("--input=" + archive.resolve("dicom"), "--output=" + flink,
        "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2").exitCode());
    List<Path> a = masks(direct);
    List<Path> b = masks(flink);
    assertEquals(2, a.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).getFileName(), b.get(i).getFileName());
      assertArrayEquals(Files.readAllBytes(a.get(i)), Files.readAllBytes(b.get(i)), a.get(i).toString());
    }
  }
}
