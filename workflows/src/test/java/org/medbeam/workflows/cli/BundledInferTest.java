package org.medbeam.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Volume;
import org.medbeam.io.LoadImage;
import org.medbeam.model.metrics.DiceMetric;
import org.medbeam.model.metrics.MetricTensor;
import org.medbeam.workflows.demo.Demo;
import org.medbeam.workflows.demo.SampleArchive;
import org.medbeam.workflows.demo.SyntheticCt;
import org.medbeam.workflows.infer.Bundled;

/**
 * {@code medbeam infer} with no arguments: the bundled model (trained by {@code medbeam demo
 * --bundle}, which never saw this seed) on the bundled sample archive segments both organs; the
 * ground truth is the sample's own labels, generated again from the same seed.
 */
class BundledInferTest {
  @TempDir Path tmp;

  @Test
  void bundledModelSegmentsTheBundledSample() throws Exception {
    Path out = tmp.resolve("out");
    CliRunner r = CliRunner.run("infer", "--output=" + out, "--progress=false");
    assertEquals(0, r.exitCode, r.err);
    assertTrue(r.err.contains("read 3 / written 3 / failed 0 / skipped 0 (balanced)"), r.err);
    assertTrue(r.err.contains("model classpath:/medbeam/bundled/model.zip"), r.err);
    List<String> rows = Files.readAllLines(out.resolve("predictions.jsonl"));
    assertEquals(Bundled.SAMPLE_CASES, rows.size());
    Pattern caseId = Pattern.compile("case(\\d{3})");
    double sum = 0;
    for (String row : rows) {
      JsonNode j = new ObjectMapper().readTree(row);
      Matcher m = caseId.matcher(j.get("source").asText());
      assertTrue(m.find(), row);
      int index = Integer.parseInt(m.group(1));
      Volume mask = LoadImage.create().apply(out.resolve(j.get("mask").asText()).toString());
      Volume label = SyntheticCt.generate(SampleArchive.BUNDLED_SEED, index,
          Bundled.SAMPLE_SIZE).label;
      MetricTensor d = DiceMetric.create().withIncludeBackground(false).withNumClasses(3)
          .computeCase(mask, Demo.onGridOf(label, mask, "case" + index));
      // measured when the model was bundled: 0.93-0.95 (organ 1), 0.88-0.93 (organ 2)
      assertTrue(d.getFlat(0) > 0.85, "organ 1 of case " + index + ": " + d);
      assertTrue(d.getFlat(1) > 0.80, "organ 2 of case " + index + ": " + d);
      sum += d.getFlat(0) + d.getFlat(1);
    }
    assertTrue(sum / (2 * rows.size()) > 0.88, "mean Dice " + sum / (2 * rows.size()));
  }
}
