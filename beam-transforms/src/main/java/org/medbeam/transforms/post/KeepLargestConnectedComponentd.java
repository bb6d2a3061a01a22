package org.medbeam.transforms.post;

import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code KeepLargestConnectedComponentd}: {@link KeepLargestConnectedComponent} on every
 * key.
 */
public final class KeepLargestConnectedComponentd extends Postd {
  private static final long serialVersionUID = 1L;

  public KeepLargestConnectedComponentd(
      KeySelection keys,
      double[] appliedLabels,
      Boolean isOnehot,
      boolean independent,
      Integer connectivity,
      int numComponents) {
    super(
        keys,
        new KeepLargestConnectedComponent(
            appliedLabels, isOnehot, independent, connectivity, numComponents));
  }
}
