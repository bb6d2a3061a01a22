package org.medbeam.transforms.croppad;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code SpatialCropd}: {@link SpatialCrop} on every key. */
public final class SpatialCropd extends Cropd {
  private static final long serialVersionUID = 1L;

  public SpatialCropd(KeySelection keys, SpatialCrop cropper) {
    super(keys, cropper, "SpatialCrop");
  }
}
