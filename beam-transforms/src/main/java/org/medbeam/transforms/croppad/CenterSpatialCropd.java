package org.medbeam.transforms.croppad;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code CenterSpatialCropd}: {@link CenterSpatialCrop} on every key. */
public final class CenterSpatialCropd extends Cropd {
  private static final long serialVersionUID = 1L;

  public CenterSpatialCropd(KeySelection keys, int... roiSize) {
    super(keys, new CenterSpatialCrop(roiSize), "CenterSpatialCrop");
  }
}
