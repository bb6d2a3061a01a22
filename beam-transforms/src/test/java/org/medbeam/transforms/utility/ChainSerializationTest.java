package org.medbeam.transforms.utility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;

/**
 * A chain of this module's dictionary transforms, loaded from config, survives Java serialization
 * (what Beam does to ship it to workers) and gives the same samples afterwards.
 */
class ChainSerializationTest {
  private static final String CHAIN =
      "[{\"_target_\": \"EnsureChannelFirstd\", \"keys\": [\"image\", \"label\"],"
          + " \"channel_dim\": \"no_channel\"},"
          + "{\"_target_\": \"ScaleIntensityRanged\", \"keys\": \"image\", \"a_min\": -100,"
          + " \"a_max\": 200, \"b_min\": 0.0, \"b_max\": 1.0, \"clip\": true},"
          + "{\"_target_\": \"CropForegroundd\", \"keys\": [\"image\", \"label\"],"
          + " \"source_key\": \"image\", \"margin\": 1},"
          + "{\"_target_\": \"SpatialPadd\", \"keys\": [\"image\", \"label\"],"
          + " \"spatial_size\": [12, 12, 8]},"
          + "{\"_target_\": \"FgBgToIndicesd\", \"keys\": \"label\", \"image_key\": \"image\"},"
          + "{\"_target_\": \"RandCropByPosNegLabeld\", \"keys\": [\"image\", \"label\"],"
          + " \"label_key\": \"label\", \"spatial_size\": [6, 6, 4], \"num_samples\": 3,"
          + " \"fg_indices_key\": \"label_fg_indices\", \"bg_indices_key\": \"label_bg_indices\"},"
          + "{\"_target_\": \"RandGaussianNoised\", \"keys\": \"image\", \"prob\": 0.5},"
          + "{\"_target_\": \"RandScaleIntensityd\", \"keys\": \"image\", \"factors\": 0.1,"
          + " \"prob\": 0.5},"
          + "{\"_target_\": \"GaussianSmoothd\", \"keys\": \"image\", \"sigma\": 0.7},"
          + "{\"_target_\": \"OneOf\", \"transforms\": ["
          + "  {\"_target_\": \"NormalizeIntensityd\", \"keys\": \"image\", \"nonzero\": true},"
          + "  {\"_target_\": \"RandAdjustContrastd\", \"keys\": \"image\", \"prob\": 1.0}]},"
          + "{\"_target_\": \"Activationsd\", \"keys\": \"image\", \"other\": \"tanh\"},"
          + "{\"_target_\": \"AsDiscreted\", \"keys\": \"label\", \"threshold\": 0.5},"
          + "{\"_target_\": \"KeepLargestConnectedComponentd\", \"keys\": \"label\"},"
          + "{\"_target_\": \"CopyItemsd\", \"keys\": \"label\", \"names\": \"label_copy\"},"
          + "{\"_target_\": \"CastToTyped\", \"keys\": \"label_copy\", \"dtype\": \"uint8\"}]";

  @Test
  void aConfiguredChainSerializesAndRunsTheSame() throws Exception {
    Compose chain = ChainConfig.fromText(CHAIN);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(chain);
    }
    Compose copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Compose) in.readObject();
    }
    Sample s = sample();
    for (long seed = 0; seed < 4; seed++) {
      List<Sample> a = chain.applyAll(s, TransformContext.of(seed));
      List<Sample> b = copy.applyAll(s, TransformContext.of(seed));
      assertEquals(3, a.size());
      for (int i = 0; i < a.size(); i++) {
        assertEquals(a.get(i).keys(), b.get(i).keys());
        assertTrue(a.get(i).volume("image").sameVoxels(b.get(i).volume("image")));
        assertTrue(a.get(i).volume("label").sameVoxels(b.get(i).volume("label")));
        assertEquals(DType.UINT8, b.get(i).volume("label_copy").dtype());
      }
    }
  }

  static Sample sample() {
    int nx = 14;
    int ny = 12;
    int nz = 9;
    float[] img = new float[nx * ny * nz];
    short[] lab = new short[nx * ny * nz];
    RandomState r = RandomState.of(8);
    for (int z = 0, i = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          boolean body = x > 1 && x < 12 && y > 1 && y < 11;
          img[i] = body ? (float) r.uniform(20, 150) : -1000f;
          lab[i] = (short) (x > 4 && x < 9 && y > 3 && y < 8 && z > 2 && z < 6 ? 1 : 0);
        }
      }
    }
    int[] shape = {1, nx, ny, nz};
    return Sample.of("serial")
        .with("image", Volume.wrap(img, DType.FLOAT32, shape, Affine.scaling(1, 1, 2)))
        .with("label", Volume.wrap(lab, DType.INT16, shape, Affine.scaling(1, 1, 2)));
  }
}
