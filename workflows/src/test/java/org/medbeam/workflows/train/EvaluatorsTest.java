package org.medbeam.workflows.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Volume;
import org.medbeam.model.DjlRuntime;
import org.medbeam.model.inferers.SlidingWindowInferer;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.Networks;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.workflows.data.CacheDataset;
import org.medbeam.workflows.data.ChainSplit;
import org.medbeam.workflows.data.TestData;

/** Sliding-window validation and ensembles agree with each other where they must. */
class EvaluatorsTest {
  @TempDir Path tmp;

  @Test
  void ensemblesOfOneNetworkEqualItAndVoteFollowsTheMajority() throws Exception {
    CacheDataset val = CacheDataset.compute(TestData.niftiItems(tmp, 13, 2, 24),
        ChainSplit.fromConfig(ChainConfig.parse("["
            + "{\"_target_\": \"ScaleIntensityRanged\", \"keys\": \"image\", \"a_min\": -200,"
            + " \"a_max\": 250, \"b_min\": 0.0, \"b_max\": 1.0}]"), "v"),
        List.of("image", "label"), 0, 1, null);
    SlidingWindowInferer sw = SlidingWindowInferer.of(16, 16, 8).withSwBatchSize(2);
    try (Model m = Model.newInstance("e", DjlRuntime.ENGINE)) {
      MonaiModule a = net(m, 1);
      MonaiModule b = net(m, 2);
      SupervisedEvaluator single = new SupervisedEvaluator(a, HandlersTest.unet(3),
          m.getNDManager(), val, sw, "image", "label", 3, 2);
      single.run(1);
      for (String mode : List.of("mean", "vote")) {
        EnsembleEvaluator same = new EnsembleEvaluator(List.of(a, a, a), m.getNDManager(), val,
            sw, mode, "image", "label", 3, 2);
        same.run(1);
        assertEquals(single.state().metrics(), same.state().metrics(), mode);
      }
      EnsembleEvaluator majority = new EnsembleEvaluator(List.of(a, b, a), m.getNDManager(), val,
          sw, "vote", "image", "label", 3, 2);
      majority.run(1);
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(single.cases().get(i).dice, majority.cases().get(i).dice, 0);
      }
      assertEquals(2, single.cases().size());
      assertEquals(single.state().metrics().get("val_mean_dice"), single.state().bestMetric());
      assertEquals("ensemble mode must be \"mean\" or \"vote\", got \"max\"",
          assertThrows(IllegalArgumentException.class, () -> new EnsembleEvaluator(List.of(a),
              m.getNDManager(), val, sw, "max", "image", "label", 3, 1)).getMessage());
    }
  }

  static MonaiModule net(Model m, int seed) {
    Engine.getEngine(DjlRuntime.ENGINE).setRandomSeed(seed);
    MonaiModule n = Networks.create(HandlersTest.unet(3));
    n.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 16, 16, 8));
    return n;
  }

  @Test
  void argmaxTakesTheFirstMaximum() {
    // (C=3, 2 voxels): voxel 0 ties classes 1 and 2 → 1; voxel 1 → 0
    Volume logits = Volume.of(new float[] {0, 5, 2, 1, 2, 1}, 3, 2, 1);
    assertArrayEquals(new byte[] {1, 0}, Evaluator.argmax(logits).bytes());
  }
}
