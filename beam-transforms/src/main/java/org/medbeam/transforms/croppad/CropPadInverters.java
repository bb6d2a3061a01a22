package org.medbeam.transforms.croppad;

import java.util.Arrays;
import java.util.List;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.transforms.OperationInverter;

/**
 * Undoes recorded crops and pads from what they recorded (MONAI's {@code Pad.inverse} crops the
 * padding off, {@code Crop.inverse} pads the cut part back with zeros), so an inverse applies to
 * the transformed image or to any volume on its grid (a prediction). Shape and affine come back
 * exactly; cropped-away voxels come back as 0.
 */
final class CropPadInverters {
  private CropPadInverters() {}

  /** Undoes a pad entry ({@code padded}: channel pair then one pair per spatial axis). */
  static final OperationInverter PAD = (img, op, mode) -> undoPad(img, op.extraInfo(), op);

  /** Undoes a crop entry ({@code cropped}: start and cut end per axis). */
  static final OperationInverter CROP = (img, op, mode) -> undoCrop(img, op.extraInfo(), op);

  /** Undoes CropForeground: the pad under {@code pad_info}, then the crop. */
  static final OperationInverter CROP_FOREGROUND =
      (img, op, mode) -> {
        Object padInfo = op.extraInfo().get("pad_info");
        if (!(padInfo instanceof Metadata)) {
          throw new IllegalStateException("CropForeground entry has no pad_info to invert: " + op);
        }
        Metadata p = (Metadata) padInfo;
        Volume unpadded = undoPad(img, (Metadata) p.get("extra_info"), op);
        return undoCrop(unpadded, op.extraInfo(), op);
      };

  /** Undoes a multi-sample crop: the inner crop entry is nested under {@code extra_info}. */
  static final OperationInverter NESTED_CROP =
      (img, op, mode) -> {
        Object inner = op.extraInfo().get("extra_info");
        if (!(inner instanceof Metadata)) {
          throw new IllegalStateException(op.className() + " entry has no nested crop: " + op);
        }
        return undoCrop(img, (Metadata) inner, op);
      };

  static Volume undoPad(Volume img, Metadata extra, AppliedOperation op) {
    Object p = extra == null ? null : extra.get(Padding.PADDED);
    if (!(p instanceof List)) {
      throw new IllegalStateException(op.className() + " entry has no 'padded' list: " + op);
    }
    List<?> padded = (List<?>) p;
    int[] shape = img.spatialShape();
    int r = shape.length;
    if (padded.size() != r + 1) {
      throw new IllegalStateException(
          op.className() + " recorded " + (padded.size() - 1) + " padded axes, the image has " + r);
    }
    int[] start = new int[r];
    int[] end = new int[r];
    for (int i = 0; i < r; i++) {
      int[] pair = (int[]) padded.get(i + 1);
      start[i] = pair[0];
      end[i] = shape[i] - pair[1];
    }
    return Cropping.crop(img, Cropping.Box.ofStartEnd(start, end, shape));
  }

  static Volume undoCrop(Volume img, Metadata extra, AppliedOperation op) {
    int[] cropped = extra == null ? null : extra.getIntArray(Cropping.CROPPED);
    int r = img.spatialRank();
    if (cropped == null || cropped.length != 2 * r) {
      throw new IllegalStateException(
          op.className() + " entry has no 'cropped' list for " + r + " axes: " + op);
    }
    int[][] pads = new int[r][2];
    for (int i = 0; i < r; i++) {
      pads[i][0] = cropped[2 * i];
      pads[i][1] = cropped[2 * i + 1];
    }
    Volume out = Padding.pad(img, pads, "constant", 0);
    int[] orig = op.origSize();
    if (!Arrays.equals(out.spatialShape(), orig)) {
      throw new IllegalStateException(
          "inverting "
              + op.className()
              + " gives spatial shape "
              + Arrays.toString(out.spatialShape())
              + " but the recorded original was "
              + Arrays.toString(orig)
              + "; the volume is not on the grid the crop produced");
    }
    return out;
  }
}
