package org.medbeam.transforms.utility;

import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code EnsureChannelFirstd}: {@link EnsureChannelFirst} on every key. */
public final class EnsureChannelFirstd extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  private final EnsureChannelFirst adjuster;

  public EnsureChannelFirstd(KeySelection keys, boolean strictCheck, Object channelDim) {
    super(keys);
    this.adjuster = new EnsureChannelFirst(strictCheck, channelDim);
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return adjuster.apply(img);
  }
}
