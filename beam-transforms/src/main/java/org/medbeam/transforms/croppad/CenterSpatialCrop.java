package org.medbeam.transforms.croppad;

import java.util.Arrays;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.utility.Tuples;

/**
 * MONAI's {@code CenterSpatialCrop}: a box of {@code roi_size} (entries {@code <= 0} mean the full
 * axis) centred at {@code size // 2}: the start is {@code size // 2 - roi // 2}, so with an odd
 * difference the extra voxel is cut at the end. Axes smaller than the ROI are kept whole.
 */
public final class CenterSpatialCrop implements Transform, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final int[] roiSize;

  public CenterSpatialCrop(int... roiSize) {
    this.roiSize = Tuples.nonEmpty("CenterSpatialCrop", "roi_size", roiSize);
  }

  /** The crop box for an image of spatial shape {@code shape}. */
  public Cropping.Box box(int[] shape) {
    int[] roi = Tuples.fallBack("CenterSpatialCrop", "roi_size", roiSize, shape);
    int[] center = new int[shape.length];
    for (int i = 0; i < shape.length; i++) {
      center[i] = shape[i] / 2;
    }
    return Cropping.centerSize(center, roi, shape);
  }

  @Override
  public Volume apply(Volume img) {
    return Cropping.crop(img, box(img.spatialShape()), "CenterSpatialCrop");
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, "CenterSpatialCrop", null);
  }

  @Override
  public String toString() {
    return "CenterSpatialCrop(roi_size=" + Arrays.toString(roiSize) + ")";
  }
}
