package org.medbeam.transforms.croppad;

import java.util.Arrays;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.utility.Tuples;
import org.medbeam.transforms.utility.VoxelMasks;
import org.medbeam.transforms.utility.VoxelPredicate;

/**
 * MONAI's {@code CropForeground}: crops to the bounding box of the voxels {@code select_fn} picks
 * (default {@code > 0}) on {@code channel_indices} (default all, merged with {@code any}), grown by
 * {@code margin} voxels per axis and then to a multiple of {@code k_divisible} (the growth split
 * {@code floor(extra / 2)} before, the rest after). With {@code allow_smaller=true} (MONAI 1.4's
 * default) the margin stops at the image edge; otherwise the box may leave the image and the
 * outside is padded with {@code mode}. No foreground gives an empty box, as in MONAI.
 *
 * <p>Records {@code CropForeground} with MONAI's {@code cropped} and the pad's entry under {@code
 * pad_info}; the inverse undoes both.
 */
public final class CropForeground implements Transform, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final VoxelPredicate selectFn;
  private final int[] channelIndices;
  private final int[] margin;
  private final boolean allowSmaller;
  private final int[] kDivisible;
  private final String mode;
  private final double value;

  /**
   * @param selectFn foreground selection (null: {@link VoxelPredicate#IS_POSITIVE})
   * @param channelIndices channels to look at (null: all)
   * @param margin voxels added per axis (one value or one per axis), non-negative
   * @param kDivisible make each box size a multiple of k (one value or one per axis)
   * @param mode pad mode for a box that leaves the image
   * @param value constant for {@code mode="constant"}
   */
  public CropForeground(
      VoxelPredicate selectFn,
      int[] channelIndices,
      int[] margin,
      boolean allowSmaller,
      int[] kDivisible,
      String mode,
      double value) {
    this.selectFn = selectFn == null ? VoxelPredicate.IS_POSITIVE : selectFn;
    this.channelIndices = channelIndices == null ? null : channelIndices.clone();
    this.margin = margin == null ? new int[] {0} : margin.clone();
    for (int m : this.margin) {
      if (m < 0) {
        throw new IllegalArgumentException(
            "CropForeground: margin value should not be negative number, got "
                + Arrays.toString(margin));
      }
    }
    this.allowSmaller = allowSmaller;
    this.kDivisible = kDivisible == null ? new int[] {1} : kDivisible.clone();
    this.mode = Padding.checkMode("CropForeground", mode);
    this.value = value;
  }

  /** Defaults: {@code > 0} on all channels, no margin, {@code allow_smaller=true}, k 1. */
  public CropForeground() {
    this(null, null, null, true, null, "constant", 0);
  }

  public CropForeground withMargin(int... m) {
    return new CropForeground(selectFn, channelIndices, m, allowSmaller, kDivisible, mode, value);
  }

  public CropForeground withKDivisible(int... k) {
    return new CropForeground(selectFn, channelIndices, margin, allowSmaller, k, mode, value);
  }

  public CropForeground withAllowSmaller(boolean a) {
    return new CropForeground(selectFn, channelIndices, margin, a, kDivisible, mode, value);
  }

  /**
   * MONAI's {@code generate_spatial_bounding_box}: {@code {start, end}} of the selected voxels with
   * the margin (clamped to the image with {@code allow_smaller}); all zeros without foreground.
   */
  public static int[][] spatialBoundingBox(
      Volume img,
      VoxelPredicate selectFn,
      int[] channelIndices,
      int[] margin,
      boolean allowSmaller,
      int threads) {
    int[] shape = img.spatialShape();
    int r = shape.length;
    int[] m = Tuples.rep("CropForeground", "margin", margin, r);
    byte[] mask = new byte[img.voxelsPerChannel()];
    int[] ch = channelIndices == null ? VoxelMasks.allChannels(img) : channelIndices;
    if (selectFn == VoxelPredicate.IS_POSITIVE) {
      VoxelMasks.orGreater(img, ch, 0.0, mask, (byte) 1, threads);
    } else {
      VoxelMasks.orSelected(img, ch, selectFn, mask, (byte) 1, threads);
    }
    int[] s3 = {1, 1, 1};
    System.arraycopy(shape, 0, s3, 0, r);
    int[] lo = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    int[] hi = {-1, -1, -1};
    int i = 0;
    for (int z = 0; z < s3[2]; z++) {
      for (int y = 0; y < s3[1]; y++) {
        int first = -1;
        int last = -1;
        for (int x = 0; x < s3[0]; x++, i++) {
          if (mask[i] != 0) {
            if (first < 0) {
              first = x;
            }
            last = x;
          }
        }
        if (first >= 0) {
          lo[0] = Math.min(lo[0], first);
          hi[0] = Math.max(hi[0], last);
          lo[1] = Math.min(lo[1], y);
          hi[1] = Math.max(hi[1], y);
          lo[2] = Math.min(lo[2], z);
          hi[2] = Math.max(hi[2], z);
        }
      }
    }
    int[] start = new int[r];
    int[] end = new int[r];
    if (hi[0] < 0) {
      return new int[][] {start, end};
    }
    for (int d = 0; d < r; d++) {
      int a = lo[d] - m[d];
      int b = hi[d] + m[d] + 1;
      if (allowSmaller) {
        a = Math.max(a, 0);
        b = Math.min(b, shape[d]);
      }
      start[d] = a;
      end[d] = b;
    }
    return new int[][] {start, end};
  }

  /**
   * MONAI's {@code compute_bounding_box}: the foreground box grown to a multiple of {@code
   * k_divisible}; {@code {start, end}}, possibly outside the image.
   */
  public int[][] computeBoundingBox(Volume img, int threads) {
    int[][] box = spatialBoundingBox(img, selectFn, channelIndices, margin, allowSmaller, threads);
    int r = box[0].length;
    int[] orig = new int[r];
    for (int d = 0; d < r; d++) {
      orig[d] = box[1][d] - box[0][d];
    }
    int[] size = DivisiblePad.divisibleSize(orig, kDivisible);
    int[] start = new int[r];
    int[] end = new int[r];
    for (int d = 0; d < r; d++) {
      start[d] = box[0][d] - Math.floorDiv(size[d] - orig[d], 2);
      end[d] = start[d] + size[d];
    }
    return new int[][] {start, end};
  }

  public int[][] computeBoundingBox(Volume img) {
    return computeBoundingBox(img, 1);
  }

  /**
   * MONAI's {@code crop_pad}: crops to the part of {@code [start, end)} inside the image, pads the
   * rest with {@code mode}, and records one {@code CropForeground} entry holding both.
   */
  public Volume cropPad(Volume img, int[] boxStart, int[] boxEnd, String modeOverride) {
    String m = modeOverride == null ? mode : Padding.checkMode("CropForeground", modeOverride);
    int[] shape = img.spatialShape();
    int r = shape.length;
    Cropping.Box box = Cropping.startEnd(boxStart, boxEnd, shape);
    Volume cropped = Cropping.crop(img, box);
    int[][] pads = new int[r][2];
    for (int d = 0; d < r; d++) {
      pads[d][0] = Math.max(-boxStart[d], 0);
      pads[d][1] = Math.max(boxEnd[d] - shape[d], 0);
    }
    Volume padded = Padding.pad(cropped, pads, m, value);
    AppliedOperation padOp = Padding.record(cropped, pads, m, "Pad");
    AppliedOperation cropOp = Cropping.record(img, box, "CropForeground");
    Metadata padInfo =
        Metadata.of(
            "class", "Pad",
            "orig_size", padOp.origSize(),
            "extra_info", padOp.extraInfo());
    Metadata extra = cropOp.extraInfo().with("pad_info", padInfo);
    return padded.pushOperation(AppliedOperation.of("CropForeground", shape, extra));
  }

  @Override
  public Volume apply(Volume img) {
    return apply(img, 1);
  }

  public Volume apply(Volume img, int threads) {
    int[][] b = computeBoundingBox(img, threads);
    return cropPad(img, b[0], b[1], null);
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, "CropForeground", null);
  }

  @Override
  public String toString() {
    return "CropForeground(margin="
        + Arrays.toString(margin)
        + ", allow_smaller="
        + allowSmaller
        + ", k_divisible="
        + Arrays.toString(kDivisible)
        + ", mode="
        + mode
        + ")";
  }
}
