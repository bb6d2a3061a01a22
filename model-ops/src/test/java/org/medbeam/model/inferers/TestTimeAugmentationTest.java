package org.medbeam.model.inferers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;

class TestTimeAugmentationTest {
  private static final Compose FLIPS = ChainConfig.fromText(
      "[{\"_target_\": \"RandFlipd\", \"keys\": \"image\", \"prob\": 0.5, \"spatial_axis\": 0},"
          + " {\"_target_\": \"RandRotate90d\", \"keys\": \"image\", \"prob\": 0.5, \"max_k\": 3,"
          + "  \"spatial_axes\": [0, 1]}]");

  static Volume ramp() {
    float[] d = new float[6 * 6 * 3];
    for (int i = 0; i < d.length; i++) {
      d[i] = 1 + (i % 7);
    }
    return Volume.of(d, 1, 6, 6, 3);
  }

  /** Gives a constant per batch: the first voxel of the window, so flips change the output. */
  static final class FirstVoxel implements Network {
    @Override
    public NetworkOutput forward(ByteBuffer batch, int[] shape) {
      FloatBuffer f = batch.order(ByteOrder.nativeOrder()).asFloatBuffer();
      float[] v = new float[f.remaining()];
      java.util.Arrays.fill(v, f.get(0));
      return NetworkOutput.of(new float[][] {v}, new int[][] {shape.clone()});
    }
  }

  @Test
  void anEquivariantNetworkGivesZeroSpreadAndMonaisVvc() {
    Volume in = ramp();
    TestTimeAugmentation tta =
        TestTimeAugmentation.of(FLIPS, SimpleInferer.create()).withNumExamples(8);
    TestTimeAugmentation.Result r = tta.apply(Sample.of("c", "image", in),
        new SlidingWindowInfererTest.Identity(), TransformContext.of(3));
    // identity network: every realization inverts back to the input exactly
    assertArrayEquals(in.floats(), r.mean.floats());
    assertArrayEquals(in.floats(), r.mode.floats());
    for (float s : r.std.floats()) {
      assertEquals(0f, s);
    }
    // vvc = std / mean over all 8 copies of the input (torch.std, unbiased), by hand
    double sum = 0;
    double sq = 0;
    for (float v : in.floats()) {
      sum += 8 * v;
      sq += 8.0 * v * v;
    }
    long n = 8L * in.size();
    double mean = sum / n;
    double std = Math.sqrt((sq - n * mean * mean) / (n - 1));
    assertEquals(std / mean, r.vvc, 1e-12);
    assertArrayEquals(in.shape(), r.mode.shape());
  }

  @Test
  void aPositionDependentNetworkShowsSpreadAndTheMode() {
    Volume in = ramp();
    TestTimeAugmentation.Result r = TestTimeAugmentation.of(FLIPS, SimpleInferer.create())
        .withNumExamples(10)
        .apply(Sample.of("c", "image", in), new FirstVoxel(), TransformContext.of(5));
    // each realization predicts one constant (the corner voxel it saw); the corners differ
    float m = r.mean.floats()[0];
    for (float v : r.mean.floats()) {
      assertEquals(m, v, 1e-5);
    }
    assertTrue(r.std.floats()[0] > 0, "different corners, different constants");
    assertEquals(TestTimeAugmentation.modeOf(new float[] {3, 1, 3, 1, 2}), 1f);
  }

  @Test
  void reproducibleFromTheSeedAndValidated() {
    Volume in = ramp();
    TestTimeAugmentation tta = TestTimeAugmentation.of(FLIPS, SimpleInferer.create());
    float a = tta.apply(Sample.of("c", "image", in), new FirstVoxel(), TransformContext.of(9)).mean.floats()[0];
    float b = tta.apply(Sample.of("c", "image", in), new FirstVoxel(), TransformContext.of(9)).mean.floats()[0];
    assertEquals(a, b);
    assertThrows(IllegalArgumentException.class, () -> tta.withNumExamples(1));
  }
}
