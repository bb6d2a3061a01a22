package org.medbeam.workflows.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.workflows.data.TestData;

/** A training job small enough for unit tests: 24-voxel cases, a two-level UNet, seconds. */
final class TinyTraining {
  private TinyTraining() {}

  /** Writes cases and {@code train.json} (datalist inline) into {@code dir}; returns the config. */
  static Path write(Path dir, int train, int val, int epochs, String extra) throws IOException {
    List<Sample> items = TestData.niftiItems(dir.resolve("data"), 21, train + val, 24);
    StringBuilder dl = new StringBuilder("{\"training\": [");
    for (int i = 0; i < items.size(); i++) {
      if (i == train) {
        dl.append("], \"validation\": [");
      } else if (i > 0) {
        dl.append(", ");
      }
      dl.append("{\"image\": \"data/").append(Path.of(items.get(i).getString("image"))
          .getFileName()).append("\", \"label\": \"data/")
          .append(Path.of(items.get(i).getString("label")).getFileName()).append("\"}");
    }
    dl.append("]}");
    Files.writeString(dir.resolve("datalist.json"), dl.toString());
    String config = "{\"datalist\": \"datalist.json\", \"num_classes\": 3,"
        + "\"train_transforms\": " + TestData.chainJson(1.5) + ","
        + "\"val_transforms\": " + TestData.chainJson(1.5).replaceAll(
            ",\\{\"_target_\": \"Rand[^}]*\\}", "").replaceAll(
            ",\\{\"_target_\": \"SpatialPadd\"[^}]*\\}", "") + ","
        + "\"network\": {\"_target_\": \"UNet\", \"spatial_dims\": 3, \"in_channels\": 1,"
        + " \"out_channels\": 3, \"channels\": [4, 8], \"strides\": [2], \"num_res_units\": 1},"
        + "\"loss\": {\"_target_\": \"DiceCELoss\", \"to_onehot_y\": true, \"softmax\": true},"
        + "\"optimizer\": {\"_target_\": \"Adam\", \"lr\": 0.01},"
        + "\"lr_scheduler\": {\"_target_\": \"PolynomialLR\", \"total_iters\": " + epochs + "},"
        + "\"inferer\": {\"_target_\": \"SlidingWindowInferer\", \"roi_size\": [16, 16, 8],"
        + " \"sw_batch_size\": 2},"
        + "\"epochs\": " + epochs + ", \"batch_size\": 2, \"val_interval\": 1, \"seed\": 7,"
        + " \"num_workers\": 1, \"threads\": 2" + extra + "}";
    Path cfg = dir.resolve("train.json");
    Files.writeString(cfg, config);
    return cfg;
  }
}
