package org.medbeam.transforms.croppad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.transforms.utility.LabelIndices;

/**
 * Behaviour beyond the MONAI fixtures: chains from config text, the per-sample generator,
 * determinism across thread counts, immutability of inputs, inversion through {@code
 * Compose.inverse}, the index pools against explicit index lists, and the error messages.
 */
class CropPadBehaviourTest {

  /** A label with a few boxes and a CT-like image, deterministic. */
  static Sample sample(String id, int nx, int ny, int nz) {
    int n = nx * ny * nz;
    float[] img = new float[n];
    float[] lab = new float[n];
    RandomState r = RandomState.of(5);
    for (int i = 0; i < n; i++) {
      img[i] = (float) r.uniform(-200, 300);
      int x = i % nx;
      int y = (i / nx) % ny;
      int z = i / (nx * ny);
      if ((x > 3 && x < 9 && y > 2 && y < 7 && z > 1 && z < 5) || (x == nx - 1 && y == 0)) {
        lab[i] = 1;
      }
    }
    Affine a = Affine.of(0.7, 0, 0, -20, 0, 0.7, 0, 15, 0, 0, 2.5, 3, 0, 0, 0, 1);
    int[] shape = {1, nx, ny, nz};
    return Sample.of(id)
        .with("image", Volume.wrap(img, DType.FLOAT32, shape, a))
        .with("label", Volume.wrap(lab, DType.FLOAT32, shape, a));
  }

  private static final String CHAIN =
      "[{\"_target_\": \"ScaleIntensityRanged\", \"keys\": [\"image\"], \"a_min\": -57,"
          + " \"a_max\": 164, \"b_min\": 0.0, \"b_max\": 1.0, \"clip\": true},"
          + " {\"_target_\": \"SpatialPadd\", \"keys\": [\"image\", \"label\"],"
          + " \"spatial_size\": [20, 16, 8], \"mode\": [\"edge\", \"constant\"]},"
          + " {\"_target_\": \"monai.transforms.RandCropByPosNegLabeld\","
          + " \"keys\": [\"image\", \"label\"], \"label_key\": \"label\","
          + " \"spatial_size\": [6, 5, 4], \"pos\": 1, \"neg\": 1, \"num_samples\": 4,"
          + " \"image_key\": \"image\", \"image_threshold\": 0}]";

  @Test
  void chainFromConfigFansOutWithDerivedIdsAndInvertsBackToTheInputGrid() {
    Compose chain = ChainConfig.fromText(CHAIN);
    Sample in = sample("case-7", 17, 13, 7);
    List<Sample> out = chain.applyAll(in, TransformContext.of(123));
    assertEquals(4, out.size());
    for (int i = 0; i < 4; i++) {
      Sample s = out.get(i);
      assertEquals("case-7#" + i, s.id());
      assertArrayEquals(new int[] {1, 6, 5, 4}, s.volume("image").shape());
      assertArrayEquals(new int[] {1, 6, 5, 4}, s.volume("label").shape());
      assertEquals(
          List.of("SpatialPad", "RandCropByPosNegLabel"),
          s.volume("label").appliedOperations().stream()
              .map(org.medbeam.core.AppliedOperation::className)
              .collect(java.util.stream.Collectors.toList()));
      Sample back = chain.inverse(s);
      // shape and affine come back exactly; the label inside the crop comes back too
      assertArrayEquals(in.volume("label").shape(), back.volume("label").shape());
      assertTrue(in.volume("label").affine().almostEquals(back.volume("label").affine(), 1e-12));
      assertTrue(back.volume("label").appliedOperations().isEmpty());
      int[] c = s.volume("label").meta().getIntArray("crop_center");
      // centre in padded coordinates minus the symmetric pad (20-17 -> 1 before) is in the input
      int x = c[0] - 1;
      int y = c[1] - 1;
      int z = c[2] - 0;
      int o = x + 17 * (y + 13 * z);
      assertEquals(in.volume("label").getDouble(o), back.volume("label").getDouble(o), 0.0);
    }
  }

