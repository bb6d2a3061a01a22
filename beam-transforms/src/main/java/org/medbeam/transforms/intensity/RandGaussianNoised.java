package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandGaussianNoised}: one {@link RandGaussianNoise} draw per sample, the same noise
 * (drawn for the first key's shape) added to every key.
 */
public final class RandGaussianNoised extends RandIntensityd<RandGaussianNoise.Draw> {
  private static final long serialVersionUID = 1L;

  public RandGaussianNoised(
      KeySelection keys, double prob, double mean, double std, DType dtype, boolean sampleStd) {
    super(keys, new RandGaussianNoise(prob, mean, std, dtype, sampleStd));
  }
}
