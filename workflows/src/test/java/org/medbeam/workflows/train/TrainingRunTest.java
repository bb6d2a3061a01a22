package org.medbeam.workflows.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Failure;
import org.medbeam.model.NetworkFolder;
import org.medbeam.workflows.data.TestData;

/**
 * Seeded training is bit-identical run to run on the CPU; the run's outputs; the Beam path
 * (caching pipeline + training on one worker).
 */
class TrainingRunTest {
  @TempDir Path tmp;

  static Train.Outcome train(Path config, Path out, Map<String, Object> overrides)
      throws Exception {
    return Train.runLocally(TrainConfig.load(config.toString(), overrides), out.toString(),
        TestData.direct(), new PrintWriter(new StringWriter()));
  }

  @Test
  void twoSeededRunsWriteIdenticalLogsAnotherSeedDoesNot() throws Exception {
    Path cfg = TinyTraining.write(tmp, 4, 2, 3, "");
    Train.Outcome a = train(cfg, tmp.resolve("a"), Map.of());
    Train.Outcome b = train(cfg, tmp.resolve("b"), Map.of("cache", "memory"));
    Train.Outcome c = train(cfg, tmp.resolve("c"), Map.of("seed", 8));
    String logA = Files.readString(tmp.resolve("a/training_log.csv"));
    String[] lines = logA.split("\n");
    assertEquals("epoch,iteration,loss,lr,val_mean_dice,val_dice_1,val_dice_2", lines[0]);
    assertEquals(4, lines.length, logA);
    // PolynomialLR(total_iters=3, power=1) on lr 0.01: 0.01 * (1 - e/3) for epoch e = 0, 1, 2
    assertEquals("0.01", lines[1].split(",")[3]);
    assertEquals(0.01 * 2 / 3, Double.parseDouble(lines[2].split(",")[3]), 1e-9);
    assertEquals(logA, Files.readString(tmp.resolve("b/training_log.csv")),
        "same seed, persistent or memory cache: the same log to the last digit");
    assertNotEquals(logA, Files.readString(tmp.resolve("c/training_log.csv")));
    assertEquals(3, a.result.epochs);
    assertEquals(6, a.result.iterations, "2 batches of 2 items per epoch");
    assertTrue(a.result.bestMetricEpoch >= 1, a.result.toJson());
    assertEquals(List.of(), a.failures);

    Path out = tmp.resolve("a");
    assertTrue(NetworkFolder.isFolder(out.resolve("model")));
    assertTrue(NetworkFolder.isFolder(out.resolve("checkpoints/best")));
    assertTrue(NetworkFolder.isFolder(out.resolve("checkpoints/final")));
    assertTrue(Files.readString(out.resolve("model/network.json")).contains("key_metric_value"),
        "the model is the best checkpoint");
    BufferedImage png = ImageIO.read(out.resolve("curves.png").toFile());
    assertEquals(1000, png.getWidth());
    assertEquals(4, Files.readAllLines(out.resolve("training_times.csv")).size());
    assertTrue(Files.readString(out.resolve("validation/metrics.csv")).startsWith("mean_dice,"));
    assertEquals(a.result.toJson(), Files.readString(out.resolve("summary.json")).strip());
    // the cache is reused by the next run with the same inputs and prefix
    StringWriter log = new StringWriter();
    Train.runLocally(TrainConfig.load(cfg.toString(), Map.of("epochs", 1,
        "cache_dir", out.resolve("cache").toString())), tmp.resolve("d").toString(),
        TestData.direct(), new PrintWriter(log));
    assertTrue(log.toString().contains("from the cache (reused "), log.toString());
  }

  @Test
  void beamTransformCachesThenTrainsOnOneWorker() throws Exception {
    Path cfgFile = TinyTraining.write(tmp, 2, 1, 1, "");
    // a datalist item that cannot be read becomes a failure, the others train
    String dl = Files.readString(tmp.resolve("datalist.json")).replace("\"training\": [",
        "\"training\": [{\"image\": \"data/missing.nii.gz\", \"label\": \"data/x.nii.gz\"}, ");
    Files.writeString(tmp.resolve("datalist.json"), dl);
    TrainConfig cfg = TrainConfig.load(cfgFile.toString());
    assertEquals(3, cfg.training().size());
    Pipeline p = Pipeline.create(TestData.direct());
    WithFailures.Result<PCollection<String>, Failure> r =
        p.apply(Train.of(cfg).to(tmp.resolve("out").toString()));
    PAssert.that(r.failures()).satisfies(fs -> {
      int n = 0;
      for (Failure f : fs) {
        assertEquals("data/missing.nii.gz", f.sampleId());
        assertEquals("cache", f.stage());
        n++;
      }
      assertEquals(1, n);
      return null;
    });
    PAssert.that(r.output()).satisfies(rows -> {
      int n = 0;
      for (String row : rows) {
        TrainResult t = TrainResult.fromJson(row);
        assertEquals(2, t.trainItems);
        assertEquals(1, t.epochs);
        n++;
      }
      assertEquals(1, n);
      return null;
    });
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());
    assertTrue(NetworkFolder.isFolder(tmp.resolve("out/model")));
    assertArrayEquals(new String[] {"epoch", "iteration", "loss", "lr", "val_mean_dice",
        "val_dice_1", "val_dice_2"},
        Files.readAllLines(tmp.resolve("out/training_log.csv")).get(0).split(","));
  }
}
