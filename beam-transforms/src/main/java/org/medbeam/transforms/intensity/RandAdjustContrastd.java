package org.medbeam.transforms.intensity;

import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandAdjustContrastd}: one {@link RandAdjustContrast} draw per sample, the same
 * gamma for every key.
 */
public final class RandAdjustContrastd extends RandIntensityd<Double> {
  private static final long serialVersionUID = 1L;

  public RandAdjustContrastd(
      KeySelection keys, double prob, double[] gamma, boolean invertImage, boolean retainStats) {
    super(keys, new RandAdjustContrast(prob, gamma, invertImage, retainStats));
  }
}
