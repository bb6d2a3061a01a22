package org.medbeam.model.inferers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Volume;

class SimpleInfererTest {
  @Test
  void spatialOutputsBecomeVolumesOthersArrays() {
    Volume in = SlidingWindowInfererTest.coded(2, 3, 4, 5);
    Network net =
        (batch, shape) -> {
          assertArrayEquals(new int[] {1, 2, 3, 4, 5}, shape);
          FloatBuffer f = batch.order(ByteOrder.nativeOrder()).asFloatBuffer();
          float[] v = new float[f.remaining()];
          f.get(v);
          // C order: z fastest
          assertEquals(10_000f, v[1] - v[0]);
          return NetworkOutput.of(new float[][] {v, {0.25f, 0.75f}},
              new int[][] {shape, {1, 2}});
        };
    List<InferenceOutput> out = SimpleInferer.create().infer(in, net);
    assertEquals(2, out.size());
    assertTrue(out.get(0).isVolume());
    assertTrue(out.get(0).volume().sameVoxels(in));
    assertFalse(out.get(1).isVolume());
    assertArrayEquals(new int[] {2}, out.get(1).shape());
    assertArrayEquals(new float[] {0.25f, 0.75f}, out.get(1).values());
  }
}
