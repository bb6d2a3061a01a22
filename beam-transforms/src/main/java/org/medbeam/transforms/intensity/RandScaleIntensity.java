package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandScaleIntensity}: with probability {@code prob}, {@code x * (1 + factor)} with
 * {@code factor ~ uniform(factors)} ({@code (-f, f)} for one number), one per channel with {@code
 * channel_wise}. Output {@code dtype} (float32) also when not applied, as MONAI converts.
 */
public final class RandScaleIntensity implements RandomizableTransform<double[]> {
  private static final long serialVersionUID = 1L;

  private final double[] factors;
  private final double prob;
  private final boolean channelWise;
  private final DType dtype;

  public RandScaleIntensity(double[] factors, double prob, boolean channelWise, DType dtype) {
    this.factors = Probability.range("RandScaleIntensity", "factors", factors);
    this.prob = Probability.check("RandScaleIntensity", prob);
    this.channelWise = channelWise;
    this.dtype = dtype;
  }

  /** The drawn factor(s), or null when the transform does not apply. */
  @Override
  public double[] randomize(RandomState random, Volume img) {
    if (!(random.rand() < prob)) {
      return null;
    }
    if (channelWise) {
      int c = img == null ? 0 : img.channels();
      double[] f = new double[c];
      for (int i = 0; i < c; i++) {
        f[i] = random.uniform(factors[0], factors[1]);
      }
      return f;
    }
    return new double[] {random.uniform(factors[0], factors[1])};
  }

  @Override
  public Volume apply(Volume img, double[] draw) {
    DType t = dtype == null ? img.dtype() : dtype;
    if (draw == null) {
      return img.astype(t);
    }
    float[] x = Floats.copy(img, 1);
    int n = img.voxelsPerChannel();
    for (int c = 0; c < img.channels(); c++) {
      float m = (float) (1 + (channelWise ? draw[c] : draw[0]));
      for (int i = c * n; i < (c + 1) * n; i++) {
        x[i] = x[i] * m;
      }
    }
    return Floats.output(img, x, t);
  }

  @Override
  public String toString() {
    return "RandScaleIntensity(factors=["
        + factors[0]
        + ", "
        + factors[1]
        + "], prob="
        + prob
        + ", channel_wise="
        + channelWise
        + ")";
  }
}
