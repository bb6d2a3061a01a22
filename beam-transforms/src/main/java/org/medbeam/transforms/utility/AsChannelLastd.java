package org.medbeam.transforms.utility;

import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code AsChannelLastd}: {@link AsChannelLast} on every key. */
public final class AsChannelLastd extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  private final AsChannelLast converter;

  public AsChannelLastd(KeySelection keys, int channelDim) {
    super(keys);
    this.converter = new AsChannelLast(channelDim);
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return converter.apply(img);
  }
}
