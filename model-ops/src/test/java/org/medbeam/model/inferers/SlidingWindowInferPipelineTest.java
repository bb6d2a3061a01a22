package org.medbeam.model.inferers;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.model.ModelSpec;
import org.medbeam.model.Npy;

/**
 * {@link SlidingWindowInfer} on the DirectRunner with the fixture TorchScript: predictions equal
 * MONAI's {@code sliding_window_inference} (case gauss_o25_b3_cval of {@code
 * inferers/make_sw_fixtures.py}) to 1e-5, bad samples end up in the failures with counts.
 */
public class SlidingWindowInferPipelineTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  static final ModelSpec TINY = ModelSpec.of("classpath:/models/sw_tiny.pt").withDevice("cpu");
  static final Affine AFFINE =
      Affine.fromRows(new double[][] {{-1.5, 0, 0, 10}, {0, 1.5, 0, -20}, {0, 0, 2, 5},
          {0, 0, 0, 1}});

  static Volume image(String file) {
    return Npy.read("/inferers/sw_input.npy")
        .toVolume()
        .withAffine(AFFINE)
        .withMeta(Metadata.FILENAME, file)
        .pushOperation(AppliedOperation.of("Orientation", new int[] {19, 16, 13},
            Metadata.empty()));
  }

  static SlidingWindowInfer monaiCase() {
    // case "gauss_o25_b3_cval"
    return SlidingWindowInfer.of(TINY)
        .withRoiSize(8, 12, 20)
        .withSwBatchSize(3)
        .withOverlap(0.25)
        .withMode("gaussian")
        .withPaddingMode("constant")
        .withCval(0.5);
  }

  static void assertClose(Volume want, Volume got) {
    assertArrayEquals(want.shape(), got.shape());
    float[] a = got.floats();
    float[] b = want.floats();
    for (int i = 0; i < a.length; i++) {
      assertEquals("voxel " + i, b[i], a[i], 1e-5);
    }
  }

  static long counter(PipelineResult r, String name) {
    MetricQueryResults q =
        r.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("medbeam", name))
                    .build());
    long sum = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  @Test
  public void predictionsMatchMonaiAndFailuresAreRoutedAndCounted() {
    Sample a = Sample.of("case-a").with("image", image("/d/a.nii.gz")).with("label", 3);
    Sample b = Sample.of("case-b").with("image", image("/d/b.nii.gz"));
    Sample noKey = Sample.of("no-key").with("label", 1);
    Sample twoChannels =
        Sample.of("two-ch").with("image",
            Volume.of(new float[2 * 9 * 9 * 9], 2, 9, 9, 9).withMeta(Metadata.FILENAME,
                "/d/two.nii.gz"));
    WithFailures.Result<PCollection<Sample>, Failure> r =
        pipeline.apply(Create.of(a, b, noKey, twoChannels)).apply(monaiCase());
    PAssert.that(r.output())
        .satisfies(
            samples -> {
              Volume expected = Npy.read("/inferers/sw_gauss_o25_b3_cval.npy").toVolume();
              Map<String, Sample> byId = new HashMap<>();
              samples.forEach(s -> byId.put(s.id(), s));
              assertEquals(2, byId.size());
              for (String id : new String[] {"case-a", "case-b"}) {
                Sample s = byId.get(id);
                Volume pred = s.volume("pred");
                Volume img = s.volume("image");
                assertClose(expected, pred);
                assertEquals(AFFINE, pred.affine());
                assertEquals(img.meta(), pred.meta());
                assertEquals(img.appliedOperations(), pred.appliedOperations());
                assertTrue("the input stays", img.sameVoxels(image("x")));
              }
              assertEquals(3, byId.get("case-a").get("label"));
              return null;
            });
    PAssert.that(r.failures())
        .satisfies(
            fs -> {
              Map<String, Failure> byId = new HashMap<>();
              fs.forEach(f -> byId.put(f.sampleId(), f));
              assertEquals(2, byId.size());
              Failure nk = byId.get("no-key");
              assertEquals("sliding_window_infer", nk.stage());
              assertEquals("MissingKeyException", nk.errorClass());
              assertTrue(nk.message(),
                  nk.message().startsWith("sample 'no-key' has no key 'image'"));
              Failure tc = byId.get("two-ch");
              assertEquals("ModelExecutionException", tc.errorClass());
              assertEquals("/d/two.nii.gz", tc.source());
              assertTrue(tc.message(), tc.message().startsWith(
                  "model classpath:/models/sw_tiny.pt failed on a batch of shape"
                      + " [2, 2, 8, 12, 20]"));
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(2, counter(result, "sliding_window_infer_failures"));
    assertEquals(2, counter(result, "sliding_window_infer_processed"));
  }

  @Test
  public void keysChannelsAndMultipleOutputs() {
    // sw_multi.pt returns (full-size 2-channel, half-size 1-channel): case "multi_gauss_o50"
    ModelSpec multi = ModelSpec.of("classpath:/models/sw_multi.pt").withDevice("cpu");
    Sample ok = Sample.of("ok").with("ct", image("/d/ok.nii.gz"));
    Sample two = Sample.of("two").with("ct", Volume.of(new float[2 * 8 * 8 * 8], 2, 8, 8, 8));
    WithFailures.Result<PCollection<Sample>, Failure> r =
        pipeline
            .apply(Create.of(ok, two))
            .apply(
                SlidingWindowInfer.of(multi)
                    .withRoiSize(8, 12, 8)
                    .withSwBatchSize(3)
                    .withOverlap(0.5)
                    .withMode(BlendMode.GAUSSIAN)
                    .withInputKey("ct")
                    .withOutputKey("seg")
                    .withInputChannels(1)
                    .withoutReshuffle()
                    .withTimingKey("infer_ms"));
    PAssert.that(r.output())
        .satisfies(
            samples -> {
              Sample s = samples.iterator().next();
              assertFalse(s.has("pred"));
              // the opt-in timing is a positive duration in milliseconds
              assertTrue(s.get("infer_ms") instanceof Double);
              assertTrue(((Double) s.get("infer_ms")) > 0);
              assertClose(Npy.read("/inferers/sw_multi_gauss_o50_0.npy").toVolume(),
                  s.volume("seg"));
              assertClose(Npy.read("/inferers/sw_multi_gauss_o50_1.npy").toVolume(),
                  s.volume("seg_1"));
              return null;
            });
    PAssert.thatSingleton(r.failures())
        .isEqualTo(
            Failure.of(
                "two",
                "",
                "sliding_window_infer",
                "IllegalArgumentException",
                "sample 'two': key 'ct' has 2 channel(s) [2, 8, 8, 8] but the model"
                    + " classpath:/models/sw_multi.pt takes 1"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void configurationIsValidatedAtOnce() {
    SlidingWindowInfer t = SlidingWindowInfer.of(TINY);
    assertEquals("overlap must be >= 0 and < 1, got [1.5]",
        assertThrows(IllegalArgumentException.class, () -> t.withOverlap(1.5)).getMessage());
    assertEquals("sw_batch_size must be >= 1, got -2",
        assertThrows(IllegalArgumentException.class, () -> t.withSwBatchSize(-2)).getMessage());
    assertEquals("inputChannels must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> t.withInputChannels(0)).getMessage());
    assertEquals("outputKey must be a non-empty sample key, got ''",
        assertThrows(IllegalArgumentException.class, () -> t.withOutputKey("")).getMessage());
    assertEquals("withTimingKey: the key must be a non-empty string",
        assertThrows(IllegalArgumentException.class, () -> t.withTimingKey("")).getMessage());
    assertEquals("device must be one of auto, cpu, gpu, gpu:N, cuda, cuda:N; got 'gpu0'",
        assertThrows(IllegalArgumentException.class, () -> t.withDevice("gpu0")).getMessage());
    // settings are independent of order: withRoiSize keeps what came before
    SlidingWindowInfer x = t.withSwBatchSize(4).withMode("gaussian").withRoiSize(96);
    assertEquals(4, x.inferer().swBatchSize());
    assertEquals(BlendMode.GAUSSIAN, x.inferer().mode());
    assertArrayEquals(new int[] {96}, x.inferer().roiSize());
    assertEquals(1, t.inferer().swBatchSize());
    assertEquals("gpu:1", t.withDevice("cuda:1").model().device().toString());
  }

  @Test
  public void missingRoiOrClashingKeysFailAtConstruction() {
    PCollection<Sample> in = pipeline.apply(Create.empty(
        org.medbeam.core.SampleCoder.of()));
    String msg = assertThrows(IllegalArgumentException.class,
        () -> in.apply(SlidingWindowInfer.of(TINY))).getMessage();
    assertTrue(msg, msg.startsWith("SlidingWindowInfer: withRoiSize(...) is required"));
    msg = assertThrows(IllegalArgumentException.class,
        () -> in.apply("x", SlidingWindowInfer.of(TINY).withRoiSize(8).withOutputKey("image")))
        .getMessage();
    assertTrue(msg, msg.startsWith("SlidingWindowInfer: outputKey 'image' equals inputKey"));
    pipeline.enableAbandonedNodeEnforcement(false);
  }
}
