package org.medbeam.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.workflows.demo.SampleArchive;

class InferCommandTest {
  @TempDir Path tmp;

  static String resource(String name) {
    try {
      return Path.of(InferCommandTest.class.getResource("/infer/" + name).toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void helpListsTheJobsOptions() {
    CliRunner r = CliRunner.run("infer", "--help");
    assertEquals(0, r.exitCode, r.err);
    for (String o : new String[] {"--input", "--output", "--model", "--config", "--seed",
        "--force", "--maxFailureRatio", "--runner", "--flinkMaster"}) {
      assertTrue(r.out.contains(o), o + " missing from:\n" + r.out);
    }
  }

  @Test
  void failureRatioAboveTheLimitExitsNonZero() throws Exception {
    Path archive = tmp.resolve("a");
    SampleArchive.write(archive, 3, 2, 32, false);
    // one series loses a slice in the middle: it cannot be assembled (missing slice)
    try (var files = Files.list(archive.resolve("dicom/case001"))) {
      Path[] slices = files.sorted().toArray(Path[]::new);
      Files.delete(slices[slices.length / 2]);
    }
    String[] base = {"infer", "--input=" + archive.resolve("dicom"), "--model=" + resource("threshold_net.pt"),
        "--config=" + resource("threshold_inference.json"), "--progress=false"};
    CliRunner strict = CliRunner.run(concat(base, "--output=" + tmp.resolve("o1"), "--maxFailureRatio=0"));
    assertEquals(3, strict.exitCode, strict.err);
    assertTrue(strict.err.contains("read 2 / written 1 / failed 1 / skipped 0 (balanced)"), strict.err);
    CliRunner lenient = CliRunner.run(concat(base, "--output=" + tmp.resolve("o2"), "--maxFailureRatio=0.5"));
    assertEquals(0, lenient.exitCode, lenient.err);
    assertEquals(tmp.resolve("o2").toString(), lenient.out.strip());
    String failures = Files.readString(tmp.resolve("o2/failures.jsonl"));
    assertTrue(failures.contains("case001") && failures.contains("missing"), failures);
  }

  @Test
  void badOptionsAreOneLineErrors() {
    CliRunner r = CliRunner.run("infer", "--maxFailureRatio=2", "--input=/nowhere/*.nii.gz",
        "--model=" + resource("threshold_net.pt"), "--config=" + resource("threshold_inference.json"));
    assertEquals(1, r.exitCode);
    assertTrue(r.err.contains("--maxFailureRatio must be in [0, 1]"), r.err);
    CliRunner configWithoutModel = CliRunner.run("infer", "--config=" + resource("threshold_inference.json"));
    assertEquals(1, configWithoutModel.exitCode);
    assertTrue(configWithoutModel.err.contains("without --model"), configWithoutModel.err);
  }

  static String[] concat(String[] a, String... b) {
    String[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
