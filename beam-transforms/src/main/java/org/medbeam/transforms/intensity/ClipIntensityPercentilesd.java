package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code ClipIntensityPercentilesd}: {@link ClipIntensityPercentiles} on every key. */
public final class ClipIntensityPercentilesd extends Intensityd {
  private static final long serialVersionUID = 1L;

  public ClipIntensityPercentilesd(
      KeySelection keys,
      Double lower,
      Double upper,
      Double sharpnessFactor,
      boolean channelWise,
      DType dtype) {
    super(keys, new ClipIntensityPercentiles(lower, upper, sharpnessFactor, channelWise, dtype));
  }
}
