package org.medbeam.transforms.croppad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.RandomizableTransform;
import org.medbeam.transforms.utility.LabelIndices;
import org.medbeam.transforms.utility.Tuples;

/**
 * MONAI's {@code RandCropByPosNegLabel}: {@code num_samples} crops of {@code spatial_size} centred
 * on a foreground voxel of the label with probability {@code pos / (pos + neg)}, else on a
 * background voxel ({@code label == 0}, and {@code image > image_threshold} when an image is
 * given). Per sample it draws {@code rand()} then {@code randint(len(indices))} and moves the
 * centre inside the image ({@code correct_crop_centers}), exactly as MONAI's {@code
 * generate_pos_neg_label_crop_centers}. Precomputed {@code fg_indices}/{@code bg_indices} (C-order
 * flat indices, {@code FgBgToIndices}) skip the label pass.
 *
 * <p>Each crop records {@code RandCropByPosNegLabel} (the inner {@code SpatialCrop} nested) and
 * carries {@code patch_index} and {@code crop_center} metadata. Shapes {@code (C, X[, Y[, Z]])}.
 */
public final class RandCropByPosNegLabel
    implements RandomizableTransform<int[][]>, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final int[] spatialSize;
  private final Volume label;
  private final double posRatio;
  private final int numSamples;
  private final Volume image;
  private final double imageThreshold;
  private final long[] fgIndices;
  private final long[] bgIndices;
  private final boolean allowSmaller;

  public RandCropByPosNegLabel(
      int[] spatialSize,
      Volume label,
      double pos,
      double neg,
      int numSamples,
      Volume image,
      double imageThreshold,
      long[] fgIndices,
      long[] bgIndices,
      boolean allowSmaller) {
    this.spatialSize = Tuples.nonEmpty("RandCropByPosNegLabel", "spatial_size", spatialSize);
    this.posRatio = posRatio("RandCropByPosNegLabel", pos, neg);
    if (numSamples < 1) {
      throw new IllegalArgumentException(
          "RandCropByPosNegLabel: num_samples must be positive, got " + numSamples);
    }
    this.label = label;
    this.numSamples = numSamples;
    this.image = image;
    this.imageThreshold = imageThreshold;
    this.fgIndices = fgIndices == null ? null : fgIndices.clone();
    this.bgIndices = bgIndices == null ? null : bgIndices.clone();
    this.allowSmaller = allowSmaller;
  }

  /** Crops around the given label's voxels with MONAI's defaults (pos = neg = 1, no image). */
  public RandCropByPosNegLabel(int[] spatialSize, Volume label, int numSamples) {
    this(spatialSize, label, 1, 1, numSamples, null, 0, null, null, false);
  }

  static double posRatio(String owner, double pos, double neg) {
    if (pos < 0 || neg < 0 || Double.isNaN(pos) || Double.isNaN(neg)) {
      throw new IllegalArgumentException(
          owner + ": pos and neg must be nonnegative, got pos=" + pos + " neg=" + neg);
    }
    if (pos + neg == 0) {
      throw new IllegalArgumentException(owner + ": Incompatible values: pos=0 and neg=0");
    }
    return pos / (pos + neg);
  }

  public int numSamples() {
    return numSamples;
  }

  public int[] spatialSize() {
    return spatialSize.clone();
  }

  /** Draws with the label and image given at construction. */
  @Override
  public int[][] randomize(RandomState random, Volume img) {
    return randomize(random, label, image, null, null, 1);
  }

  /**
   * MONAI's {@code randomize(label, fg_indices, bg_indices, image)}: centres ({@code num_samples}
   * spatial coordinates). Arguments left null fall back to those given at construction.
   */
  public int[][] randomize(
      RandomState random,
      Volume labelArg,
      Volume imageArg,
      long[] fgArg,
      long[] bgArg,
      int threads) {
    Volume lab = labelArg != null ? labelArg : label;
    Volume im = imageArg != null ? imageArg : image;
    long[] fg = fgArg != null ? fgArg : fgIndices;
    long[] bg = bgArg != null ? bgArg : bgIndices;
    int[] shape;
    if (lab != null) {
      shape = lab.spatialShape();
    } else if (im != null) {
      shape = im.spatialShape();
    } else {
      throw new IllegalArgumentException(
          "RandCropByPosNegLabel: label or image must be provided to get the spatial shape");
    }
    LabelIndices.Pool fgPool;
    LabelIndices.Pool bgPool;
    if (fg == null || bg == null) {
      if (lab == null) {
        throw new IllegalArgumentException("RandCropByPosNegLabel: label must be provided");
      }
      LabelIndices.FgBg pools = LabelIndices.fgBgPools(lab, im, imageThreshold, threads);
      fgPool = pools.foreground;
      bgPool = pools.background;
    } else {
      fgPool = LabelIndices.explicit(fg, shape);
      bgPool = LabelIndices.explicit(bg, shape);
    }
    return LabelIndices.posNegCenters(
        spatialSize, numSamples, posRatio, shape, fgPool, bgPool, random, allowSmaller);
  }

  @Override
  public Volume apply(Volume img, int[][] centers) {
    return applyMulti(img, centers).get(0);
  }

  /** One crop per centre, MONAI's {@code SpatialCrop(roi_center, roi_size)}. */
  public List<Volume> applyMulti(Volume img, int[][] centers) {
    return applyMulti(img, centers, 1);
  }

  /** The crops with {@code threads} intra-op threads. */
  public List<Volume> applyMulti(Volume img, int[][] centers, int threads) {
    return cropAll(img, centers, spatialSize, "RandCropByPosNegLabel", threads);
  }

  public List<Volume> applyMulti(Volume img, RandomState random) {
    return applyMulti(img, randomize(random, img));
  }

  static List<Volume> cropAll(Volume img, int[][] centers, int[] spatialSize, String name) {
    return cropAll(img, centers, spatialSize, name, 1);
  }

  static List<Volume> cropAll(
      Volume img, int[][] centers, int[] spatialSize, String name, int threads) {
    int[] shape = img.spatialShape();
    int[] roi = Tuples.fallBack(name, "spatial_size", spatialSize, shape);
    List<Volume> out = new ArrayList<>(centers.length);
    for (int i = 0; i < centers.length; i++) {
      Cropping.Box box = Cropping.centerSize(centers[i], roi, shape);
      out.add(Cropping.sampleCrop(img, box, "SpatialCrop", name, i, centers[i], threads));
    }
    return out;
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, "RandCropByPosNegLabel", null);
  }

  @Override
  public String toString() {
    return "RandCropByPosNegLabel(spatial_size="
        + Arrays.toString(spatialSize)
        + ", pos_ratio="
        + posRatio
        + ", num_samples="
        + numSamples
        + ")";
  }
}
