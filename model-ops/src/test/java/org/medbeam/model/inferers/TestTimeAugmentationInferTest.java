package org.medbeam.model.inferers;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

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
import org.medbeam.transforms.config.ChainConfig;

public class TestTimeAugmentationInferTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void writesModeMeanStdAndVvcOnTheInputGrid() {
    float[] d = new float[10 * 9 * 8];
    for (int i = 0; i < d.length; i++) {
      d[i] = (i * 13 % 29) / 29f;
    }
    Sample s = Sample.of("case", "image", Volume.of(d, 1, 10, 9, 8));
    WithFailures.Result<PCollection<Sample>, Failure> r = p.apply(Create.of(s))
        .apply(SlidingWindowInfer.of(SlidingWindowInferPipelineTest.TINY).withRoiSize(8, 8, 8)
            .withTestTimeAugmentation(ChainConfig.fromText(
                "[{\"_target_\": \"RandFlipd\", \"keys\": \"image\", \"prob\": 0.5,"
                    + " \"spatial_axis\": [0, 1]}]"), 4)
            .withSeed(1));
    PAssert.that(r.output()).satisfies(out -> {
      Sample o = out.iterator().next();
      Volume mean = o.volume("pred_mean");
      assertArrayEquals(new int[] {10, 9, 8}, mean.spatialShape());
      assertEquals(mean.shape()[0], o.volume("pred").shape()[0]);
      assertEquals(mean.shape()[0], o.volume("pred_std").shape()[0]);
      double vvc = (Double) o.get("pred_vvc");
      assertTrue("vvc " + vvc, Double.isFinite(vvc));
      return null;
    });
    PAssert.that(r.failures()).empty();
    p.run().waitUntilFinish();
  }
}
