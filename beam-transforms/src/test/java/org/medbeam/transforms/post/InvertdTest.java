package org.medbeam.transforms.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;

class InvertdTest {
  /** A 1x10x8x6 label map (a box of 2s in a box of 1s) in an LPS-ish oblique-free grid. */
  static Volume labels() {
    byte[] d = new byte[10 * 8 * 6];
    for (int z = 0; z < 6; z++) {
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 10; x++) {
          int v = (x >= 2 && x < 8 && y >= 1 && y < 7 && z >= 1 && z < 5) ? 1 : 0;
          if (x >= 4 && x < 6 && y >= 3 && y < 5 && z >= 2 && z < 4) {
            v = 2;
          }
          d[x + 10 * (y + 8 * z)] = (byte) v;
        }
      }
    }
    Affine lps = Affine.of(-1.5, 0, 0, 30, 0, -1.2, 0, 40, 0, 0, 2.0, -10, 0, 0, 0, 1);
    return Volume.wrap(d, DType.UINT8, new int[] {1, 10, 8, 6}, lps);
  }

  private static final String PRE =
      "[{\"_target_\": \"Orientationd\", \"keys\": \"image\", \"axcodes\": \"RAS\"},"
          + " {\"_target_\": \"Spacingd\", \"keys\": \"image\", \"pixdim\": [1.0, 1.0, 1.0], \"mode\": \"nearest\"},"
          + " {\"_target_\": \"SpatialPadd\", \"keys\": \"image\", \"spatial_size\": [20, 16, 14]},"
          + " {\"_target_\": \"CenterSpatialCropd\", \"keys\": \"image\", \"roi_size\": [14, 12, 12]}]";

  @Test
  void predictionReturnsToTheOriginalGrid() {
    Volume original = labels();
    Compose pre = ChainConfig.fromText(PRE);
    Sample s = pre.apply(Sample.of("case", "image", original), TransformContext.of(0));
    Volume image = s.volume("image");
    assertEquals(4, image.appliedOperations().size());
    // a "model" that predicts the preprocessed image itself, on its grid
    Sample withPred = s.with("pred", image.withAppliedOperations(List.of()));
    Sample inverted =
        ChainConfig.fromText("[{\"_target_\": \"Invertd\", \"keys\": \"pred\", \"orig_keys\": \"image\"}]")
            .apply(withPred, TransformContext.of(0));
    Volume pred = inverted.volume("pred");
    assertArrayEquals(original.shape(), pred.shape());
    assertTrue(pred.affine().almostEquals(original.affine(), 1e-9), pred.affine().toString());
    assertEquals(0, pred.appliedOperations().size());
    // nearest interpolation and whole-voxel spacing changes: labels come back exactly where the
    // crop kept them (the crop drops part of the padded grid, never the labelled box)
    for (int i = 0; i < original.size(); i++) {
      assertEquals(original.getDouble(i), pred.getDouble(i), 0, "voxel " + i);
    }
  }

  @Test
  void transformArgumentIsExplained() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChainConfig.fromText(
                "[{\"_target_\": \"Invertd\", \"keys\": \"pred\", \"transform\": \"pre\"}]"));
    assertTrue(e.getMessage().contains("orig_keys"), e.getMessage());
  }

  @Test
  void lazyComposeFromConfig() {
    Compose c = ChainConfig.fromText("{\"_target_\": \"Compose\", \"lazy\": true, \"transforms\": " + PRE + "}");
    assertTrue(c.lazy());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class,
            () -> ChainConfig.fromText("{\"_target_\": \"Compose\", \"map_items\": true, \"transforms\": []}"));
    assertTrue(e.getMessage().contains("map_items"), e.getMessage());
  }
}
