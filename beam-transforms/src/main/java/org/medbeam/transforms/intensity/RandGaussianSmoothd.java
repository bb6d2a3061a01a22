package org.medbeam.transforms.intensity;

import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandGaussianSmoothd}: one {@link RandGaussianSmooth} draw per sample, every key.
 */
public final class RandGaussianSmoothd extends RandIntensityd<double[]> {
  private static final long serialVersionUID = 1L;

  public RandGaussianSmoothd(
      KeySelection keys,
      double[] sigmaX,
      double[] sigmaY,
      double[] sigmaZ,
      double prob,
      String approx) {
    super(keys, new RandGaussianSmooth(sigmaX, sigmaY, sigmaZ, prob, approx));
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, double[] draw, int threads) {
    return ((RandGaussianSmooth) transform).apply(img, draw, threads);
  }
}
