package org.medbeam.workflows.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.model.DjlRuntime;
import org.medbeam.model.NetworkFolder;
import org.medbeam.model.losses.Losses;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.NamedParameters;
import org.medbeam.model.networks.Networks;
import org.medbeam.model.optimizers.PolynomialLR;
import org.medbeam.workflows.data.CacheDataset;
import org.medbeam.workflows.data.ChainSplit;
import org.medbeam.workflows.data.DataLoader;
import org.medbeam.workflows.train.handlers.CheckpointLoader;
import org.medbeam.workflows.train.handlers.CheckpointSaver;
import org.medbeam.workflows.train.handlers.EarlyStopHandler;
import org.medbeam.workflows.train.handlers.LrScheduleHandler;
import org.medbeam.transforms.Compose;

/**
 * MONAI's handlers on scripted engines: the evaluator's Dice follows a script (predictions with
 * k of the 8 class-1 voxels missing: Dice_1 = 2(8-k)/(16-k), class 2 exact, so val_mean_dice =
 * (Dice_1 + 1) / 2: k=6 → 0.7, k=4 → 0.8333, k=2 → 0.9286, k=0 → 1), the trainer's events
 * are fired by hand.
 */
class HandlersTest {
  @TempDir Path tmp;
  private final Model model = Model.newInstance("h", DjlRuntime.ENGINE);

  @AfterEach
  void close() {
    model.close();
  }

