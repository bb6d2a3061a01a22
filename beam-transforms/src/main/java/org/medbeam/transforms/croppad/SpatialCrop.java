package org.medbeam.transforms.croppad;

import java.util.Arrays;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code SpatialCrop}: a fixed region of interest, given as centre and size ({@code start =
 * max(center - size // 2, 0)}, {@code end = start + size}), as start and end ({@code start} clamped
 * at 0), or as Python slices ({@code [start, end)}, {@code null} for open, negatives counting from
 * the end). As in MONAI, {@code k} values crop the first {@code k} spatial axes (a single number is
 * not repeated), and a box reaching past the image stops at its edge. Shapes {@code (C, X[, Y[,
 * Z]])}; the affine origin moves to the box start.
 */
public final class SpatialCrop implements Transform, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final int[] start;
  private final int[] end;
  private final Integer[][] slices;

  private SpatialCrop(int[] start, int[] end, Integer[][] slices) {
    this.start = start;
    this.end = end;
    this.slices = slices;
  }

  /** MONAI's {@code SpatialCrop(roi_center=..., roi_size=...)}. */
  public static SpatialCrop centerSize(int[] roiCenter, int[] roiSize) {
    if (roiCenter == null || roiSize == null || roiCenter.length == 0) {
      throw new IllegalArgumentException(
          "SpatialCrop: please specify either roi_center, roi_size or roi_start, roi_end");
    }
    int k = Math.max(roiCenter.length, roiSize.length);
    int[] c = broadcast("roi_center", roiCenter, k);
    int[] z = broadcast("roi_size", roiSize, k);
    int[] s = new int[k];
    int[] e = new int[k];
    for (int i = 0; i < k; i++) {
      s[i] = Math.max(c[i] - Math.floorDiv(z[i], 2), 0);
      e[i] = Math.max(s[i] + z[i], s[i]);
    }
    return new SpatialCrop(s, e, null);
  }

  /** MONAI's {@code SpatialCrop(roi_start=..., roi_end=...)}. */
  public static SpatialCrop startEnd(int[] roiStart, int[] roiEnd) {
    if (roiStart == null || roiEnd == null || roiStart.length == 0) {
      throw new IllegalArgumentException(
          "SpatialCrop: please specify either roi_center, roi_size or roi_start, roi_end");
    }
    int k = Math.max(roiStart.length, roiEnd.length);
    int[] a = broadcast("roi_start", roiStart, k);
    int[] b = broadcast("roi_end", roiEnd, k);
    int[] s = new int[k];
    int[] e = new int[k];
    for (int i = 0; i < k; i++) {
      s[i] = Math.max(a[i], 0);
      e[i] = Math.max(b[i], s[i]);
    }
    return new SpatialCrop(s, e, null);
  }

  /**
   * MONAI's {@code SpatialCrop(roi_slices=...)}: one {@code {start, end}} pair per axis, either may
   * be null (open); only step 1 exists here, as in MONAI.
   */
  public static SpatialCrop slices(Integer[]... roiSlices) {
    if (roiSlices == null || roiSlices.length == 0) {
      throw new IllegalArgumentException("SpatialCrop: roi_slices must name at least one axis");
    }
    Integer[][] copy = new Integer[roiSlices.length][];
    for (int i = 0; i < roiSlices.length; i++) {
      if (roiSlices[i] == null || roiSlices[i].length != 2) {
        throw new IllegalArgumentException(
            "SpatialCrop: each roi_slices entry must be {start, end}, got "
                + Arrays.deepToString(roiSlices));
      }
      copy[i] = roiSlices[i].clone();
    }
    return new SpatialCrop(null, null, copy);
  }

  private static int[] broadcast(String name, int[] v, int k) {
    if (v.length == k) {
      return v.clone();
    }
    if (v.length == 1) {
      int[] o = new int[k];
      Arrays.fill(o, v[0]);
      return o;
    }
    throw new IllegalArgumentException(
        "SpatialCrop: " + name + " has " + v.length + " values where " + k + " are needed");
  }

  /** The crop box for an image of spatial shape {@code shape}. */
  public Cropping.Box box(int[] shape) {
    int r = shape.length;
    int[] s = new int[r];
    int[] e = shape.clone();
    if (slices != null) {
      for (int i = 0; i < Math.min(r, slices.length); i++) {
        s[i] = slices[i][0] == null ? 0 : slices[i][0];
        e[i] = slices[i][1] == null ? shape[i] : slices[i][1];
      }
      return Cropping.Box.ofStartEnd(s, e, shape);
    }
    for (int i = 0; i < Math.min(r, start.length); i++) {
      s[i] = start[i];
      e[i] = end[i];
    }
    return Cropping.Box.ofStartEnd(s, e, shape);
  }

  @Override
  public Volume apply(Volume img) {
    return Cropping.crop(img, box(img.spatialShape()), "SpatialCrop");
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, "SpatialCrop", null);
  }

  @Override
  public String toString() {
    return slices != null
        ? "SpatialCrop(roi_slices=" + Arrays.deepToString(slices) + ")"
        : "SpatialCrop(roi_start="
            + Arrays.toString(start)
            + ", roi_end="
            + Arrays.toString(end)
            + ")";
  }
}
