package org.medbeam.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class TransformCommandTest {
  @TempDir Path tmp;

  private Path write(Volume v, String name) throws Exception {
    Path p = tmp.resolve(name);
    SaveImage.writeAtomically(v, p.toString(), NumpyWriter.create());
    return p;
  }

  private static Volume ramp() {
    float[] d = new float[4 * 3 * 2];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    return Volume.of(d, 1, 4, 3, 2);
  }

  @Test
  void arrayChainRunsOnOneImage() throws Exception {
    Path in = write(ramp(), "in.npy");
    Path cfg = Files.writeString(tmp.resolve("c.json"),
        "[{\"_target_\": \"Flip\", \"spatial_axis\": 0}, {\"_target_\": \"ScaleIntensity\", \"minv\": 0.0, \"maxv\": 1.0}]");
    Path out = tmp.resolve("out.npy");
    CliRunner r = CliRunner.run("transform", "--config", cfg.toString(), in.toString(), out.toString());
    assertEquals(0, r.exitCode, r.err);
    Volume v = LoadImage.create().apply(out.toString());
    // flip along x: voxel (0,0,0) takes old (3,0,0) = 3, scaled by 1/23
    assertEquals(3f / 23f, v.floats()[0], 1e-6);
    assertEquals(0f, v.floats()[3], 1e-6);
  }

  @Test
  void dictionaryChainFansOutAndIsSeeded() throws Exception {
    byte[] lab = new byte[8 * 8 * 4];
    for (int i = 0; i < lab.length; i += 3) {
      lab[i] = 1;
    }
    float[] img = new float[8 * 8 * 4];
    for (int i = 0; i < img.length; i++) {
      img[i] = i % 17;
    }
    Path image = write(Volume.of(img, 1, 8, 8, 4), "img.npy");
    Path label = write(Volume.wrap(lab, DType.UINT8, new int[] {1, 8, 8, 4}, Affine.identity()), "lab.npy");
    Path cfg = Files.writeString(tmp.resolve("d.json"),
        "[{\"_target_\": \"RandCropByPosNegLabeld\", \"keys\": [\"image\", \"label\"], \"label_key\": \"label\","
            + " \"spatial_size\": [4, 4, 2], \"pos\": 1, \"neg\": 1, \"num_samples\": 2},"
            + " {\"_target_\": \"RandFlipd\", \"keys\": [\"image\", \"label\"], \"prob\": 0.5, \"spatial_axis\": 0}]");
    Path out = Files.createDirectories(tmp.resolve("out"));
    CliRunner r = CliRunner.run("transform", "--config", cfg.toString(), "--seed", "5",
        "--key", "image=" + image, "--key", "label=" + label, "--ext", ".npy", out.toString());
    assertEquals(0, r.exitCode, r.err);
    assertEquals(4, r.out.strip().split("\n").length, r.out);
    Volume a0 = LoadImage.create().apply(out.resolve("image_0.npy").toString());
    assertArrayEquals(new int[] {1, 4, 4, 2}, a0.shape());
    // same seed, same result; another seed, another crop
    Path again = Files.createDirectories(tmp.resolve("again"));
    CliRunner.run("transform", "--config", cfg.toString(), "--seed", "5",
        "--key", "image=" + image, "--key", "label=" + label, "--ext", ".npy", again.toString());
    assertArrayEquals(a0.floats(), LoadImage.create().apply(again.resolve("image_0.npy").toString()).floats());
    Path other = Files.createDirectories(tmp.resolve("other"));
    CliRunner.run("transform", "--config", cfg.toString(), "--seed", "6",
        "--key", "image=" + image, "--key", "label=" + label, "--ext", ".npy", other.toString());
    boolean differs = false;
    for (int i = 0; i < 2; i++) {
      float[] x = LoadImage.create().apply(out.resolve("image_" + i + ".npy").toString()).floats();
      float[] y = LoadImage.create().apply(other.resolve("image_" + i + ".npy").toString()).floats();
      differs |= !java.util.Arrays.equals(x, y);
    }
    assertTrue(differs, "seed 6 should draw other crops or flips than seed 5");
  }

  @Test
  void badConfigNamesTheTransformAndArgument() throws Exception {
    Path in = write(ramp(), "in.npy");
    Path cfg = Files.writeString(tmp.resolve("bad.json"), "[{\"_target_\": \"Spacing\", \"pixdim\": [1, 1, 1], \"mdoe\": \"bilinear\"}]");
    CliRunner r = CliRunner.run("transform", "--config", cfg.toString(), in.toString(), tmp.resolve("o.npy").toString());
    assertEquals(1, r.exitCode);
    assertTrue(r.err.contains("Spacing") && r.err.contains("mdoe") && r.err.contains("accepted"), r.err);
    Path unknown = Files.writeString(tmp.resolve("unknown.json"), "[{\"_target_\": \"Spacingg\"}]");
    CliRunner u = CliRunner.run("transform", "--config", unknown.toString(), in.toString(), tmp.resolve("o.npy").toString());
    assertNotEquals(0, u.exitCode);
    assertTrue(u.err.contains("unknown transform \"Spacingg\""), u.err);
  }
}