  @Test
  void drawsComeFromTheSampleGeneratorAtTheTransformPosition() {
    Compose chain = ChainConfig.fromText(CHAIN);
    Sample in = sample("case-9", 17, 13, 7);
    List<Sample> viaContext = chain.applyAll(in, TransformContext.of(99));
    Sample padded =
        ((Compose) Compose.of(chain.transforms().subList(0, 2)))
            .applyAll(in, TransformContext.of(99))
            .get(0);
    RandCropByPosNegLabeld crop = (RandCropByPosNegLabeld) chain.transforms().get(2);
    List<Sample> explicit = crop.applyMulti(padded, RandomState.forSample(99, "case-9", 2, 0));
    for (int i = 0; i < 4; i++) {
      assertTrue(viaContext.get(i).volume("image").sameVoxels(explicit.get(i).volume("image")));
    }
    // another seed or another epoch draws other centres
    List<Sample> other = chain.applyAll(in, TransformContext.of(99).withEpoch(1));
    boolean differs = false;
    for (int i = 0; i < 4; i++) {
      differs |=
          !java.util.Arrays.equals(
              viaContext.get(i).volume("label").meta().getIntArray("crop_center"),
              other.get(i).volume("label").meta().getIntArray("crop_center"));
    }
    assertTrue(differs);
  }

  @Test
  void resultsDoNotDependOnTheThreadCountAndInputsAreNotModified() {
    Compose chain = ChainConfig.fromText(CHAIN);
    Sample in = sample("case-3", 23, 19, 11);
    float[] imgBefore = in.volume("image").floats().clone();
    float[] labBefore = in.volume("label").floats().clone();
    List<Sample> one = chain.applyAll(in, TransformContext.of(5).withThreads(1));
    List<Sample> three = chain.applyAll(in, TransformContext.of(5).withThreads(3));
    for (int i = 0; i < 4; i++) {
      assertTrue(one.get(i).volume("image").sameVoxels(three.get(i).volume("image")));
      assertTrue(one.get(i).volume("label").sameVoxels(three.get(i).volume("label")));
    }
    assertArrayEquals(imgBefore, in.volume("image").floats());
    assertArrayEquals(labBefore, in.volume("label").floats());
  }

  @Test
  void poolsFindTheSameIndicesAsExplicitCOrderLists() {
    for (int[] shape : new int[][] {{1, 37}, {1, 9, 11}, {1, 7, 5, 6}, {2, 6, 4, 5}}) {
      int n = (int) Volume.elementCount(shape);
      float[] lab = new float[n];
      float[] img = new float[n / shape[0]];
      RandomState r = RandomState.of(n);
      for (int i = 0; i < n; i++) {
        lab[i] = r.rand() < 0.3 ? 1 : 0;
      }
      for (int i = 0; i < img.length; i++) {
        img[i] = (float) r.uniform(-1, 1);
      }
      int[] imgShape = shape.clone();
      imgShape[0] = 1;
      Volume label = Volume.wrap(lab, DType.FLOAT32, shape, Affine.identity());
      Volume image = Volume.wrap(img, DType.FLOAT32, imgShape, Affine.identity());
      int[][] lists = LabelIndices.binaryToIndices(label, image, 0.1, 2);
      LabelIndices.FgBg pools = LabelIndices.fgBgPools(label, image, 0.1, 2);
      int[] spatial = label.spatialShape();
      assertEquals(lists[0].length, pools.foreground.size());
      assertEquals(lists[1].length, pools.background.size());
      for (int k = 0; k < lists[0].length; k++) {
        assertArrayEquals(
            LabelIndices.unravelC(lists[0][k], spatial), pools.foreground.coordinates(k));
      }
      for (int k = 0; k < lists[1].length; k++) {
        assertArrayEquals(
            LabelIndices.unravelC(lists[1][k], spatial), pools.background.coordinates(k));
      }
      // C order: indices ascend
      for (int k = 1; k < lists[0].length; k++) {
        assertTrue(lists[0][k] > lists[0][k - 1]);
      }
    }
  }

