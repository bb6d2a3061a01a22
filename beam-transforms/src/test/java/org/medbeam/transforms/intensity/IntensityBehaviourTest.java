package org.medbeam.transforms.intensity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.transforms.config.TransformRegistry;

/** Intensity behaviour beyond the MONAI fixtures: threads, immutability, config, validation. */
class IntensityBehaviourTest {

  static Volume noise(int c, int x, int y, int z, long seed) {
    float[] d = new float[c * x * y * z];
    RandomState r = RandomState.of(seed);
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) r.normal(10, 30);
    }
    return Volume.wrap(d, DType.FLOAT32, new int[] {c, x, y, z}, Affine.scaling(1, 2, 3));
  }

  @Test
  void smoothingAndScalingGiveTheSameBitsWithAnyThreadCount() {
    Volume v = noise(2, 31, 17, 13, 1);
    float[] before = v.floats().clone();
    GaussianSmooth g = new GaussianSmooth(new double[] {1.3, 0.6, 2.1}, "erf");
    assertArrayEquals(g.apply(v, 1).floats(), g.apply(v, 4).floats());
    ScaleIntensityRange s = new ScaleIntensityRange(-57, 164, 0.0, 1.0, true, DType.FLOAT32);
    assertArrayEquals(s.apply(v, 1).floats(), s.apply(v, 3).floats());
    assertArrayEquals(before, v.floats(), "input unchanged");
    assertEquals(v.affine(), g.apply(v, 2).affine());
  }

  @Test
  void gaussianSmoothOfAnImpulseIsTheSeparableKernel() {
    float[] d = new float[9 * 9];
    d[4 + 9 * 4] = 1f;
    Volume v = Volume.of(d, 1, 9, 9);
    float[] k0 = GaussianKernels.gaussian1d(0.8, 4.0, "erf");
    float[] k1 = GaussianKernels.gaussian1d(1.1, 4.0, "erf");
    Volume out = new GaussianSmooth(new double[] {0.8, 1.1}, "erf").apply(v);
    int t0 = (k0.length - 1) / 2;
    int t1 = (k1.length - 1) / 2;
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 9; x++) {
        int i0 = x - 4 + t0;
        int i1 = y - 4 + t1;
        float want = i0 >= 0 && i0 < k0.length && i1 >= 0 && i1 < k1.length ? k0[i0] * k1[i1] : 0f;
        assertEquals(want, out.floats()[x + 9 * y], 1e-7f);
      }
    }
  }

  @Test
  void dictionaryRandomTransformsApplyOneDrawToEveryKey() {
    Volume a = noise(1, 6, 5, 4, 2);
    Sample s = Sample.of("s").with("image", a).with("copy", a);
    Sample out =
        new RandGaussianNoised(KeySelection.of("image", "copy"), 1.0, 0, 1, DType.FLOAT32, true)
            .apply(s, TransformContext.of(17));
    assertTrue(out.volume("image").sameVoxels(out.volume("copy")));
    Sample again =
        new RandGaussianNoised(KeySelection.of("image", "copy"), 1.0, 0, 1, DType.FLOAT32, true)
            .apply(s, RandomState.forSample(17, "s", 0, 0));
    assertTrue(out.volume("image").sameVoxels(again.volume("image")));
  }

  @Test
  void skippedRandomTransformsReturnTheInput() {
    Volume a = noise(1, 4, 4, 4, 3);
    RandGaussianNoise never = new RandGaussianNoise(0.0, 0, 1, DType.FLOAT32, true);
    assertSame(a, never.apply(a, RandomState.of(1)));
    assertNull(new RandAdjustContrast(0.0, null, false, false).randomize(RandomState.of(1), a));
  }

  @Test
  void configNullsAreMonaisNone() {
    Volume v =
        Volume.wrap(
            new short[] {0, 10, 20, 40}, DType.INT16, new int[] {1, 4, 1}, Affine.identity());
    ScaleIntensity keepType =
        (ScaleIntensity)
            TransformRegistry.getDefault()
                .create(
                    java.util.Map.of(
                        "_target_", "ScaleIntensity", "minv", 0.0, "maxv", 40.0, "dtype", "None"));
    Volume out = keepType.apply(v);
    assertEquals(DType.INT16, out.dtype());
    assertArrayEquals(new short[] {0, 10, 20, 40}, out.shorts());
    java.util.Map<String, Object> spec = new java.util.HashMap<>();
    spec.put("_target_", "ScaleIntensity");
    spec.put("minv", 2.0);
    spec.put("maxv", null);
    Volume norm = ((ScaleIntensity) TransformRegistry.getDefault().create(spec)).apply(v);
    assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 1f}, norm.floats());
  }

  @Test
  void errorsNameTheTransformAndTheArgument() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "{\"_target_\": \"GaussianSmoothd\", \"keys\": \"image\", \"approx\":"
                        + " \"gauss\"}"));
    assertTrue(e.getMessage().contains("GaussianSmoothd: argument 'approx'"), e.getMessage());
    assertTrue(e.getMessage().contains("erf, sampled, scalespace"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "{\"_target_\": \"ClipIntensityPercentiles\", \"lower\": 80, \"upper\": 20}"));
    assertTrue(e.getMessage().contains("ClipIntensityPercentiles"), e.getMessage());
    assertTrue(e.getMessage().contains("upper must be greater than or equal to lower"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChainConfig.fromText("{\"_target_\": \"RandGaussianNoise\", \"prob\": 1.5}"));
    assertTrue(e.getMessage().contains("prob must be between 0 and 1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChainConfig.fromText("{\"_target_\": \"ScaleIntensityRange\", \"a_min\": 0}"));
    assertTrue(e.getMessage().contains("'a_max' is required"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "{\"_target_\": \"NormalizeIntensity\", \"dtype\": \"float16\"}"));
    assertTrue(e.getMessage().contains("'dtype'"), e.getMessage());
    assertTrue(e.getMessage().contains("float32"), e.getMessage());
  }
}
