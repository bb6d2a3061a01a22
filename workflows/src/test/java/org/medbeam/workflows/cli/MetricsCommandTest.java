package org.medbeam.workflows.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.io.SaveImage;
import org.medbeam.io.numpy.NumpyWriter;

class MetricsCommandTest {
  @TempDir Path tmp;

  /** A 1x6x6x4 label map with a 2x2x2 cube of class 1 at x offset {@code dx}. */
  private static Volume cube(int dx) {
    byte[] d = new byte[6 * 6 * 4];
    for (int z = 1; z < 3; z++) {
      for (int y = 2; y < 4; y++) {
        for (int x = 1 + dx; x < 3 + dx; x++) {
          d[x + 6 * (y + 6 * z)] = 1;
        }
      }
    }
    return Volume.wrap(d, DType.UINT8, new int[] {1, 6, 6, 4}, Affine.identity());
  }

  @Test
  void scoresPairsByNameAndReportsTheRest() throws Exception {
    Path preds = Files.createDirectories(tmp.resolve("preds"));
    Path labels = Files.createDirectories(tmp.resolve("labels"));
    for (String c : new String[] {"a", "b"}) {
      SaveImage.writeAtomically(cube(0), labels.resolve(c + ".npy").toString(), NumpyWriter.create());
    }
    SaveImage.writeAtomically(cube(0), preds.resolve("a.npy").toString(), NumpyWriter.create());
    // b is shifted by one voxel: overlap 4 of 8 voxels each, Dice = 2*4/(8+8) = 0.5
    SaveImage.writeAtomically(cube(1), preds.resolve("b.npy").toString(), NumpyWriter.create());
    SaveImage.writeAtomically(cube(0), preds.resolve("extra.npy").toString(), NumpyWriter.create());
    Files.write(preds.resolve("c.npy"), new byte[] {1, 2, 3});
    SaveImage.writeAtomically(cube(0), labels.resolve("c.npy").toString(), NumpyWriter.create());
    Path out = tmp.resolve("report");

    CliRunner r = CliRunner.run("metrics", "--pred", preds + "/*.npy", "--label", labels + "/*.npy",
        "--metric", "dice(include_background=false),hausdorff95", "--num-classes", "2", "--out", out.toString());
    assertEquals(0, r.exitCode, r.err);

    List<String> raw = Files.readAllLines(out.resolve("dice_raw.csv"));
    assertEquals(3, raw.size(), raw.toString()); // header + a + b
    assertTrue(raw.get(1).startsWith("a,1.0"), raw.toString());
    assertTrue(raw.get(2).startsWith("b,0.5"), raw.toString());
    assertTrue(Files.exists(out.resolve("hausdorff_distance_raw.csv")) || Files.exists(out.resolve("hausdorff95_raw.csv")),
        () -> out.toFile().list().toString());
    assertTrue(Files.exists(out.resolve("metrics.csv")));
    String failures = Files.readString(out.resolve("failures.jsonl"));
    assertTrue(failures.contains("extra.npy") && failures.contains("\"stage\":\"pair\""), failures);
    assertTrue(failures.contains("c.npy") && failures.contains("\"stage\":\"load\""), failures);
  }

  @Test
  void unknownMetricIsAnErrorNamingIt() throws Exception {
    Path f = tmp.resolve("a.npy");
    SaveImage.writeAtomically(cube(0), f.toString(), NumpyWriter.create());
    CliRunner r = CliRunner.run("metrics", "--pred", f.toString(), "--label", f.toString(),
        "--metric", "dicey", "--out", tmp.resolve("o").toString());
    assertEquals(1, r.exitCode);
    assertTrue(r.err.contains("dicey"), r.err);
  }
}
