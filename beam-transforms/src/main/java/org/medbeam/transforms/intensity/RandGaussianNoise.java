package org.medbeam.transforms.intensity;

import java.util.Arrays;
import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandGaussianNoise}: with probability {@code prob} adds Gaussian noise of {@code
 * mean} and standard deviation {@code std} (with {@code sample_std}, itself drawn from {@code
 * uniform(0, std)}). Draws {@code rand()}, then {@code uniform}, then one {@code normal} per
 * element in C order (numpy's {@code normal(size=img.shape)}), so a seeded generator gives MONAI's
 * noise voxel for voxel. The noise is rounded to {@code dtype} (float32) and added in it; null
 * {@code dtype} keeps the input's.
 */
public final class RandGaussianNoise implements RandomizableTransform<RandGaussianNoise.Draw> {
  private static final long serialVersionUID = 1L;

  private final double prob;
  private final double mean;
  private final double std;
  private final DType dtype;
  private final boolean sampleStd;

  /** The decision and, when applied, the noise (our storage order) for one shape. */
  public static final class Draw {
    final boolean apply;
    final int[] shape;
    final double[] noise;

    Draw(boolean apply, int[] shape, double[] noise) {
      this.apply = apply;
      this.shape = shape;
      this.noise = noise;
    }

    public boolean applied() {
      return apply;
    }
  }

  public RandGaussianNoise(double prob, double mean, double std, DType dtype, boolean sampleStd) {
    this.prob = Probability.check("RandGaussianNoise", prob);
    this.mean = mean;
    this.std = std;
    this.dtype = dtype;
    this.sampleStd = sampleStd;
  }

  /** MONAI's defaults: prob 0.1, mean 0, std 0.1, float32, sample_std. */
  public RandGaussianNoise() {
    this(0.1, 0.0, 0.1, DType.FLOAT32, true);
  }

  @Override
  public Draw randomize(RandomState random, Volume img) {
    if (!(random.rand() < prob)) {
      return new Draw(false, null, null);
    }
    if (img == null) {
      return new Draw(true, null, null);
    }
    double s = sampleStd ? random.uniform(0, std) : std;
    int[] shape = img.shape();
    int n = img.size();
    double[] noise = new double[n];
    int c = shape[0];
    int nx = shape[1];
    int ny = shape.length > 2 ? shape[2] : 1;
    int nz = shape.length > 3 ? shape[3] : 1;
    // numpy fills C order: channel slowest, then x, y, z (z fastest)
    for (int ch = 0; ch < c; ch++) {
      for (int x = 0; x < nx; x++) {
        for (int y = 0; y < ny; y++) {
          for (int z = 0; z < nz; z++) {
            noise[x + nx * (y + ny * (z + nz * ch))] = mean + s * random.standardNormal();
          }
        }
      }
    }
    return new Draw(true, shape, noise);
  }

  @Override
  public Volume apply(Volume img, Draw draw) {
    if (!draw.apply) {
      return img;
    }
    if (!Arrays.equals(draw.shape, img.shape())) {
      throw new IllegalArgumentException(
          "RandGaussianNoise: the noise was drawn for shape "
              + Arrays.toString(draw.shape)
              + ", the image has "
              + Arrays.toString(img.shape()));
    }
    DType t = dtype == null ? img.dtype() : dtype;
    int n = img.size();
    if (t == DType.FLOAT32) {
      float[] x = Floats.copy(img, 1);
      for (int i = 0; i < n; i++) {
        x[i] = x[i] + (float) draw.noise[i];
      }
      return img.withData(x, DType.FLOAT32, img.shape());
    }
    Object out = t.allocate(n);
    Volume converted = img.astype(t);
    for (int i = 0; i < n; i++) {
      Volume.store(out, t, i, converted.getDouble(i) + Floats.roundTo(t, draw.noise[i]));
    }
    return img.withData(out, t, img.shape());
  }

  @Override
  public String toString() {
    return "RandGaussianNoise(prob="
        + prob
        + ", mean="
        + mean
        + ", std="
        + std
        + ", sample_std="
        + sampleStd
        + ")";
  }
}
