package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code NormalizeIntensityd}: {@link NormalizeIntensity} on every key. */
public final class NormalizeIntensityd extends Intensityd {
  private static final long serialVersionUID = 1L;

  public NormalizeIntensityd(
      KeySelection keys,
      double[] subtrahend,
      double[] divisor,
      boolean nonzero,
      boolean channelWise,
      DType dtype) {
    super(keys, new NormalizeIntensity(subtrahend, divisor, nonzero, channelWise, dtype));
  }
}
