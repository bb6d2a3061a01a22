package org.medbeam.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.io.LoadImage;
import org.medbeam.io.dicom.DicomSeriesWriter;

/** info/convert on a DICOM archive that medbeam's own writer produced (two series, one junk file). */
class DicomCommandsTest {
  @TempDir Path tmp;

  private static Volume ct(int seed) {
    short[] d = new short[8 * 6 * 5];
    for (int i = 0; i < d.length; i++) {
      d[i] = (short) ((i * 37 + seed * 11) % 2000 - 1000);
    }
    // LPS-acquired axial stack in RAS: x to the left (-), y posterior (-), 2.5 mm slices
    Affine a = Affine.of(-0.8, 0, 0, 100, 0, -0.8, 0, 120, 0, 0, 2.5, -50, 0, 0, 0, 1);
    return Volume.wrap(d, DType.INT16, new int[] {1, 8, 6, 5}, a);
  }

  private Path archive() throws Exception {
    Path dir = tmp.resolve("archive");
    DicomSeriesWriter.create().withSeriesNumber(3).withSeriesDescription("abdomen")
        .withUidSeed("a").write(ct(1), dir.resolve("a"));
    DicomSeriesWriter.create().withSeriesNumber(4).withSeriesDescription("chest")
        .withUidSeed("b").write(ct(2), dir.resolve("b"));
    Files.write(dir.resolve("notes.txt"), "not an image".getBytes());
    return dir;
  }

  @Test
  void infoPrintsOneObjectPerSeries() throws Exception {
    CliRunner r = CliRunner.run("info", archive().toString());
    assertEquals(0, r.exitCode, r.err);
    String[] lines = r.out.strip().split("\n");
    assertEquals(2, lines.length, r.out);
    for (String line : lines) {
      JsonNode j = new ObjectMapper().readTree(line);
      assertEquals(5, j.get("slices").asInt());
      assertEquals("[1,8,6,5]", j.get("shape").toString());
      assertEquals("LPS", j.get("axcodes").asText());
      assertEquals(-0.8, j.get("affine").get(0).get(0).asDouble(), 1e-6);
      assertEquals(2.5, j.get("spacing").get(2).asDouble(), 1e-6);
      assertEquals("dicom", j.get("format").asText());
    }
  }

  @Test
  void convertWritesEverySeriesWithItsAffine() throws Exception {
    Path out = tmp.resolve("out/ct.npy");
    Files.createDirectories(out.getParent());
    CliRunner r = CliRunner.run("convert", archive().toString(), out.toString());
    assertEquals(0, r.exitCode, r.err);
    String[] written = r.out.strip().split("\n");
    assertEquals(2, written.length, r.out);
    for (String w : written) {
      Volume v = LoadImage.create().apply(w);
      int seed = w.contains("abdomen") ? 1 : 2;
      assertArrayEquals(ct(seed).shorts(), v.shorts(), w);
    }
  }

  @Test
  void oneFileToNpyGivesPydicomsPixelArray() throws Exception {
    Path dir = archive();
    Path first;
    try (var s = Files.walk(dir.resolve("a"))) {
      first = s.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
    Path out = tmp.resolve("slice.npy");
    CliRunner r = CliRunner.run("convert", first.toString(), out.toString());
    assertEquals(0, r.exitCode, r.err);
    // pydicom's pixel_array of one slice is (rows, columns): medbeam's (1, columns, rows, 1) view
    Volume v = LoadImage.create().apply(out.toString());
    assertArrayEquals(new int[] {1, 6, 8}, v.shape());
  }

  @Test
  void aFolderWithoutDicomIsAnError() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Files.write(empty.resolve("x.txt"), new byte[] {1});
    CliRunner r = CliRunner.run("info", empty.toString());
    assertEquals(1, r.exitCode);
    assertTrue(r.err.contains("no readable DICOM series") || r.err.contains("holds no DICOM"), r.err);
  }
}
