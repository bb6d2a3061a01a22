package org.medbeam.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Sample;
import org.medbeam.workflows.data.TestData;

/** {@code medbeam train}, {@code evaluate} and {@code infer --model=<train output>} in seconds. */
class TrainEvaluateCommandTest {
  @TempDir Path tmp;

  static final String INFERENCE = "{\"image_key\": \"image\", \"pred_key\": \"pred\","
      + " \"preprocessing\": {\"_target_\": \"Compose\", \"lazy\": true, \"transforms\": ["
      + "{\"_target_\": \"Orientationd\", \"keys\": \"image\", \"axcodes\": \"RAS\"},"
      + "{\"_target_\": \"Spacingd\", \"keys\": \"image\", \"pixdim\": [1.5, 1.5, 2.0]},"
      + "{\"_target_\": \"ScaleIntensityRanged\", \"keys\": \"image\", \"a_min\": -200,"
      + " \"a_max\": 250, \"b_min\": 0.0, \"b_max\": 1.0, \"clip\": true}]},"
      + " \"inferer\": {\"_target_\": \"SlidingWindowInferer\", \"roi_size\": [16, 16, 8]},"
      + " \"postprocessing\": [{\"_target_\": \"Activationsd\", \"keys\": \"pred\","
      + " \"softmax\": true}, {\"_target_\": \"AsDiscreted\", \"keys\": \"pred\","
      + " \"argmax\": true}, {\"_target_\": \"Invertd\", \"keys\": \"pred\","
      + " \"orig_keys\": \"image\", \"nearest_interp\": true}]}";

  Path config() throws Exception {
    List<Sample> items = TestData.niftiItems(tmp.resolve("data"), 21, 4, 24);
    StringBuilder dl = new StringBuilder("{\"training\": [");
    for (int i = 0; i < 4; i++) {
      dl.append(i == 3 ? "], \"validation\": [" : i > 0 ? ", " : "")
          .append("{\"image\": \"data/case00").append(i).append("_img.nii.gz\", \"label\": ")
          .append("\"data/case00").append(i).append("_seg.nii.gz\"}");
    }
    Files.writeString(tmp.resolve("datalist.json"), dl.append("]}").toString());
    String cfg = "{\"datalist\": \"datalist.json\", \"num_classes\": 3,"
        + "\"train_transforms\": " + TestData.chainJson(1.5) + ","
        + "\"val_transforms\": [{\"_target_\": \"Orientationd\", \"keys\": [\"image\", \"label\"],"
        + " \"axcodes\": \"RAS\"}, {\"_target_\": \"Spacingd\", \"keys\": [\"image\", \"label\"],"
        + " \"pixdim\": [1.5, 1.5, 2.0], \"mode\": [\"bilinear\", \"nearest\"]},"
        + " {\"_target_\": \"ScaleIntensityRanged\", \"keys\": \"image\", \"a_min\": -200,"
        + " \"a_max\": 250, \"b_min\": 0.0, \"b_max\": 1.0, \"clip\": true}],"
        + "\"network\": {\"_target_\": \"UNet\", \"spatial_dims\": 3, \"in_channels\": 1,"
        + " \"out_channels\": 3, \"channels\": [4, 8], \"strides\": [2], \"num_res_units\": 1},"
        + "\"loss\": {\"_target_\": \"DiceCELoss\", \"to_onehot_y\": true, \"softmax\": true},"
        + "\"optimizer\": {\"_target_\": \"Novograd\", \"lr\": 0.01},"
        + "\"inferer\": {\"_target_\": \"SlidingWindowInferer\", \"roi_size\": [16, 16, 8]},"
        + "\"epochs\": 5, \"batch_size\": 2, \"val_interval\": 1, \"seed\": 3, \"threads\": 2,"
        + "\"inference\": " + INFERENCE + "}";
    Path p = tmp.resolve("train.json");
    Files.writeString(p, cfg);
    return p;
  }

  @Test
  void trainThenEvaluateThenInferWithTheTrainedModel() throws Exception {
    Path cfg = config();
    Path out = tmp.resolve("run");
    CliRunner t = CliRunner.run("train", "--config", cfg.toString(), "--output", out.toString(),
        "--epochs", "2");
    assertEquals(0, t.exitCode, t.err);
    JsonNode summary = new ObjectMapper().readTree(t.out.strip());
    assertEquals(2, summary.get("epochs").asInt());
    assertEquals(3, summary.get("train_items").asInt());
    assertEquals(1, summary.get("val_items").asInt());
    assertTrue(t.err.contains("Epoch[2/2] complete"), t.err);
    assertTrue(t.err.contains("validation -- val_mean_dice:"), t.err);
    assertEquals("", Files.readString(out.resolve("failures.jsonl")));
    assertTrue(Files.isRegularFile(out.resolve("model/inference.json")));
    assertEquals(3, Files.readAllLines(out.resolve("training_log.csv")).size());

    Path ev = tmp.resolve("eval");
    CliRunner e = CliRunner.run("evaluate", "--model", out.resolve("model").toString(),
        "--datalist", tmp.resolve("datalist.json").toString(), "--section", "training",
        "--output", ev.toString(), "--num-classes", "3");
    assertEquals(0, e.exitCode, e.err);
    assertTrue(e.out.startsWith("dice,"), e.out);
    assertTrue(e.err.contains("3 scored, 0 failed"), e.err);
    List<String> raw = Files.readAllLines(ev.resolve("dice_raw.csv"));
    assertEquals("filename,class0,class1,mean", raw.get(0));
    assertEquals(4, raw.size(), "3 training cases, labels 1 and 2");

    // infer takes the folder; its inference.json is the default config
    Path inferOut = tmp.resolve("infer");
    CliRunner i = CliRunner.run("infer", "--input=" + tmp.resolve("data") + "/case003_img.nii.gz",
        "--model=" + out.resolve("model"), "--output=" + inferOut, "--progress=false");
    assertEquals(0, i.exitCode, i.err);
    assertTrue(i.err.contains("config " + out.resolve("model/inference.json")), i.err);
    try (Stream<Path> masks = Files.list(inferOut.resolve("masks"))) {
      assertEquals(1, masks.count());
    }
  }

  @Test
  void configErrorsAreOneLine() throws Exception {
    Path cfg = tmp.resolve("bad.json");
    Files.writeString(cfg, "{\"datalist\": {\"training\": []}, \"num_classes\": 3,"
        + " \"train_transforms\": [], \"network\": {\"_target_\": \"UNet\"}, \"loss\": {},"
        + " \"optimizer\": {}, \"epochs\": 1, \"epoch\": 2}");
    CliRunner r = CliRunner.run("train", "--config", cfg.toString(), "--output",
        tmp.resolve("o").toString());
    assertEquals(1, r.exitCode);
    assertTrue(r.err.startsWith("medbeam: train config " + cfg
        + ": unknown argument [epoch]; accepted: batch_size, cache, cache_dir, "), r.err);
    assertEquals(1, r.err.strip().lines().filter(l -> l.startsWith("medbeam:")).count(), r.err);
    CliRunner help = CliRunner.run("train", "--help");
    assertEquals(0, help.exitCode);
    assertTrue(help.out.contains("--config"), help.out);
    CliRunner demoHelp = CliRunner.run("demo", "--help");
    assertTrue(demoHelp.out.contains("--bundle"), demoHelp.out);
  }
}