  static Map<String, Object> unet(int out) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_target_", "UNet");
    c.put("spatial_dims", 3);
    c.put("in_channels", 1);
    c.put("out_channels", out);
    c.put("channels", List.of(4, 8));
    c.put("strides", List.of(2));
    c.put("num_res_units", 1);
    return c;
  }

  MonaiModule net(int out) {
    MonaiModule n = Networks.create(unet(out));
    n.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 8, 8, 4));
    return n;
  }

  static Volume labels(int missing) {
    byte[] v = new byte[32];
    for (int i = 0; i < 16; i++) {
      v[i] = (byte) (i < 8 ? (i < 8 - missing ? 1 : 0) : 2);
    }
    return Volume.wrap(v, DType.UINT8, new int[] {1, 4, 4, 2}, Affine.identity());
  }

  /** An evaluator whose predictions follow a script of missing class-1 voxels. */
  final class Scripted extends Evaluator {
    final Deque<Integer> script;
    final MonaiModule network;

    Scripted(MonaiModule network, Integer... missing) {
      super(CacheDataset.of(List.of(Sample.of("c")), List.of(Sample.of("c")
              .with("image", Volume.of(new float[32], 1, 4, 4, 2)).with("label", labels(0))),
          ChainSplit.of(Compose.of()), 0), "image", "label", 3, 1);
      this.network = network;
      this.script = new ArrayDeque<>(List.of(missing));
    }

    @Override
    protected Volume predict(Volume image) {
      return labels(script.removeFirst());
    }

    @Override
    public MonaiModule network() {
      return network;
    }

    @Override
    public Map<String, Object> networkConfig() {
      return unet(2);
    }
  }

  /** A trainer whose epochs are fired by hand. */
  static final class Manual extends Workflow {
    final MonaiModule network;

    Manual(MonaiModule network) {
      this.network = network;
    }

    void epoch(int e) {
      state.epoch = e;
      state.iteration = 10L * e;
      fire(Events.EPOCH_STARTED);
      fire(Events.EPOCH_COMPLETED);
    }

    void complete() {
      fire(Events.COMPLETED);
    }

    @Override
    public MonaiModule network() {
      return network;
    }

    @Override
    public Map<String, Object> networkConfig() {
      return unet(2);
    }
  }

  @Test
  void checkpointSaverKeepsTheBestByKeyMetricTheFinalAndTheLastIntervals() throws Exception {
    MonaiModule n = net(2);
    Scripted ev = new Scripted(n, 6, 2, 4, 0);
    CheckpointSaver best = CheckpointSaver.to(tmp).saveKeyMetric(true);
    ev.attach(best);
    Manual trainer = new Manual(n);
    trainer.attach(CheckpointSaver.to(tmp).saveFinal(true).saveInterval(2, 1),
        new org.medbeam.workflows.train.handlers.ValidationHandler(ev, 1));
    for (int e = 1; e <= 4; e++) {
      trainer.epoch(e);
    }
    trainer.complete();
    assertEquals(List.of(1, 2, 4), best.bestEpochs());
    assertEquals(1.0, ev.state().bestMetric(), 1e-12);
    assertEquals(4, ev.state().bestMetricEpoch());
    JsonNode b = new ObjectMapper().readTree(tmp.resolve("best/network.json").toFile());
    assertEquals(4, b.get("epoch").asInt());
    assertEquals("val_mean_dice", b.get("key_metric").asText());
    assertEquals(1.0, b.get("key_metric_value").asDouble(), 1e-12);
    assertTrue(NetworkFolder.isFolder(tmp.resolve("final")));
    assertEquals(40, new ObjectMapper().readTree(tmp.resolve("final/network.json").toFile())
        .get("iteration").asInt());
    assertTrue(NetworkFolder.isFolder(tmp.resolve("epoch_4")));
    assertFalse(Files.exists(tmp.resolve("epoch_2")), "n_saved=1 keeps the last interval only");
  }

  @Test
  void earlyStoppingTerminatesAfterPatienceRunsWithoutImprovement() {
    MonaiModule n = net(2);
    Scripted ev = new Scripted(n, 6, 2, 2, 4, 0);
    Manual trainer = new Manual(n);
    EarlyStopHandler stop = new EarlyStopHandler(2, 0.0, trainer);
    ev.attach(stop);
    trainer.attach(new org.medbeam.workflows.train.handlers.ValidationHandler(ev, 1));
    int e = 0;
    while (!trainer.shouldTerminate() && e < 5) {
      trainer.epoch(++e);
    }
    // 0.7 → 0.929 (better) → 0.929 (not above best: 1) → 0.833 (2 = patience): stop
    assertEquals(4, e);
    assertEquals(4, stop.stoppedAt());
    assertEquals(2, stop.counter());
    assertEquals("patience must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> new EarlyStopHandler(0, 0, trainer)).getMessage());
  }

  SupervisedTrainer trainer(LearningRate lr) {
    CacheDataset one = CacheDataset.of(List.of(Sample.of("c")), List.of(Sample.of("c")
        .with("image", Volume.of(new float[256], 1, 8, 8, 4))
        .with("label", Volume.of(new float[256], 1, 8, 8, 4))), ChainSplit.of(Compose.of()), 0);
    return SupervisedTrainer.builder().network(net(2), unet(2))
        .loss(Losses.create(Map.of("_target_", "DiceLoss")))
        .optimizer(Optimizers.create(Map.of("_target_", "SGD", "lr", lr.base()), lr), lr)
        .trainLoader(DataLoader.of(one, "image", "label")).maxEpochs(5).build();
  }

  @Test
  void lrScheduleHandlerStepsLikePyTorchSchedulers() {
    LearningRate lr = LearningRate.of(0.1);
    try (SupervisedTrainer t = trainer(lr)) {
      // StepLR(step_size=2, gamma=0.5): 0.1, 0.1, 0.05, 0.05, 0.025 (lr * gamma^(epoch // 2))
      LrScheduleHandler h = new LrScheduleHandler(Optimizers.schedule(
          Map.of("_target_", "StepLR", "step_size", 2, "gamma", 0.5)), true);
      t.attach(h);
      assertEquals(0.1, lr.get());
      for (int e = 1; e <= 4; e++) {
        t.state.epoch = e;
        t.fire(Events.ITERATION_COMPLETED);
        t.fire(Events.EPOCH_COMPLETED);
      }
      assertEquals(List.of(0.1, 0.1, 0.05, 0.05, 0.025), h.history());
      assertEquals(0.025, lr.get(), 0);
    }
    LearningRate lr2 = LearningRate.of(0.1);
    try (SupervisedTrainer t = trainer(lr2)) {
      // iteration level, PolynomialLR(total_iters=4, power=1): 0.1 * (1 - min(i, 4) / 4)
      LrScheduleHandler h = new LrScheduleHandler(new PolynomialLR(4, 1), false);
      t.attach(h);
      for (int i = 0; i < 5; i++) {
        t.fire(Events.ITERATION_COMPLETED);
      }
      t.fire(Events.EPOCH_COMPLETED);
      List<Double> hist = h.history();
      double[] expected = {0.1, 0.075, 0.05, 0.025, 0.0, 0.0};
      assertEquals(expected.length, hist.size());
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], hist.get(i), 1e-15, "step " + i);
      }
    }
    assertEquals("LrScheduleHandler attaches to a SupervisedTrainer built with a LearningRate",
        assertThrows(IllegalArgumentException.class,
            () -> new LrScheduleHandler(new PolynomialLR(1, 1), true).attach(new Manual(net(2))))
            .getMessage());
  }

  @Test
  void checkpointLoaderSkipsMismatchedNamesAndShapesForTransferLearning() throws Exception {
    MonaiModule source = net(2);
    NetworkFolder.write(tmp.resolve("ckpt"), unet(2), source, Map.of());
    // a network with 3 output classes: the last layers' shapes differ
    MonaiModule target = net(3);
    Manual engine = new Manual(target);
    CheckpointLoader strict = new CheckpointLoader(tmp.resolve("ckpt"), true, true);
    engine.attach(strict);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> engine.fire(Events.STARTED));
    // the up path's transposed convolution (in 8 + 4 concatenated channels) and the last
    // residual unit change with out_channels
    assertTrue(e.getMessage().contains("size mismatch for [model.2.0.conv.weight: checkpoint "
        + "[12, 2, 3, 3, 3], network (12, 3, 3, 3, 3), model.2.0.conv.bias: checkpoint [2], "
        + "network (3), model.2.1.conv.unit0.conv.weight"), e.getMessage());
    assertTrue(e.getMessage().endsWith("set strict_shape=false to skip them"), e.getMessage());

    Manual engine2 = new Manual(target);
    CheckpointLoader loose = new CheckpointLoader(tmp.resolve("ckpt"), true, false);
    engine2.attach(loose);
    engine2.fire(Events.STARTED);
    Map<String, ai.djl.nn.Parameter> sp = NamedParameters.stateDict(source);
    Map<String, ai.djl.nn.Parameter> tp = NamedParameters.stateDict(target);
    int same = 0;
    for (String name : loose.loaded()) {
      assertTrue(sp.get(name).getArray().contentEquals(tp.get(name).getArray()), name);
      same++;
    }
    assertEquals(tp.size(), same + loose.skipped().size());
    assertEquals(4, loose.skipped().size(), loose.skipped().toString());
    for (String s : loose.skipped()) {
      assertTrue(s.contains("(shape "), s);
    }
  }
}
