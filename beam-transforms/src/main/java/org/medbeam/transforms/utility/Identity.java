package org.medbeam.transforms.utility;

import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/** MONAI's {@code Identity}: returns the volume unchanged. */
public final class Identity implements Transform {
  private static final long serialVersionUID = 1L;

  @Override
  public Volume apply(Volume img) {
    return img;
  }

  @Override
  public String toString() {
    return "Identity()";
  }
}
