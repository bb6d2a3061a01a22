package org.medbeam.transforms.post;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code FillHolesd}: {@link FillHoles} on every key. */
public final class FillHolesd extends Postd {
  private static final long serialVersionUID = 1L;

  public FillHolesd(KeySelection keys, double[] appliedLabels, Integer connectivity) {
    super(keys, new FillHoles(appliedLabels, connectivity));
  }
}
