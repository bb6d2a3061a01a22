package org.medbeam.transforms.post;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code LabelToContourd}: {@link LabelToContour} on every key. */
public final class LabelToContourd extends Postd {
  private static final long serialVersionUID = 1L;

  public LabelToContourd(KeySelection keys, String kernelType) {
    super(keys, new LabelToContour(kernelType));
  }
}
