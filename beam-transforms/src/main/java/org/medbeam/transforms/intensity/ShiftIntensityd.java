package org.medbeam.transforms.intensity;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code ShiftIntensityd}: {@link ShiftIntensity} on every key. */
public final class ShiftIntensityd extends Intensityd {
  private static final long serialVersionUID = 1L;

  public ShiftIntensityd(KeySelection keys, double offset) {
    super(keys, new ShiftIntensity(offset));
  }
}
