package org.medbeam.transforms.intensity;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code AdjustContrastd}: {@link AdjustContrast} on every key. */
public final class AdjustContrastd extends Intensityd {
  private static final long serialVersionUID = 1L;

  public AdjustContrastd(
      KeySelection keys, double gamma, boolean invertImage, boolean retainStats) {
    super(keys, new AdjustContrast(gamma, invertImage, retainStats));
  }
}
