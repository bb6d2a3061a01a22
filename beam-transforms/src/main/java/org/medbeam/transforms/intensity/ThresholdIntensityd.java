package org.medbeam.transforms.intensity;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code ThresholdIntensityd}: {@link ThresholdIntensity} on every key. */
public final class ThresholdIntensityd extends Intensityd {
  private static final long serialVersionUID = 1L;

  public ThresholdIntensityd(KeySelection keys, double threshold, boolean above, double cval) {
    super(keys, new ThresholdIntensity(threshold, above, cval));
  }
}
