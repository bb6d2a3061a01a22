package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code ScaleIntensityRanged}: {@link ScaleIntensityRange} on every key. */
public final class ScaleIntensityRanged extends Intensityd {
  private static final long serialVersionUID = 1L;

  public ScaleIntensityRanged(
      KeySelection keys,
      double aMin,
      double aMax,
      Double bMin,
      Double bMax,
      boolean clip,
      DType dtype) {
    super(keys, new ScaleIntensityRange(aMin, aMax, bMin, bMax, clip, dtype));
  }
}
