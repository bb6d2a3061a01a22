package org.medbeam.workflows.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.MultiSampleTransform;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.workflows.demo.SampleArchive;

/** Datasets, the loader, collation and datalists. */
class DatasetsTest {
  @TempDir Path tmp;

  @Test
  void cachedAndUncachedDatasetsGiveTheSameSamplesEveryEpoch() throws Exception {
    List<Sample> items = TestData.niftiItems(tmp, 5, 3, 24);
    ChainSplit chain = TestData.chain(1.5);
    List<String> keys = List.of("image", "label");
    CacheDataset cached = CacheDataset.compute(items, chain, keys, 11, 2, null);
    TransformDataset plain = Dataset.of(items, chain, keys, 11);
    assertEquals(3, cached.size());
    for (long epoch = 0; epoch < 3; epoch++) {
      for (int i = 0; i < 3; i++) {
        List<Sample> a = cached.get(i, epoch);
        assertEquals(2, a.size(), "num_samples crops per item");
        assertEquals(a, plain.get(i, epoch), "item " + i + " epoch " + epoch);
        assertArrayEquals(new int[] {1, 16, 16, 8}, a.get(0).volume("image").shape());
      }
    }
    assertNotEquals(cached.get(0, 0), cached.get(0, 1), "each epoch draws anew");
    assertNotEquals(cached.get(0, 0), CacheDataset.compute(items, chain, keys, 12, 1, null)
        .get(0, 0), "another seed draws otherwise");
  }

