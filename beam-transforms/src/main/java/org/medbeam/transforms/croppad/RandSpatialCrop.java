package org.medbeam.transforms.croppad;

import java.util.Arrays;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.RandomizableTransform;
import org.medbeam.transforms.utility.Tuples;

/**
 * MONAI's {@code RandSpatialCrop}: a box of {@code roi_size} ({@code <= 0}: full axis) at a random
 * position, or at the centre when {@code random_center=false}. With {@code random_size=true} the
 * size is drawn per axis with {@code randint(roi_size, max_roi_size + 1)} first ({@code
 * max_roi_size} null or {@code <= 0}: the image size). The corner is drawn per axis with {@code
 * randint(0, size - roi + 1)} (no draw when the ROI fills the axis), MONAI's {@code
 * get_random_patch}.
 */
public final class RandSpatialCrop
    implements RandomizableTransform<RandSpatialCrop.Draw>, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final int[] roiSize;
  private final int[] maxRoiSize;
  private final boolean randomCenter;
  private final boolean randomSize;

  /** The drawn size and, for a random centre, the box start. */
  public static final class Draw {
    final int[] size;
    final int[] start;

    Draw(int[] size, int[] start) {
      this.size = size;
      this.start = start;
    }

    public int[] size() {
      return size.clone();
    }

    /** The box start, or null when the crop is centred. */
    public int[] start() {
      return start == null ? null : start.clone();
    }

    /** The box of this draw on an image of spatial shape {@code shape}. */
    public Cropping.Box box(int[] shape) {
      if (start != null) {
        int[] end = new int[start.length];
        for (int i = 0; i < end.length; i++) {
          end[i] = start[i] + size[i];
        }
        return Cropping.Box.ofStartEnd(start, end, shape);
      }
      return new CenterSpatialCrop(size).box(shape);
    }

    @Override
    public String toString() {
      return "Draw(size=" + Arrays.toString(size) + ", start=" + Arrays.toString(start) + ")";
    }
  }

  public RandSpatialCrop(
      int[] roiSize, int[] maxRoiSize, boolean randomCenter, boolean randomSize) {
    this.roiSize = Tuples.nonEmpty("RandSpatialCrop", "roi_size", roiSize);
    this.maxRoiSize = maxRoiSize == null ? null : maxRoiSize.clone();
    this.randomCenter = randomCenter;
    this.randomSize = randomSize;
  }

  public RandSpatialCrop(int... roiSize) {
    this(roiSize, null, true, false);
  }

  @Override
  public Draw randomize(RandomState random, Volume img) {
    return randomize(random, img.spatialShape());
  }

  /** MONAI's {@code randomize(img_size)}. */
  public Draw randomize(RandomState random, int[] imgSize) {
    int r = imgSize.length;
    int[] size = Tuples.fallBack("RandSpatialCrop", "roi_size", roiSize, imgSize);
    if (randomSize) {
      int[] max =
          maxRoiSize == null
              ? imgSize.clone()
              : Tuples.fallBack("RandSpatialCrop", "max_roi_size", maxRoiSize, imgSize);
      for (int i = 0; i < r; i++) {
        if (size[i] > max[i]) {
          throw new IllegalArgumentException(
              "RandSpatialCrop: min ROI size "
                  + Arrays.toString(size)
                  + " is larger than max ROI size "
                  + Arrays.toString(max));
        }
      }
      for (int i = 0; i < r; i++) {
        size[i] = (int) random.randint(size[i], max[i] + 1L);
      }
    }
    if (!randomCenter) {
      return new Draw(size, null);
    }
    int[] start = new int[r];
    for (int i = 0; i < r; i++) {
      int valid = Math.min(imgSize[i], size[i] == 0 ? imgSize[i] : size[i]);
      start[i] = imgSize[i] > valid ? (int) random.randint(0, imgSize[i] - valid + 1L) : 0;
      size[i] = valid;
    }
    return new Draw(size, start);
  }

  @Override
  public Volume apply(Volume img, Draw draw) {
    return Cropping.crop(img, draw.box(img.spatialShape()), "RandSpatialCrop");
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, "RandSpatialCrop", null);
  }

  @Override
  public String toString() {
    return "RandSpatialCrop(roi_size="
        + Arrays.toString(roiSize)
        + ", max_roi_size="
        + Arrays.toString(maxRoiSize)
        + ", random_center="
        + randomCenter
        + ", random_size="
        + randomSize
        + ")";
  }
}
