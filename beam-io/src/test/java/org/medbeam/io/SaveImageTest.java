package org.medbeam.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;

class SaveImageTest {
  @TempDir Path tmp;

  private static Volume from(String source) {
    return Volume.of(new float[] {1, 2, 3, 4}, 1, 2, 2).withMeta(Metadata.FILENAME, source);
  }

  @Test
  void namesOutputsAsMonai() {
    // expected names from MONAI 1.4 monai.data.utils.create_file_basename with the same arguments
    SaveImage s = SaveImage.create().withOutputDir("/out").withOutputPostfix("seg");
    assertEquals("/out/ct/ct_seg.nii.gz", s.outputPath(from("/data/sub/ct.nii.gz")));
    assertEquals(
        "/out/sub/ct/ct_seg.nii.gz",
        s.withDataRootDir("/data").outputPath(from("/data/sub/ct.nii.gz")));
    assertEquals(
        "/out/a.b_seg_3.npy",
        s.withSeparateFolder(false).withOutputExt(".npy")
            .outputPath(from("/data/sub/a.b.png").withMeta("patch_index", 3)));
    assertEquals(
        "/out/ct.nii.gz",
        s.withOutputPostfix("").withSeparateFolder(false).outputPath(from("/data/sub/ct.nii")));
  }

  @Test
  void namesFromMetadataNeverEscapeTheOutputDir() {
    SaveImage s = SaveImage.create().withOutputDir("/out").withDataRootDir("/data");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> s.outputPath(from("/data/../../etc/x.nii")));
    assertTrue(e.getMessage().contains("escape output_dir"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SaveImage.create().withOutputPostfix("../x"));
    assertThrows(IllegalArgumentException.class, () -> s.outputPath(from("/elsewhere/x.nii")));
  }

  @Test
  void writesAtomicallyAndReadsBack() throws Exception {
    Volume v =
        Volume.wrap(new short[] {1, -2, 3, -4, 5, -6}, DType.INT16, new int[] {1, 3, 2, 1}, Affine.identity())
            .withMeta(Metadata.FILENAME, "/in/scan.nii.gz");
    String path = SaveImage.create().withOutputDir(tmp.toString()).withOutputExt(".npy").apply(v);
    assertEquals(tmp + "/scan/scan_trans.npy", path);
    assertTrue(LoadImage.create().apply(path).sameVoxels(v));
    try (Stream<Path> files = Files.walk(tmp)) {
      assertTrue(files.noneMatch(p -> p.toString().contains(".tmp-")), "no temporary left behind");
    }
    String asFloat =
        SaveImage.create().withOutputDir(tmp.toString()).withOutputExt(".npy")
            .withOutputPostfix("f").withOutputDtype(DType.FLOAT32).apply(v);
    assertEquals(DType.FLOAT32, LoadImage.create().apply(asFloat).dtype());
  }

  @Test
  void resampleRestoresAnExactReorientation() {
    // original RAS grid 3x2; the current volume is that grid flipped along x (as Orientation("LAS"))
    Affine original = Affine.of(2, 0, 0, 10, 0, 3, 0, 20, 0, 0, 1, 0, 0, 0, 0, 1);
    float[] orig = {1, 2, 3, 4, 5, 6};
    float[] flipped = {3, 2, 1, 6, 5, 4};
    Affine flippedAffine = Affine.of(-2, 0, 0, 14, 0, 3, 0, 20, 0, 0, 1, 0, 0, 0, 0, 1);
    Volume v = Volume.of(flipped, 1, 3, 2).withAffine(flippedAffine)
        .withMeta(Metadata.ORIGINAL_AFFINE, original.toArray());
    Volume back = SaveImage.restoreOrientation(v);
    assertArrayEquals(orig, back.floats());
    assertEquals(original, back.affine());
    // a spacing change cannot be undone by re-orientation: an error that says what to do
    Volume resampled = v.withAffine(Affine.of(-1, 0, 0, 14, 0, 3, 0, 20, 0, 0, 1, 0, 0, 0, 0, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SaveImage.restoreOrientation(resampled));
    assertTrue(e.getMessage().contains("Invertd"), e.getMessage());
  }
}
