package org.medbeam.model.inferers;

import java.nio.FloatBuffer;

/**
 * Whole-volume transposes between medbeam's layout ({@code (C, X, Y, Z)}, X fastest) and MONAI's
 * tensor layout ({@code (C, X, Y, Z)} in C order, Z fastest). Shapes are padded to three spatial
 * axes with 1s.
 */
final class Layouts {
  private Layouts() {}

  /** Writes medbeam-layout {@code src} into {@code dst} from {@code base} in C order. */
  static void toModel(float[] src, int channels, int[] sp3, FloatBuffer dst, int base) {
    int nx = sp3[0];
    int ny = sp3[1];
    int nz = sp3[2];
    int xyz = nx * ny * nz;
    for (int c = 0; c < channels; c++) {
      for (int x = 0; x < nx; x++) {
        for (int y = 0; y < ny; y++) {
          int d = base + ((c * nx + x) * ny + y) * nz;
          int s = c * xyz + x + nx * y;
          for (int z = 0; z < nz; z++) {
            dst.put(d + z, src[s + z * nx * ny]);
          }
        }
      }
    }
  }

  /** Reads C-order {@code src} from {@code base} into a new medbeam-layout array. */
  static float[] fromModel(FloatBuffer src, int base, int channels, int[] sp3) {
    int nx = sp3[0];
    int ny = sp3[1];
    int nz = sp3[2];
    int xyz = nx * ny * nz;
    float[] out = new float[channels * xyz];
    for (int c = 0; c < channels; c++) {
      for (int x = 0; x < nx; x++) {
        for (int y = 0; y < ny; y++) {
          int s = base + ((c * nx + x) * ny + y) * nz;
          int d = c * xyz + x + nx * y;
          for (int z = 0; z < nz; z++) {
            out[d + z * nx * ny] = src.get(s + z);
          }
        }
      }
    }
    return out;
  }

  static int[] pad3(int[] spatial) {
    int[] r = {1, 1, 1};
    System.arraycopy(spatial, 0, r, 0, spatial.length);
    return r;
  }

  /** medbeam-layout {@code src} as a new C-order (MONAI-layout) array. */
  static float[] toModelArray(float[] src, int channels, int[] sp3) {
    float[] out = new float[src.length];
    toModel(src, channels, sp3, FloatBuffer.wrap(out), 0);
    return out;
  }
}
