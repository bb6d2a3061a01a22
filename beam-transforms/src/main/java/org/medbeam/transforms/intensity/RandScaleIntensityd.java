package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandScaleIntensityd}: one {@link RandScaleIntensity} draw per sample, the same
 * factor for every key.
 */
public final class RandScaleIntensityd extends RandIntensityd<double[]> {
  private static final long serialVersionUID = 1L;

  public RandScaleIntensityd(
      KeySelection keys, double[] factors, double prob, boolean channelWise, DType dtype) {
    super(keys, new RandScaleIntensity(factors, prob, channelWise, dtype));
  }
}
