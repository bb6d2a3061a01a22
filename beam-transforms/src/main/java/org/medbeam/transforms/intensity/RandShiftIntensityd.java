package org.medbeam.transforms.intensity;

import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandShiftIntensityd}: one {@link RandShiftIntensity} draw per sample, the same
 * offset for every key.
 */
public final class RandShiftIntensityd extends RandIntensityd<double[]> {
  private static final long serialVersionUID = 1L;

  public RandShiftIntensityd(
      KeySelection keys, double[] offsets, double prob, boolean channelWise) {
    super(keys, new RandShiftIntensity(offsets, prob, channelWise));
  }
}
