package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code ScaleIntensityRangePercentilesd}: {@link ScaleIntensityRangePercentiles} on every
 * key.
 */
public final class ScaleIntensityRangePercentilesd extends Intensityd {
  private static final long serialVersionUID = 1L;

  public ScaleIntensityRangePercentilesd(
      KeySelection keys,
      double lower,
      double upper,
      Double bMin,
      Double bMax,
      boolean clip,
      boolean relative,
      boolean channelWise,
      DType dtype) {
    super(
        keys,
        new ScaleIntensityRangePercentiles(
            lower, upper, bMin, bMax, clip, relative, channelWise, dtype));
  }
}
