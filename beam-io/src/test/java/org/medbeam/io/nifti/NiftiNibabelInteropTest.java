package org.medbeam.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * Files written by {@link NiftiWriter}, read by nibabel ({@code nibabel_check.py} under {@code
 * /usr/bin/python3}): same shape, dtype, voxels (SHA-256) and affine; and byte-for-byte the file
 * nibabel writes for the same data and affine the way MONAI's {@code NibabelWriter} does (after
 * gunzip: the compressed bytes depend on the zlib build the JDK uses). Skipped, by assumption,
 * only where python3 with nibabel is missing; CI installs it.
 */
class NiftiNibabelInteropTest {
  private static final String PYTHON = "/usr/bin/python3";

  @BeforeAll
  static void requireNibabel() throws Exception {
    boolean ok = false;
    if (new File(PYTHON).canExecute()) {
      Process p = new ProcessBuilder(PYTHON, "-c", "import nibabel").redirectErrorStream(true)
          .start();
      ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(ok, PYTHON + " with nibabel is not available");
  }

  @Test
  void nibabelReadsWhatWeWriteAndWritesTheSameBytes(@TempDir Path dir) throws Exception {
    Map<String, Volume> cases = new LinkedHashMap<>();
    Map<String, NiftiWriter> writers = new LinkedHashMap<>();
    long seed = 1;
    for (DType t : DType.values()) {
      cases.put("dtype_" + t.numpyName() + ".nii",
          TestVolumes.random(t, new int[] {1, 5, 4, 3}, TestVolumes.OBLIQUE, seed++));
    }
    cases.put("sheared_flipped.nii.gz",
        TestVolumes.random(DType.INT16, new int[] {1, 6, 5, 4}, TestVolumes.SHEARED_FLIPPED, 20));
    cases.put("two_d.nii",
        TestVolumes.random(DType.FLOAT32, new int[] {1, 7, 6}, Affine.scaling(0.5, 0.25, 1), 21));
    cases.put("one_d.nii",
        TestVolumes.random(DType.UINT8, new int[] {1, 9}, Affine.identity(), 22));
    cases.put("four_d.nii.gz",
        TestVolumes.random(DType.FLOAT64, new int[] {3, 4, 3, 2}, TestVolumes.SHEARED_FLIPPED,
            23));
    cases.put("five_d.nii",
        TestVolumes.withMeta(
            TestVolumes.random(DType.INT16, new int[] {6, 3, 2, 2}, TestVolumes.OBLIQUE, 24),
            "dim", new long[] {5, 3, 2, 2, 2, 3, 1, 1}));
    cases.put("nifti2_long_axis.nii",
        TestVolumes.random(DType.INT8, new int[] {1, 40000, 1, 2}, TestVolumes.OBLIQUE, 25));
    cases.put("identity.nii.gz",
        TestVolumes.random(DType.UINT16, new int[] {1, 8, 8, 8}, Affine.identity(), 26));
    cases.put("codes_2_0.nii",
        TestVolumes.random(DType.INT32, new int[] {1, 3, 3, 3}, TestVolumes.OBLIQUE, 27));
    writers.put("codes_2_0.nii", NiftiWriter.create().withXformCodes(2, 0));

    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = json.createObjectNode();
    for (Map.Entry<String, Volume> e : cases.entrySet()) {
      NiftiWriter w = writers.getOrDefault(e.getKey(), NiftiWriter.create());
      try (OutputStream out = Files.newOutputStream(dir.resolve(e.getKey()))) {
        w.write(e.getValue(), e.getKey(), out);
      }
      ObjectNode c = manifest.putObject(e.getKey());
      double[] a = e.getValue().affine().toArray();
      for (double v : a) {
        c.withArray("affine").add(v);
      }
      c.put("sform_code", w.sformCode());
      c.put("qform_code", w.qformCode());
    }
    Files.writeString(dir.resolve("cases.json"), json.writeValueAsString(manifest));

    Path script = NiftiFixtures.path("nibabel_check.py");
    Process p = new ProcessBuilder(PYTHON, script.toString(), dir.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "nibabel_check.py timed out");
    assertEquals(0, p.exitValue(), "nibabel_check.py failed: " + stdout);
    JsonNode result = json.readTree(stdout);

    for (Map.Entry<String, Volume> e : cases.entrySet()) {
      String name = e.getKey();
      Volume v = e.getValue();
      JsonNode r = result.get(name);
      // shape: spatial axes then channels (4D), or the 5D split recorded in the metadata
      int[] shape = v.shape();
      int[] expected;
      if (name.equals("five_d.nii")) {
        expected = new int[] {3, 2, 2, 2, 3};
      } else if (shape[0] == 1) {
        expected = java.util.Arrays.copyOfRange(shape, 1, shape.length);
      } else {
        expected = new int[] {shape[1], shape.length > 2 ? shape[2] : 1,
            shape.length > 3 ? shape[3] : 1, shape[0]};
      }
      int[] got = new int[r.get("shape").size()];
      for (int i = 0; i < got.length; i++) {
        got[i] = r.get("shape").get(i).asInt();
      }
      assertArrayEquals(expected, got, name + " shape");
      assertEquals(v.dtype().numpyName(), r.get("dtype").asText(), name + " dtype");
      assertEquals(TestVolumes.sha256(v), r.get("sha256").asText(), name + " voxels");
      assertEquals(name.startsWith("nifti2") ? "Nifti2Image" : "Nifti1Image",
          r.get("class").asText(), name);
      double[] affine = NiftiFixtures.matrix(r.get("affine"));
      double[] want = v.affine().toArray();
      if (!name.startsWith("nifti2")) {
        for (int i = 0; i < 16; i++) {
          want[i] = (float) want[i]; // NIfTI-1 stores the sform as float32
        }
      }
      assertArrayEquals(want, affine, 0.0, name + " affine");
      if (!r.get("identical_decompressed").asBoolean()) {
        // NIfTI-2 keeps the quaternion in float64, where our eigen-solver and LAPACK's may differ
        // in the last bits; NIfTI-1 rounds it to float32 and must match exactly
        JsonNode diff = r.get("header_diff");
        boolean onlyQuaternionUlps = name.startsWith("nifti2") && diff.size() > 0;
        java.util.Iterator<String> fields = diff.fieldNames();
        while (fields.hasNext()) {
          String f = fields.next();
          double ours = Double.parseDouble(diff.get(f).get(0).asText());
          double theirs = Double.parseDouble(diff.get(f).get(1).asText());
          onlyQuaternionUlps &= f.startsWith("quatern_") && Math.abs(ours - theirs) <= 1e-15;
        }
        assertTrue(onlyQuaternionUlps,
            name + ": differs from nibabel's own file: " + diff + " lengths " + r.get("lengths"));
      }
      // and our reader reads back the same voxels and nibabel's affine
      Volume back = NiftiReader.create().read(org.medbeam.io.ImageSource.of(dir.resolve(name)));
      assertEquals(TestVolumes.sha256(v), TestVolumes.sha256(back), name + " read back");
      assertArrayEquals(affine, back.affine().toArray(), 0.0, name + " affine read back");
    }
  }
}
