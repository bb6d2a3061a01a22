package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code ScaleIntensityd}: {@link ScaleIntensity} on every key. */
public final class ScaleIntensityd extends Intensityd {
  private static final long serialVersionUID = 1L;

  public ScaleIntensityd(
      KeySelection keys,
      Double minv,
      Double maxv,
      Double factor,
      boolean channelWise,
      DType dtype) {
    super(keys, new ScaleIntensity(minv, maxv, factor, channelWise, dtype));
  }
}