  @Test
  void loaderOrderIsSeededAndWorkersDeliverInOrder() throws Exception {
    List<Sample> items = TestData.niftiItems(tmp, 5, 5, 24);
    CacheDataset ds = CacheDataset.compute(items, TestData.chain(1.5),
        List.of("image", "label"), 3, 2, null);
    DataLoader inline = DataLoader.of(ds, "image", "label").withBatchSize(2)
        .withShuffle(true, 3);
    try (DataLoader threaded = inline.withNumWorkers(2).withPrefetch(3)) {
      assertEquals(3, inline.batchesPerEpoch());
      assertEquals(2, inline.withDropLast(true).batchesPerEpoch());
      for (long epoch = 0; epoch < 2; epoch++) {
        Iterator<Batch> a = inline.epoch(epoch);
        Iterator<Batch> b = threaded.epoch(epoch);
        int n = 0;
        while (a.hasNext()) {
          Batch x = a.next();
          Batch y = b.next();
          assertArrayEquals(x.array("image"), y.array("image"), 0f);
          assertArrayEquals(x.array("label"), y.array("label"), 0f);
          assertEquals(ids(x), ids(y));
          n++;
        }
        assertEquals(3, n);
        assertTrue(!b.hasNext());
      }
      // item order: a permutation, seeded by (seed, epoch)
      int[] o0 = inline.order(0);
      int[] sorted = o0.clone();
      java.util.Arrays.sort(sorted);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4}, sorted);
      assertArrayEquals(o0, inline.order(0));
      assertTrue(!java.util.Arrays.equals(o0, inline.order(1))
          || !java.util.Arrays.equals(inline.order(1), inline.order(2)));
      assertArrayEquals(new int[] {0, 1, 2, 3, 4},
          inline.withShuffle(false, 3).order(7), "no shuffle");
    }
    // first batch: 2 items x 2 crops of (1, 16, 16, 8)
    Batch b = inline.epoch(0).next();
    assertArrayEquals(new int[] {4, 1, 16, 16, 8}, b.shape("image"));
    assertEquals(4 * 16 * 16 * 8, b.array("label").length);
  }

  static List<String> ids(Batch b) {
    List<String> l = new ArrayList<>();
    b.samples().forEach(s -> l.add(s.id()));
    return l;
  }

  @Test
  void collateTransposesToCOrderAndPadsSymmetrically() {
    // (1, X=3, Y=2, Z=1): medbeam index x + 3y; C order (x, y, z) index 2x + y
    Volume a = Volume.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 3, 2, 1);
    Volume b = Volume.of(new float[] {7}, 1, 1, 1, 1);
    Batch batch = Batch.collate(List.of(Sample.of("a", "img", a), Sample.of("b", "img", b)),
        List.of("img"));
    assertArrayEquals(new int[] {2, 1, 3, 2, 1}, batch.shape("img"));
    // a: (x, y) -> value x + 3y laid out x-major
    // b: padded to (3, 2, 1) from (1, 1, 1): (3-1)/2 = 1 before in x, (2-1)/2 = 0 before in y
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5, 0, 0, 7, 0, 0, 0},
        batch.array("img"), 0f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Batch.collate(List.of(Sample.of("a", "img", a),
            Sample.of("c", "img", Volume.of(new float[] {1, 2}, 2, 1, 1, 1))), List.of("img")));
    assertEquals("collate: key 'img' of sample 'c' has shape [2, 1, 1, 1], sample 'a' "
        + "[1, 3, 2, 1]; channels and spatial rank must agree", e.getMessage());
  }

  @Test
  void zipAndPatchDatasets() throws Exception {
    List<Sample> items = TestData.niftiItems(tmp, 6, 2, 24);
    ChainSplit images = ChainSplit.fromConfig(ChainConfig.parse("["
        + "{\"_target_\": \"ScaleIntensityRanged\", \"keys\": \"image\", \"a_min\": -200,"
        + " \"a_max\": 250, \"b_min\": 0.0, \"b_max\": 1.0}]"), "img");
    CacheDataset imgs = CacheDataset.compute(items, images, List.of("image", "label"), 0, 1,
        null);
    List<Sample> extra = new ArrayList<>();
    for (Sample s : items) {
      extra.add(Sample.of(s.id()).with("weight", 2.5));
    }
    ZipDataset zip = ZipDataset.of(imgs,
        CacheDataset.compute(extra, ChainSplit.of(Compose.of()), List.of(), 0, 1, null));
    Sample z = zip.get(1, 0).get(0);
    assertEquals(List.of("image", "label", "weight"), new ArrayList<>(z.keys()));
    assertEquals(2.5, z.get("weight"));
    assertEquals("ZipDataset: item 0: key 'image' comes from dataset 1 and an earlier one",
        assertThrows(IllegalArgumentException.class, () -> ZipDataset.of(imgs, imgs).get(0, 0))
            .getMessage());

    MultiSampleTransform sampler = (MultiSampleTransform) ChainConfig.fromText(
        "[{\"_target_\": \"RandSpatialCropSamplesd\", \"keys\": [\"image\", \"label\"],"
            + " \"roi_size\": [8, 8, 4], \"num_samples\": 3, \"random_size\": false}]")
        .transforms().get(0);
    Compose patchTransform = ChainConfig.fromText(
        "[{\"_target_\": \"RandShiftIntensityd\", \"keys\": \"image\", \"offsets\": 1.0,"
            + " \"prob\": 1.0}]");
    PatchDataset patches = PatchDataset.of(imgs, sampler, 3, patchTransform, 4);
    assertEquals(2, patches.size());
    assertEquals(6, patches.patchCount());
    List<Sample> p0 = patches.get(0, 0);
    assertEquals(3, p0.size());
    assertArrayEquals(new int[] {1, 8, 8, 4}, p0.get(2).volume("image").shape());
    assertEquals(p0, patches.get(0, 0));
    assertNotEquals(p0, patches.get(0, 1));
    assertEquals("patch_func must return a sequence of length: samples_per_image=2, got 3",
        assertThrows(IllegalStateException.class,
            () -> PatchDataset.of(imgs, sampler, 2, patchTransform, 4).get(0, 0)).getMessage());
  }

  @Test
  void datalistJoinsPathsAsMonaiAndLoadsDicomFolders() throws Exception {
    List<SampleArchive.Written> w = SampleArchive.write(tmp.resolve("archive"), 4, 2, 24, true);
    Files.writeString(tmp.resolve("notes.txt"), "x");
    String json = "{\"description\": \"t\", \"numTraining\": 2,"
        + " \"training\": [{\"image\": \"archive/dicom/case000\","
        + " \"label\": \"archive/labels/case000.nii.gz\", \"notes\": \"notes.txt\","
        + " \"other\": \"not-a-file\", \"class\": 1},"
        + " {\"image\": \"archive/dicom/case001\", \"label\": \"archive/labels/case001.nii.gz\"},"
        + " {\"image\": \"archive/dicom/case001\", \"label\": \"archive/labels/case001.nii.gz\"}],"
        + " \"test\": [\"archive/dicom/case001\"]}";
    Files.writeString(tmp.resolve("datalist.json"), json);
    Datalist d = Datalist.load(tmp.resolve("datalist.json").toString(), null, true);
    List<Sample> train = d.section("training");
    assertEquals(List.of("archive/dicom/case000", "archive/dicom/case001",
        "archive/dicom/case001@2"), train.stream().map(Sample::id).toList());
    Sample s0 = train.get(0);
    assertEquals(tmp.resolve("archive/dicom/case000").toString(), s0.getString("image"));
    assertEquals(tmp.resolve("notes.txt").toString(), s0.getString("notes"), "exists: joined");
    assertEquals("not-a-file", s0.getString("other"), "does not exist: kept");
    assertEquals(1L, ((Number) s0.get("class")).longValue());
    assertEquals(Map.of("image", tmp.resolve("archive/dicom/case001").toString()),
        d.section("test").get(0).asMap());
    assertEquals("Data list validation not specified in \"" + tmp.resolve("datalist.json")
        + "\"; sections: [test, training]", assertThrows(IllegalArgumentException.class,
            () -> d.section("validation")).getMessage());

    Sample loaded = LoadItems.of("image", "label").apply(s0,
        org.medbeam.transforms.TransformContext.of(0));
    Volume image = loaded.volume("image");
    Volume label = loaded.volume("label");
    assertArrayEquals(image.spatialShape(), label.spatialShape());
    assertEquals(org.medbeam.core.DType.INT16, image.dtype());
    assertTrue(image.affine().almostEquals(
        org.medbeam.io.dicom.DicomSeriesReader.create().readAll(w.get(0).series).get(0).affine(),
        1e-6));
  }
}
