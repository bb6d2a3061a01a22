package org.medbeam.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Volume;
import org.medbeam.io.LoadImage;

/**
 * info and convert on NIfTI files written by nibabel 5.0 (beam-io's fixtures, made by
 * beam-io/src/test/resources/nifti/make_nifti_fixtures.py; nibabel's own reading of each is in
 * nibabel_reference.json beside them).
 */
class NiftiCommandsTest {
  static final Path FIXTURES = Path.of("../beam-io/src/test/resources/nifti");

  @TempDir Path tmp;

  static JsonNode reference(String file) throws Exception {
    return new ObjectMapper().readTree(FIXTURES.resolve("nibabel_reference.json").toFile())
        .get(file).get("nibabel");
  }

  @ParameterizedTest
  @ValueSource(strings = {"qform_only.nii", "sform_only.nii", "gz_int16.nii.gz", "dim4d.nii",
      "bigendian_int16.nii", "scaled_int16.nii"})
  void infoPrintsNibabelsAffineAndShape(String file) throws Exception {
    CliRunner r = CliRunner.run("info", FIXTURES.resolve(file).toString());
    assertEquals(0, r.exitCode, r.err);
    JsonNode j = new ObjectMapper().readTree(r.out.strip());
    JsonNode ref = reference(file);
    JsonNode affine = ref.get("affine");
    for (int row = 0; row < 4; row++) {
      for (int col = 0; col < 4; col++) {
        assertEquals(affine.get(row).get(col).asDouble(), j.get("affine").get(row).get(col).asDouble(), 1e-5,
            file + " affine[" + row + "][" + col + "]");
      }
    }
    // channel-first as MONAI's EnsureChannelFirst(LoadImage(f)): (1, X, Y, Z), or (T, X, Y, Z)
    JsonNode shape = ref.get("shape");
    int spatial = Math.min(3, shape.size());
    int channels = 1;
    for (int i = 3; i < shape.size(); i++) {
      channels *= shape.get(i).asInt();
    }
    assertEquals(channels, j.get("shape").get(0).asInt(), file);
    for (int i = 0; i < spatial; i++) {
      assertEquals(shape.get(i).asInt(), j.get("shape").get(i + 1).asInt(), file);
    }
    assertEquals("nifti", j.get("format").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gz_int16.nii.gz", "dtype_float64.nii", "dim4d.nii", "qform_only.nii"})
  void convertToNpyAndBackIsLossless(String file) throws Exception {
    Path npy = tmp.resolve("x.npy");
    Path back = tmp.resolve("back.nii.gz");
    assertEquals(0, CliRunner.run("convert", FIXTURES.resolve(file).toString(), npy.toString()).exitCode);
    assertEquals(0, CliRunner.run("convert", npy.toString(), back.toString()).exitCode);
    Volume original = LoadImage.create().apply(FIXTURES.resolve(file).toString());
    Volume viaNpy = LoadImage.create().apply(npy.toString());
    assertTrue(viaNpy.sameVoxels(original), file + " voxels via .npy");
    assertArrayEquals(original.shape(), viaNpy.shape());
    assertTrue(Files.size(back) > 0);
    assertTrue(LoadImage.create().apply(back.toString()).sameVoxels(original), file + " back to NIfTI");
  }
}
