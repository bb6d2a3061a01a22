package org.medbeam.transforms.post;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code RemoveSmallObjectsd}: {@link RemoveSmallObjects} on every key. */
public final class RemoveSmallObjectsd extends Postd {
  private static final long serialVersionUID = 1L;

  public RemoveSmallObjectsd(
      KeySelection keys,
      double minSize,
      int connectivity,
      boolean independentChannels,
      boolean byMeasure) {
    super(keys, new RemoveSmallObjects(minSize, connectivity, independentChannels, byMeasure));
  }
}
