package org.medbeam.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/** The resampling kernel: PyTorch grid_sample rules, fast path = general path, thread-invariant. */
class ResamplerTest {
  /** A 1×4×1 line [5, 10, 20, 30] sampled at x = m·j + t. */
  private static double sampleLine(double x, String mode, String pad, boolean ac) {
    Volume line = Volume.of(new float[] {5, 10, 20, 30}, 1, 4, 1);
    Affine m = Affine.of(0, 0, 0, x, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    Volume out =
        Resampler.of(GridSampleMode.parse(mode, "t"), GridSamplePadMode.parse(pad, "t"))
            .withAlignCorners(ac)
            .resample(line, new int[] {1, 1}, m);
    return out.getDouble(0);
  }

  @Test
  void paddingFollowsGridSample() {
    // hand-derived from PyTorch's grid_sampler_compute_source_index:
    // zeros: taps outside read 0
    assertEquals(0.0, sampleLine(-1.0, "bilinear", "zeros", false), 1e-6);
    assertEquals(2.5, sampleLine(-0.5, "bilinear", "zeros", false), 1e-6);
    assertEquals(15.0, sampleLine(3.5, "bilinear", "zeros", false), 1e-6);
    // border: clamp to [0, 3]
    assertEquals(5.0, sampleLine(-1.5, "bilinear", "border", false), 1e-6);
    assertEquals(30.0, sampleLine(7.0, "bilinear", "border", false), 1e-6);
    // reflection without align_corners mirrors about -0.5 and 3.5: -1.5 -> 0.5, -1 -> 0
    assertEquals(7.5, sampleLine(-1.5, "bilinear", "reflection", false), 1e-6);
    assertEquals(5.0, sampleLine(-1.0, "bilinear", "reflection", false), 1e-6);
    assertEquals(30.0, sampleLine(4.0, "bilinear", "reflection", false), 1e-6); // -> 3.0
    assertEquals(25.0, sampleLine(4.5, "bilinear", "reflection", false), 1e-6); // -> 2.5
    // reflection with align_corners mirrors about 0 and 3: -1.5 -> 1.5, 4 -> 2
    assertEquals(15.0, sampleLine(-1.5, "bilinear", "reflection", true), 1e-6);
    assertEquals(20.0, sampleLine(4.0, "bilinear", "reflection", true), 1e-6);
    // nearest rounds half to even (std::nearbyint): 0.5 -> 0, 1.5 -> 2, 2.5 -> 2
    assertEquals(5.0, sampleLine(0.5, "nearest", "zeros", false), 0);
    assertEquals(20.0, sampleLine(1.5, "nearest", "zeros", false), 0);
    assertEquals(20.0, sampleLine(2.5, "nearest", "zeros", false), 0);
    assertEquals(0.0, sampleLine(3.6, "nearest", "zeros", false), 0);
  }

  private static Volume volume(DType t) {
    Volume f = TestVolumes.labels(23, 19, 17, Affine.identity()).astype(t);
    return f;
  }

  @Test
  void fastPathEqualsGeneralPathAndIsThreadInvariant() {
    Volume img = TestVolumes.ramp(23, 19, 17, Affine.identity());
    // axis-aligned: flip x, scale y, permute y/z
    Affine aligned = Affine.of(-0.83, 0, 0, 21.37, 0, 0, 1.31, -0.71, 0, 0.93, 0, 0.43, 0, 0, 0, 1);
    // the same with an off-axis entry just above the fast-path tolerance
    Affine general =
        Affine.of(-0.83, 0, 0, 21.37, 0, 0, 1.31, -0.71, 0, 0.93, 1e-8, 0.43, 0, 0, 0, 1);
    int[] out = {26, 19, 21};
    for (GridSamplePadMode pad : GridSamplePadMode.values()) {
      for (GridSampleMode mode : GridSampleMode.values()) {
        Resampler r = Resampler.of(mode, pad).withThreads(1);
        Volume a = r.resample(img, out, aligned);
        Volume b = r.resample(img, out, general);
        Volume c = r.withThreads(3).resample(img, out, aligned);
        assertTrue(a.sameVoxels(c), "threads change nothing: " + mode + " " + pad);
        for (int i = 0; i < a.size(); i++) {
          assertEquals(a.getDouble(i), b.getDouble(i), 1e-4, mode + " " + pad + " at " + i);
        }
      }
    }
  }

  @Test
  void int16IsReadDirectlyWithTheSameResult() {
    Volume shorts = volume(DType.INT16);
    Volume floats = shorts.asFloat32();
    Affine m = Affine.of(0.7, 0, 0, 0.2, 0, 1.1, 0, -0.3, 0, 0, 0.6, 0.1, 0, 0, 0, 1);
    Resampler r = Resampler.of(GridSampleMode.BILINEAR, GridSamplePadMode.BORDER).withThreads(2);
    Volume a = r.resample(shorts, new int[] {30, 16, 25}, m);
    Volume b = r.resample(floats, new int[] {30, 16, 25}, m);
    assertEquals(DType.FLOAT32, a.dtype());
    assertTrue(a.sameVoxels(b));
  }

  @Test
  void denseGridEqualsAffineMap() {
    Volume img = TestVolumes.ramp(9, 8, 7, Affine.identity());
    double[][] m = {{0.9, 0.1, 0, 0.3}, {-0.1, 1.0, 0.05, 0.2}, {0, 0.02, 1.1, -0.4}};
    int[] out = {10, 8, 6};
    float[][] coords = new float[3][10 * 8 * 6];
    for (int z = 0; z < 6; z++) {
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 10; x++) {
          for (int a = 0; a < 3; a++) {
            coords[a][x + 10 * (y + 8 * z)] =
                (float) (m[a][0] * x + m[a][1] * y + m[a][2] * z + m[a][3]);
          }
        }
      }
    }
    Affine am = Affine.of(0.9, 0.1, 0, 0.3, -0.1, 1.0, 0.05, 0.2, 0, 0.02, 1.1, -0.4, 0, 0, 0, 1);
    Resampler r = Resampler.of(GridSampleMode.BILINEAR, GridSamplePadMode.REFLECTION);
    Volume a = r.resample(img, out, am);
    Volume b = r.resampleGrid(img, out, coords);
    assertArrayEquals(a.shape(), b.shape());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.getDouble(i), b.getDouble(i), 1e-4);
    }
  }

  @Test
  void elasticResultDoesNotDependOnTheThreadCount() {
    Volume img = TestVolumes.ramp(20, 17, 15, Affine.identity());
    Rand3DElastic t =
        Rand3DElastic.of(new double[] {2, 3}, new double[] {3, 5}, 1.0)
            .withRotateRange(new double[] {0.1});
    Volume one = t.withThreads(1).apply(img, org.medbeam.core.RandomState.of(4));
    Volume three = t.withThreads(3).apply(img, org.medbeam.core.RandomState.of(4));
    assertTrue(one.sameVoxels(three));
  }

  @Test
  void gaussianKernelMatchesTheErfFormula() {
    // erf values from Abramowitz & Stegun tables / scipy.special.erf
    assertEquals(0.5204998778130465, org.medbeam.transforms.intensity.GaussianKernels.erf(0.5), 1e-15);
    assertEquals(0.8427007929497149, org.medbeam.transforms.intensity.GaussianKernels.erf(1.0), 1e-15);
    assertEquals(-0.9953222650189527, org.medbeam.transforms.intensity.GaussianKernels.erf(-2.0), 1e-15);
    assertEquals(0.9999992569016276, org.medbeam.transforms.intensity.GaussianKernels.erf(3.5), 1e-15);
    float[] k = org.medbeam.transforms.intensity.GaussianKernels.gaussian1d(2.0, 3.0, "erf");
    assertEquals(13, k.length); // tail = int(2*3 + 0.5) = 6
    double sum = 0;
    for (float v : k) {
      sum += v;
    }
    assertEquals(erfOf(6.5 / (2.0 * Math.sqrt(2))), sum, 1e-6); // taps sum to erf(6.5/(σ√2))
    assertEquals(k[0], k[12], 0);
  }

  private static double erfOf(double x) {
    return org.medbeam.transforms.intensity.GaussianKernels.erf(x);
  }
}
