package org.medbeam.transforms.post;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code LabelFilterd}: {@link LabelFilter} on every key. */
public final class LabelFilterd extends Postd {
  private static final long serialVersionUID = 1L;

  public LabelFilterd(KeySelection keys, double... appliedLabels) {
    super(keys, new LabelFilter(appliedLabels));
  }
}
