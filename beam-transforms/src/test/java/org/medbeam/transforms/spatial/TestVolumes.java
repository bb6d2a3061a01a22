package org.medbeam.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/** Deterministic test volumes and comparisons. */
final class TestVolumes {
  private TestVolumes() {}

  static final Affine OBLIQUE =
      Affine.of(-0.7, 0.05, 0, 10, 0.03, -0.8, 0.02, 20, 0, 0.01, 1.25, -5, 0, 0, 0, 1);

  /**
   * A linear ramp {@code 3 + 2x - y + 0.5z} (linear interpolation reproduces it exactly inside
   * the image, so resampling errors show only where padding is involved).
   */
  static Volume ramp(int nx, int ny, int nz, Affine affine) {
    float[] d = new float[nx * ny * nz];
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          d[x + nx * (y + ny * z)] = 3 + 2f * x - y + 0.5f * z;
        }
      }
    }
    return Volume.wrap(d, DType.FLOAT32, new int[] {1, nx, ny, nz}, affine);
  }

  static Volume ramp2d(int nx, int ny, Affine affine) {
    float[] d = new float[nx * ny];
    for (int y = 0; y < ny; y++) {
      for (int x = 0; x < nx; x++) {
        d[x + nx * y] = 3 + 2f * x - y;
      }
    }
    return Volume.wrap(d, DType.FLOAT32, new int[] {1, nx, ny}, affine);
  }

  /** Integer labels in blocks (for nearest-neighbour and dtype checks). */
  static Volume labels(int nx, int ny, int nz, Affine affine) {
    short[] d = new short[nx * ny * nz];
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          d[x + nx * (y + ny * z)] = (short) ((x / 3 + 2 * (y / 3) + 3 * (z / 2)) % 5);
        }
      }
    }
    return Volume.wrap(d, DType.INT16, new int[] {1, nx, ny, nz}, affine);
  }

  /**
   * Same shape, affine within {@code affineTol}, values within {@code tol} at least {@code
   * margin} voxels from every face.
   */
  static void assertClose(
      Volume expected, Volume actual, double affineTol, double tol, int margin) {
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    assertTrue(
        expected.affine().almostEquals(actual.affine(), affineTol),
        "affine: expected " + expected.affine() + " got " + actual.affine());
    int[] s = expected.shape();
    int nx = s[1];
    int ny = s.length > 2 ? s[2] : 1;
    int nz = s.length > 3 ? s[3] : 1;
    double worst = 0;
    for (int c = 0; c < s[0]; c++) {
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          for (int x = 0; x < nx; x++) {
            if (x < margin || x >= nx - margin || y < margin && ny > 1
                || y >= ny - margin && ny > 1 || z < margin && nz > 1
                || z >= nz - margin && nz > 1) {
              continue;
            }
            int i = x + nx * (y + ny * (z + nz * c));
            worst = Math.max(worst, Math.abs(expected.getDouble(i) - actual.getDouble(i)));
          }
        }
      }
    }
    assertTrue(worst <= tol, "values differ by up to " + worst + " (tolerance " + tol + ")");
  }
}
