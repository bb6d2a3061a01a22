package org.medbeam.model.inferers;

import java.util.Arrays;

/**
 * MONAI's {@code compute_importance_map}: the per-voxel weight of a window when blending, in
 * float32 as MONAI computes it.
 *
 * <p>Arrays are C order over the window's axes (first axis slowest), i.e. MONAI's {@code (H, W[,
 * D])} = medbeam's {@code (X, Y[, Z])} with Z fastest — the model's layout, not the volume's.
 */
public final class ImportanceMap {
  private ImportanceMap() {}

  /**
   * The weight map of a window of size {@code patchSize}.
   *
   * <ul>
   *   <li>{@code constant}: all ones;
   *   <li>{@code gaussian}: the outer product over axes of {@code exp(x² / (-2 σ²))}, {@code x} =
   *       {@code -(n-1)/2 … (n-1)/2}, {@code σ = sigma_scale × n}; then every value is raised to
   *       at least {@code max(min(map), 1e-3)} so no voxel weighs (almost) nothing.
   * </ul>
   *
   * @param sigmaScale one value for all axes or one per axis (ignored for constant)
   */
  public static float[] compute(int[] patchSize, BlendMode mode, double[] sigmaScale) {
    int nd = patchSize.length;
    long n = 1;
    for (int s : patchSize) {
      if (s < 1) {
        throw new IllegalArgumentException("patch size must be positive, got "
            + Arrays.toString(patchSize));
      }
      n *= s;
    }
    float[] map = new float[Math.toIntExact(n)];
    if (mode == BlendMode.CONSTANT) {
      Arrays.fill(map, 1f);
      return map;
    }
    double[] sig = broadcast(sigmaScale, nd, "sigma_scale");
    float[][] g = new float[nd][];
    for (int d = 0; d < nd; d++) {
      int p = patchSize[d];
      double sigma = p * sig[d];
      // MONAI: torch.exp(x ** 2 / (-2 * sigma ** 2)) on a float32 arange; the Python divisor is
      // used as a float32 scalar
      float div = (float) (-2 * sigma * sigma);
      float start = (float) (-(p - 1) / 2.0);
      g[d] = new float[p];
      for (int i = 0; i < p; i++) {
        float x = start + i;
        g[d][i] = (float) Math.exp((x * x) / div);
      }
    }
    // outer product in MONAI's order: ((g0[i] * g1[j]) * g2[k])
    int[] strides = new int[nd];
    strides[nd - 1] = 1;
    for (int d = nd - 2; d >= 0; d--) {
      strides[d] = strides[d + 1] * patchSize[d + 1];
    }
    float min = Float.POSITIVE_INFINITY;
    for (int idx = 0; idx < map.length; idx++) {
      float v = g[0][idx / strides[0]];
      for (int d = 1; d < nd; d++) {
        v *= g[d][(idx / strides[d]) % patchSize[d]];
      }
      map[idx] = v;
      if (v < min) {
        min = v;
      }
    }
    float floor = (float) Math.max(min, 1e-3);
    for (int i = 0; i < map.length; i++) {
      if (map[i] < floor) {
        map[i] = floor;
      }
    }
    return map;
  }

  static double[] broadcast(double[] v, int nd, String name) {
    if (v.length == 1) {
      double[] r = new double[nd];
      Arrays.fill(r, v[0]);
      return r;
    }
    if (v.length != nd) {
      throw new IllegalArgumentException(
          name + " has " + v.length + " values " + Arrays.toString(v) + " but the input has " + nd
              + " spatial dimensions: give one value or " + nd);
    }
    return v.clone();
  }
}
