package org.medbeam.transforms.utility;

import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code SqueezeDimd}: {@link SqueezeDim} on every key. */
public final class SqueezeDimd extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  private final SqueezeDim converter;

  public SqueezeDimd(KeySelection keys, Integer dim, boolean updateMeta) {
    super(keys);
    this.converter = new SqueezeDim(dim, updateMeta);
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return converter.apply(img);
  }
}
