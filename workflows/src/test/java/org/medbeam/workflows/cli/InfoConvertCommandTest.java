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
import org.medbeam.io.SaveImage;
import org.medbeam.io.numpy.NumpyWriter;
import org.medbeam.io.pil.PILWriter;

class InfoConvertCommandTest {
  @TempDir Path tmp;

  private Path npy(Volume v, String name) throws Exception {
    Path p = tmp.resolve(name);
    SaveImage.writeAtomically(v, p.toString(), NumpyWriter.create());
    return p;
  }

  @Test
  void infoPrintsOneJsonObject() throws Exception {
    short[] d = {-1000, 0, 40, 3000, 7, 9, 11, 13};
    Path p = npy(Volume.wrap(d, DType.INT16, new int[] {1, 2, 2, 2}, Affine.identity()), "ct.npy");
    CliRunner r = CliRunner.run("info", p.toString());
    assertEquals(0, r.exitCode, r.err);
    String[] lines = r.out.strip().split("\n");
    assertEquals(1, lines.length, r.out);
    JsonNode j = new ObjectMapper().readTree(lines[0]);
    assertEquals("[1,2,2,2]", j.get("shape").toString());
    assertEquals("int16", j.get("dtype").asText());
    assertEquals(-1000, j.get("min").asInt());
    assertEquals(3000, j.get("max").asInt());
    assertEquals(260.0, j.get("mean").asDouble(), 1e-12);
    assertEquals("RAS", j.get("axcodes").asText());
    assertEquals("numpy", j.get("format").asText());
    assertEquals(4, j.get("affine").size());
  }

  @Test
  void convertNpyToNpyAndPngIsLossless() throws Exception {
    float[] d = new float[24];
    for (int i = 0; i < d.length; i++) {
      d[i] = i * 0.5f - 3;
    }
    Volume v = Volume.of(d, 2, 3, 2, 2);
    Path in = npy(v, "in.npy");
    Path out = tmp.resolve("out.npz");
    CliRunner r = CliRunner.run("convert", in.toString(), out.toString());
    assertEquals(0, r.exitCode, r.err);
    assertTrue(LoadImage.create().apply(out.toString()).sameVoxels(v));

    byte[] rgb = new byte[3 * 4 * 2];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 10);
    }
    Volume colour = Volume.wrap(rgb, DType.UINT8, new int[] {3, 4, 2}, Affine.identity());
    Path png = tmp.resolve("c.png");
    SaveImage.writeAtomically(colour, png.toString(), PILWriter.create());
    Path asNpy = tmp.resolve("c.npy");
    assertEquals(0, CliRunner.run("convert", png.toString(), asNpy.toString()).exitCode);
    Path back = tmp.resolve("back.png");
    CliRunner b = CliRunner.run("convert", "--channel-dim", "0", asNpy.toString(), back.toString());
    assertEquals(0, b.exitCode, b.err);
    assertArrayEquals(rgb, LoadImage.create().apply(back.toString()).bytes());
  }

  @Test
  void badInputIsOneLineAndNonZeroExit() throws Exception {
    CliRunner missing = CliRunner.run("info", tmp.resolve("nope.nii.gz").toString());
    assertEquals(1, missing.exitCode);
    assertEquals(1, missing.err.strip().split("\n").length, missing.err);
    assertTrue(missing.err.startsWith("medbeam: ") && missing.err.contains("no such file"), missing.err);

    Path junk = Files.write(tmp.resolve("junk.npy"), new byte[] {1, 2, 3});
    CliRunner bad = CliRunner.run("info", junk.toString());
    assertEquals(1, bad.exitCode);
    assertTrue(bad.err.contains("junk.npy") && bad.err.contains("NPY"), bad.err);

    CliRunner usage = CliRunner.run("convert", "only-one-arg");
    assertEquals(2, usage.exitCode);
    assertTrue(usage.err.contains("convert --help"), usage.err);

    CliRunner unknown = CliRunner.run("convert", junk.toString(), tmp.resolve("x.tiff").toString());
    assertEquals(1, unknown.exitCode);
    assertTrue(unknown.err.contains("no writer for this suffix"), unknown.err);
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : new String[] {"info", "convert"}) {
      CliRunner r = CliRunner.run(cmd, "--help");
      assertEquals(0, r.exitCode);
      assertTrue(r.out.contains("Usage: medbeam " + cmd), r.out);
    }
    CliRunner top = CliRunner.run("--help");
    assertTrue(top.out.contains("info") && top.out.contains("convert"), top.out);
  }
}
