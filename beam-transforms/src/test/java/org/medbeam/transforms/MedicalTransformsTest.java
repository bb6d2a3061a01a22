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

  /** Runs the chain on a runner and returns id → first voxel. */
  static Map<String, Float> run(PipelineOptions o, long seed) {
    Pipeline pipe = Pipeline.create(o);
    PCollection<Sample> out =
        pipe.apply(Create.of(inputs(50)))
            .apply(MedicalTransforms.apply(CHAIN).withSeed(seed))
            .output();
    Map<String, Float> result = new TreeMap<>();
    out.apply(org.apache.beam.sdk.transforms.ParDo.of(new Collect()));
    pipe.run().waitUntilFinish();
    synchronized (Collect.SEEN) {
      result.putAll(Collect.SEEN);
      Collect.SEEN.clear();
    }
    return result;
  }

  static final class Collect extends org.apache.beam.sdk.transforms.DoFn<Sample, Void> {
    private static final long serialVersionUID = 1L;
    static final Map<String, Float> SEEN = new TreeMap<>();

    @ProcessElement
    public void process(@Element Sample s) {
      synchronized (SEEN) {
        SEEN.put(s.id(), s.volume("image").floats()[0]);
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

    Map<String, Float> a = run(one, 11);
    assertEquals(100, a.size());
    assertEquals(a, run(four, 11));
    assertEquals(a, run(flink, 11));
    Map<String, Float> other = run(one, 12);
    assertNotEquals(a, other);
    // derived samples draw independently
    assertNotEquals(a.get("case-0#0"), a.get("case-0#1"));
  }
}
