package org.medbeam.transforms.intensity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Both filtering paths (fastest axis, strided axes) against the definition, for any kernel. */
class SeparableFilterTest {
  /** out[i] = Σ_t k[t]·in[i + t - c], c = (len-1)/2, zeros outside — MONAI's separable_filtering. */
  static float[] naive(float[] in, int channels, int[] dims, int axis, float[] k) {
    float[] out = new float[in.length];
    int c = (k.length - 1) / 2;
    int nx = dims[0];
    int ny = dims[1];
    int nz = dims[2];
    for (int ch = 0; ch < channels; ch++) {
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          for (int x = 0; x < nx; x++) {
            int[] p = {x, y, z};
            double acc = 0;
            for (int t = 0; t < k.length; t++) {
              int[] q = p.clone();
              q[axis] += t - c;
              if (q[axis] >= 0 && q[axis] < dims[axis]) {
                acc += k[t] * in[q[0] + nx * (q[1] + ny * (q[2] + nz * ch))];
              }
            }
            out[x + nx * (y + ny * (z + nz * ch))] = (float) acc;
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyAxisAndKernelShapeMatchesTheDefinition() {
    int[] dims = {7, 5, 4};
    float[] in = new float[2 * 7 * 5 * 4];
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) Math.sin(i * 0.37) * 10;
    }
    float[][] kernels = {
      {0.25f, 0.5f, 0.25f}, // symmetric, odd
      {0.1f, 0.7f, 0.2f}, // asymmetric, odd
      {0.3f, 0.7f}, // even: centre at index 0
      {0.1f, 0.2f, 0.3f, 0.4f}, // even: centre at index 1
      GaussianKernels.gaussian1d(1.3, 4.0, "erf") // longer than the axes
    };
    for (float[] k : kernels) {
      for (int axis = 0; axis < 3; axis++) {
        float[] out = new float[in.length];
        SeparableFilter.applyAxis(in, out, 2, dims, axis, k, 2);
        float[] expected = naive(in, 2, dims, axis, k);
        for (int i = 0; i < in.length; i++) {
          assertEquals(expected[i], out[i], 1e-5, "axis " + axis + " kernel length " + k.length + " at " + i);
        }
      }
    }
  }
}