  @Test
  void padAndCropOfA2dImageRoundTrip() {
    Volume v =
        Volume.wrap(
            new short[] {1, 2, 3, 4, 5, 6}, DType.INT16, new int[] {1, 3, 2}, Affine.scaling(2, 3));
    SpatialPad pad = new SpatialPad(new int[] {6, 5}, "symmetric", "reflect", 0);
    Volume p = pad.apply(v);
    assertArrayEquals(new int[] {1, 6, 5}, p.shape());
    assertEquals(DType.INT16, p.dtype());
    // origin moved by -pad_before (1, 1) voxels of 2 and 3 mm
    assertArrayEquals(new double[] {-2, -3, 0}, p.affine().translation(), 0);
    Volume back = pad.inverse(p);
    assertTrue(back.sameVoxels(v));
    assertEquals(v.affine(), back.affine());
  }

  @Test
  void errorsNameTheTransformTheArgumentAndWhatIsAccepted() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "[{\"_target_\": \"SpatialPadd\", \"keys\": \"image\", \"spatial_size\": 8,"
                        + " \"mode\": \"mirror\"}]"));
    assertTrue(e.getMessage().contains("SpatialPadd"), e.getMessage());
    assertTrue(e.getMessage().contains("'mode'"), e.getMessage());
    assertTrue(e.getMessage().contains("reflect"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "{\"_target_\": \"RandCropByPosNegLabeld\", \"keys\": \"image\","
                        + " \"label_key\": \"label\", \"spatial_size\": 8, \"postive\": 1}"));
    assertTrue(e.getMessage().contains("unknown argument [postive]"), e.getMessage());
    assertTrue(e.getMessage().contains("pos"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "{\"_target_\": \"RandCropByPosNegLabeld\", \"keys\": \"image\","
                        + " \"label_key\": \"label\", \"spatial_size\": 8, \"pos\": -1}"));
    assertTrue(e.getMessage().startsWith("config: RandCropByPosNegLabeld"), e.getMessage());
    assertTrue(e.getMessage().contains("pos and neg must be nonnegative"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "{\"_target_\": \"RandCropByPosNegLabel\", \"spatial_size\": 8}"));
    assertTrue(e.getMessage().contains("RandCropByPosNegLabeld with label_key"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "{\"_target_\": \"CenterSpatialCrop\", \"roi_size\": 8, \"lazy\": true}"));
    assertTrue(e.getMessage().contains("'lazy'"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChainConfig.fromText("{\"_target_\": \"SpatialCrop\", \"roi_center\": [1, 2]}"));
    assertTrue(e.getMessage().contains("roi_start"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BorderPad(1, 2, 3).apply(Volume.of(new float[4], 1, 2, 2)));
    assertTrue(e.getMessage().contains("spatial_border length 3"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new RandSpatialCropSamples(new int[] {2}, 0, null, true, false));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new RandCropByPosNegLabel(new int[] {4, 4}, Volume.of(new float[6], 1, 3, 2), 1)
                    .randomize(RandomState.of(0), (Volume) null));
    assertTrue(e.getMessage().contains("larger than the image size"), e.getMessage());
  }

  @Test
  void cropForegrounddStoresTheBoxAndKeepsOtherKeys() {
    Sample in = sample("fg", 17, 13, 7).with("note", "kept");
    Sample out =
        new CropForegroundd(KeySelection.of("image", "label"), "label", new CropForeground())
            .apply(in, TransformContext.of(0));
    // the box of the label: x 4..8 and the line at x=16, y=0 through every z
    assertArrayEquals(new int[] {4, 0, 0}, (int[]) out.get("foreground_start_coord"));
    assertArrayEquals(new int[] {17, 7, 7}, (int[]) out.get("foreground_end_coord"));
    assertArrayEquals(new int[] {1, 13, 7, 7}, out.volume("image").shape());
    assertEquals("kept", out.getString("note"));
    assertNotEquals(in.volume("image").shape()[1], out.volume("image").shape()[1]);
  }
}
