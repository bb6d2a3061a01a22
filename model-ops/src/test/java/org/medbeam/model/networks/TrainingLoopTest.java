package org.medbeam.model.networks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.medbeam.model.losses.DiceCELoss;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.PReLU;
import org.medbeam.model.networks.layers.Sequential;
import org.medbeam.model.networks.nets.BasicUNet;
import org.medbeam.model.networks.nets.SegResNet;
import org.medbeam.model.networks.nets.UNet;
import org.medbeam.model.optimizers.Novograd;

/**
 * A tiny end-to-end training loop (2D UNet with batch norm and dropout, DiceCELoss, Novograd): with
 * the same seed two runs give bit-identical losses; native arrays do not accumulate from one step
 * to the next; the loss goes down.
 */
class TrainingLoopTest {
  private static final int STEPS = 6;
  private static final int N = 32;

  /** Losses of a run, plus the managed-array counts after each step. */
  private static float[][] run(int seed) {
    return run(
        seed,
        () ->
            UNet.builder(2, 1, 2, new int[] {4, 8, 16}, new int[] {2, 2})
                .numResUnits(1)
                .norm(LayerSpec.of("batch"))
                .dropout(0.1)
                .build(),
        Novograd.builder().lr(0.05).build());
  }

  private static float[][] run(int seed, Supplier<MonaiModule> factory, Novograd optimizer) {
    Engine engine = DjlTesting.engine();
    engine.setRandomSeed(seed);
    float[] losses = new float[STEPS];
    float[] arrays = new float[STEPS];
    try (Model model = Model.newInstance("net", "PyTorch");
        Novograd opt = optimizer) {
      model.setBlock(factory.get());
      DiceCELoss loss = DiceCELoss.builder().toOnehotY(true).softmax(true).build();
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(opt))) {
        trainer.initialize(new Shape(2, 1, N, N));
        Random rnd = new Random(seed);
        float[] img = new float[2 * N * N];
        float[] lab = new float[2 * N * N];
        for (int i = 0; i < img.length; i++) {
          int x = i % N;
          int y = (i / N) % N;
          boolean inside = (x - N / 2) * (x - N / 2) + (y - N / 2) * (y - N / 2) < N * N / 12;
          lab[i] = inside ? 1 : 0;
          img[i] = (inside ? 1f : 0f) + 0.3f * (float) rnd.nextGaussian();
        }
        for (int s = 0; s < STEPS; s++) {
          try (NDManager step = trainer.getManager().newSubManager()) {
            NDArray x = step.create(img, new Shape(2, 1, N, N));
            NDArray y = step.create(lab, new Shape(2, 1, N, N));
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDList pred = trainer.forward(new NDList(x), new NDList(y));
              NDArray l = trainer.getLoss().evaluate(new NDList(y), pred);
              losses[s] = l.getFloat();
              gc.backward(l);
            }
            trainer.step();
          }
          arrays[s] = model.getNDManager().getManagedArrays().size();
        }
      }
    }
    return new float[][] {losses, arrays};
  }

  @Test
  void deterministicLeakFreeAndLearning() {
    float[][] a = run(1234);
    float[][] b = run(1234);
    assertArrayEquals(a[0], b[0], 0f, "same seed, same losses bit for bit");
    // After the first step (optimizer state created) nothing more is left behind per step.
    assertTrue(a[1][1] > 0, "parameters are counted");
    for (int s = 2; s < STEPS; s++) {
      assertEquals(a[1][1], a[1][s], "managed arrays after step " + s + " vs step 1");
    }
    assertTrue(a[0][STEPS - 1] < a[0][0], "loss decreased: " + a[0][0] + " -> " + a[0][STEPS - 1]);
    float[][] c = run(99);
    assertTrue(c[0][0] != a[0][0], "another seed gives another initialisation");
  }

  /**
   * The other parameter-derived code paths (instance norm with affine, group norm, PReLU per
   * channel, stride-equals-kernel transposed convolution, interpolation, Novograd with decay and
   * AMSGrad) leave nothing behind either.
   */
  @Test
  void otherNetworksDoNotLeak() {
    List<Supplier<MonaiModule>> nets =
        List.of(
            () -> BasicUNet.builder().spatialDims(2).features(4, 4, 8, 8, 16, 4).build(),
            () ->
                SegResNet.builder()
                    .spatialDims(2)
                    .initFilters(4)
                    .norm(LayerSpec.of("group", java.util.Map.of("num_groups", 2)))
                    .blocksDown(1, 1, 1)
                    .blocksUp(1, 1)
                    .build(),
            () ->
                new Sequential(
                    Conv.conv(2, 1, 4).kernelSize(3).padding(1).build(),
                    new PReLU(4, 0.25),
                    Conv.conv(2, 4, 2).kernelSize(1).build()),
            () ->
                UNet.builder(2, 1, 2, new int[] {4, 8}, new int[] {2})
                    .norm(LayerSpec.of("instance", java.util.Map.of("affine", true)))
                    .build());
    for (Supplier<MonaiModule> f : nets) {
      float[][] r = run(7, f, Novograd.builder().lr(0.01).weightDecay(1e-3).amsgrad(true).build());
      for (int s = 2; s < STEPS; s++) {
        assertEquals(r[1][1], r[1][s], f.get() + ": managed arrays after step " + s);
      }
    }
  }
}
