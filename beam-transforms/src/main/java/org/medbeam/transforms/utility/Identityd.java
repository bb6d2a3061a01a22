package org.medbeam.transforms.utility;

import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Identityd}: returns the sample unchanged (missing keys still checked). */
public final class Identityd extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  public Identityd(KeySelection keys) {
    super(keys);
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return img;
  }
}
