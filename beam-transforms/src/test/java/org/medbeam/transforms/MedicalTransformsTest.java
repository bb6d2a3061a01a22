package org.medbeam.transforms;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;

public class MedicalTransformsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Adds one seeded draw to every voxel. */
  static final class AddDraw implements MapTransform {
    private static final long serialVersionUID = 1L;

    @Override
    public Sample apply(Sample s, TransformContext c) {
      if (s.id().equals("bad")) {
        throw new IllegalArgumentException("cannot handle sample 'bad'");
      }
      double d = c.random(s).rand();
      float[] v = s.volume("image").toFloatArray();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) d;
      }
      return s.with("image", s.volume("image").withData(v, org.medbeam.core.DType.FLOAT32, s.volume("image").shape()));
    }
  }

  /** Two outputs per input. */
  static final class Twice implements MultiSampleTransform {
    private static final long serialVersionUID = 1L;

    @Override
    public List<Sample> applyMulti(Sample s, TransformContext c) {
      return List.of(s.withId(s.derivedId(0)), s.withId(s.derivedId(1)));
    }
  }

  static List<Sample> inputs(int n) {
    List<Sample> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(Sample.of("case-" + i, "image", Volume.of(new float[] {i, i + 1}, 1, 2)));
    }
    return l;
  }

  static final Compose CHAIN = Compose.of(new AddDraw(), new Twice(), new AddDraw());

  /** 50 image/label pairs of 1x12x10x8 with a labelled box, for the real random chain. */
  static List<Sample> pairs(int n) {
    List<Sample> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] img = new float[12 * 10 * 8];
      byte[] lab = new byte[img.length];
      for (int j = 0; j < img.length; j++) {
        img[j] = (j * 31 + i * 7) % 101;
        int x = j % 12;
        int y = (j / 12) % 10;
        lab[j] = (byte) (x > 3 && x < 9 && y > 2 && y < 7 ? 1 : 0);
      }
      l.add(Sample.of("case-" + i)
          .with("image", Volume.of(img, 1, 12, 10, 8))
          .with("label", Volume.wrap(lab, org.medbeam.core.DType.UINT8, new int[] {1, 12, 10, 8},
              org.medbeam.core.Affine.identity())));
    }
    return l;
  }

  /** MONAI random transforms of every kind: label-driven crops, flips, rotations, noise, affine. */
  static final String RANDOM_CHAIN =
      "[{\"_target_\": \"RandCropByPosNegLabeld\", \"keys\": [\"image\", \"label\"],"
          + " \"label_key\": \"label\", \"spatial_size\": [6, 6, 4], \"pos\": 1, \"neg\": 1, \"num_samples\": 2},"
          + " {\"_target_\": \"RandFlipd\", \"keys\": [\"image\", \"label\"], \"prob\": 0.5, \"spatial_axis\": 0},"
          + " {\"_target_\": \"RandRotate90d\", \"keys\": [\"image\", \"label\"], \"prob\": 0.5, \"max_k\": 3},"
          + " {\"_target_\": \"RandAffined\", \"keys\": [\"image\", \"label\"], \"prob\": 0.5,"
          + "  \"rotate_range\": [0.3, 0.3, 0.3], \"mode\": [\"bilinear\", \"nearest\"]},"
          + " {\"_target_\": \"RandGaussianNoised\", \"keys\": \"image\", \"prob\": 0.7, \"std\": 0.5}]";

  /** Runs the random chain on a runner and returns id → digest of every key's voxels. */
  static Map<String, String> run(PipelineOptions o, long seed) {
    Pipeline pipe = Pipeline.create(o);
    PCollection<Sample> out =
        pipe.apply(Create.of(pairs(50)))
            .apply(MedicalTransforms.apply(
                org.medbeam.transforms.config.ChainConfig.fromText(RANDOM_CHAIN)).withSeed(seed))
            .output();
    out.apply(org.apache.beam.sdk.transforms.ParDo.of(new Collect()));
    pipe.run().waitUntilFinish();
    Map<String, String> result = new TreeMap<>();
    synchronized (Collect.SEEN) {
      result.putAll(Collect.SEEN);
      Collect.SEEN.clear();
    }
    return result;
  }

  static final class Collect extends org.apache.beam.sdk.transforms.DoFn<Sample, Void> {
    private static final long serialVersionUID = 1L;
    static final Map<String, String> SEEN = new TreeMap<>();

    @ProcessElement
    public void process(@Element Sample s) throws Exception {
      byte[] bytes = org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(
          org.medbeam.core.SampleCoder.of(), s);
      String digest = java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
      synchronized (SEEN) {
        SEEN.put(s.id(), digest);
      }
    }
  }

  @Test
  public void failuresAreAnOutputAndTheRestGoesOn() {
    List<Sample> in = new ArrayList<>(inputs(3));
    in.add(Sample.of("bad", "image", Volume.of(new float[] {1}, 1, 1)));
    WithFailures.Result<PCollection<Sample>, Failure> r =
        p.apply(Create.of(in)).apply(MedicalTransforms.apply(CHAIN).withSeed(7));
    PAssert.that(r.output())
        .satisfies(
            s -> {
              int n = 0;
              for (Sample x : s) {
                assertTrue(x.id(), x.id().matches("case-\\d#[01]"));
                n++;
              }
              assertEquals(6, n);
              return null;
            });
    PAssert.that(r.failures())
        .satisfies(
            fs -> {
              Failure f = fs.iterator().next();
              assertEquals("bad", f.sampleId());
              assertEquals("transform", f.stage());
              assertTrue(f.message().contains("cannot handle"));
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void timingIsOptInAndRecordedOnEveryOutputOfAnInput() {
    PCollection<Sample> timed = p.apply("Timed", Create.of(inputs(2)))
        .apply("ApplyTimed", MedicalTransforms.apply(CHAIN).withTimingKey("chain_ms")).output();
    PCollection<Sample> plain = p.apply("Plain", Create.of(inputs(2)))
        .apply("ApplyPlain", MedicalTransforms.apply(CHAIN)).output();
    PAssert.that(timed).satisfies(samples -> {
      Map<String, Object> byInput = new TreeMap<>();
      for (Sample s : samples) {
        assertTrue(s.id(), s.get("chain_ms") instanceof Double);
        assertTrue(s.id(), (Double) s.get("chain_ms") >= 0);
        // both outputs of one input carry that input's one measurement
        Object prev = byInput.putIfAbsent(s.id().substring(0, s.id().indexOf('#')),
            s.get("chain_ms"));
        assertTrue(s.id(), prev == null || prev.equals(s.get("chain_ms")));
      }
      assertEquals(2, byInput.size());
      return null;
    });
    PAssert.that(plain).satisfies(samples -> {
      for (Sample s : samples) {
        assertTrue(s.id(), !s.has("chain_ms"));
      }
      return null;
    });
    p.run().waitUntilFinish();
    assertEquals("withTimingKey: the key must be a non-empty string",
        org.junit.Assert.assertThrows(IllegalArgumentException.class,
            () -> MedicalTransforms.apply(CHAIN).withTimingKey("")).getMessage());
  }

  @Test
  public void sameSeedSameOutputsOnEveryRunnerAndParallelism() {
    DirectOptions one = PipelineOptionsFactory.as(DirectOptions.class);
    one.setRunner(DirectRunner.class);
    one.setTargetParallelism(1);
    DirectOptions four = PipelineOptionsFactory.as(DirectOptions.class);
    four.setRunner(DirectRunner.class);
    four.setTargetParallelism(4);
    FlinkPipelineOptions flink = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
    flink.setRunner(FlinkRunner.class);
    flink.setFlinkMaster("[local]");
    flink.setParallelism(2);

    // bit-identical outputs (every voxel, affine, metadata and applied operation) per sample id
    Map<String, String> a = run(one, 11);
    assertEquals(100, a.size());
    assertEquals(a, run(four, 11));
    assertEquals(a, run(flink, 11));
    Map<String, String> other = run(one, 12);
    int same = 0;
    for (String id : a.keySet()) {
      same += a.get(id).equals(other.get(id)) ? 1 : 0;
    }
    assertTrue("a different seed changes nearly every sample, " + same + " of 100 equal", same < 5);
    // the two crops of one sample draw independently
    assertNotEquals(a.get("case-0#0"), a.get("case-0#1"));
  }
}
