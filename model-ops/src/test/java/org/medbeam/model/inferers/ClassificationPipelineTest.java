package org.medbeam.model.inferers;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.model.ModelSpec;
import org.medbeam.model.Npy;

/**
 * {@link SimpleInfer} with the fixture classifier and {@link ClassificationSaver} against MONAI's
 * {@code SimpleInferer} probabilities ({@code inferers/cls_probs.npy}) and {@code CSVSaver} file
 * ({@code inferers/cls_expected.csv}), both from {@code inferers/make_sw_fixtures.py}.
 */
public class ClassificationPipelineTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static final String[] NAMES = {"/data/case_b.nii.gz", "/data/case_a.nii.gz",
    "/data/case_c.nii.gz"};

  static String expectedCsv() throws IOException {
    try (InputStream in =
        ClassificationPipelineTest.class.getResourceAsStream("/inferers/cls_expected.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  public void monaiProbabilitiesGiveMonaisCsvByteForByte() throws IOException {
    Npy probs = Npy.read("/inferers/cls_probs.npy");
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      float[] p = java.util.Arrays.copyOfRange(probs.data, 4 * i, 4 * i + 4);
      samples.add(
          Sample.of("s" + i)
              .with("image", Npy.read("/inferers/cls_input_" + i + ".npy").toVolume()
                  .withMeta(Metadata.FILENAME, NAMES[i]))
              .with("pred", p));
    }
    String dir = tmp.getRoot().toPath().resolve("out").toString();
    WithFailures.Result<PCollection<String>, Failure> r =
        pipeline.apply(Create.of(samples)).apply(ClassificationSaver.to(dir));
    PAssert.thatSingleton(r.output()).isEqualTo(dir + "/predictions.csv");
    PAssert.that(r.failures()).empty();
    pipeline.run().waitUntilFinish();
    assertEquals(expectedCsv(),
        Files.readString(Path.of(dir, "predictions.csv"), StandardCharsets.UTF_8));
  }

  @Test
  public void simpleInferMatchesMonaiAndFeedsTheSaver() throws IOException {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      samples.add(
          Sample.of("s" + i)
              .with("image", Npy.read("/inferers/cls_input_" + i + ".npy").toVolume()
                  .withMeta(Metadata.FILENAME, NAMES[i])));
    }
    samples.add(Sample.of("lost")); // no image: a failure, not a row
    String dir = tmp.getRoot().toPath().resolve("cls").toString();
    WithFailures.Result<PCollection<Sample>, Failure> inferred =
        pipeline
            .apply(Create.of(samples))
            .apply(SimpleInfer.of(ModelSpec.of("classpath:/models/cls_tiny.pt"))
                .withDevice("cpu").withOutputKey("probs"));
    PAssert.that(inferred.output())
        .satisfies(
            out -> {
              Npy want = Npy.read("/inferers/cls_probs.npy");
              int n = 0;
              for (Sample s : out) {
                int i = Integer.parseInt(s.id().substring(1));
                float[] p = (float[]) s.get("probs");
                assertArrayEquals(java.util.Arrays.copyOfRange(want.data, 4 * i, 4 * i + 4), p,
                    1e-6f);
                n++;
              }
              assertEquals(3, n);
              return null;
            });
    PAssert.thatSingleton(inferred.failures())
        .satisfies(
            f -> {
              assertEquals("lost", f.sampleId());
              assertEquals("simple_infer", f.stage());
              assertEquals("MissingKeyException", f.errorClass());
              return null;
            });
    WithFailures.Result<PCollection<String>, Failure> saved =
        inferred.output().apply(ClassificationSaver.to(dir).withPredKey("probs")
            .withFilename("cls.csv").withDelimiter(";"));
    PAssert.that(saved.failures()).empty();
    PipelineResult res = pipeline.run();
    res.waitUntilFinish();
    assertEquals(1, SlidingWindowInferPipelineTest.counter(res, "simple_infer_failures"));
    // same keys and order as MONAI's file; numbers equal to 1e-6 (PyTorch 2.7.1 vs 1.13)
    List<String> got = Files.readAllLines(Path.of(dir, "cls.csv"));
    String[] want = expectedCsv().split("\n");
    assertEquals(want.length, got.size());
    for (int i = 0; i < want.length; i++) {
      String[] w = want[i].split(",");
      String[] g = got.get(i).split(";");
      assertEquals(w[0], g[0]);
      assertEquals(w.length, g.length);
      for (int k = 1; k < w.length; k++) {
        assertEquals(Double.parseDouble(w[k]), Double.parseDouble(g[k]), 1e-6);
      }
    }
  }

  @Test
  public void rowsAndValidation() {
    assertEquals("a.nii,0.5,1e-05\n",
        ClassificationSaver.row("a.nii", new double[] {0.5, 1e-5}, ","));
    assertEquals("filename must be a plain file name such as 'predictions.csv', got 'a/b.csv'",
        assertThrows(IllegalArgumentException.class,
            () -> ClassificationSaver.to("/tmp").withFilename("a/b.csv")).getMessage());
    assertEquals("delimiter must be a non-empty string without newlines, got ''",
        assertThrows(IllegalArgumentException.class,
            () -> ClassificationSaver.to("/tmp").withDelimiter("")).getMessage());
    // a sample without a filename is keyed by its id
    assertEquals("id-7", ClassificationSaver.rowKey(Sample.of("id-7").with("pred", 1.0), "image"));
    pipeline.enableAbandonedNodeEnforcement(false);
  }
}
