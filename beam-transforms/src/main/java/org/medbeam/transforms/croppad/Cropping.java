package org.medbeam.transforms.croppad;

import java.util.Arrays;
import org.medbeam.core.Affine;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;

/**
 * The crop kernel behind every cropping transform (MONAI's {@code crop_func}): copies a box of
 * every channel row by row, moves the affine's origin to the box start (MONAI's {@code affine @
 * create_translate(start)}), and records the operation with MONAI's {@code extra_info = {"cropped":
 * [start_0, cut_end_0, start_1, ...]}}.
 */
public final class Cropping {
  private Cropping() {}

  /** MONAI's extra-info key of a crop. */
  public static final String CROPPED = "cropped";

  /**
   * A resolved crop box: per spatial axis the first voxel kept ({@code start}), one past the last
   * ({@code end}), both within the image, and the translation MONAI applies to the affine ({@code
   * shift}, the slice start as requested).
   */
  public static final class Box {
    final int[] start;
    final int[] end;
    final int[] shift;

    Box(int[] start, int[] end, int[] shift) {
      this.start = start;
      this.end = end;
      this.shift = shift;
    }

    /** Python slicing of {@code [start, end)} over {@code shape}, shift = clamped start. */
    static Box ofStartEnd(int[] start, int[] end, int[] shape) {
      int r = shape.length;
      int[] s = new int[r];
      int[] e = new int[r];
      int[] shift = new int[r];
      for (int i = 0; i < r; i++) {
        s[i] = clampSlice(start[i], shape[i]);
        e[i] = Math.max(s[i], clampSlice(end[i], shape[i]));
        shift[i] = start[i] < 0 ? shape[i] + start[i] : start[i];
      }
      return new Box(s, e, shift);
    }

    public int[] start() {
      return start.clone();
    }

    public int[] end() {
      return end.clone();
    }

    public int[] size() {
      int[] s = new int[start.length];
      for (int i = 0; i < s.length; i++) {
        s[i] = end[i] - start[i];
      }
      return s;
    }

    @Override
    public String toString() {
      return "Box(start=" + Arrays.toString(start) + ", end=" + Arrays.toString(end) + ")";
    }
  }

  /** Python's {@code slice.indices} bound for a non-None index. */
  static int clampSlice(int v, int n) {
    if (v < 0) {
      v += n;
      return Math.max(v, 0);
    }
    return Math.min(v, n);
  }

  /**
   * MONAI's {@code Crop.compute_slices} from a centre and a size: {@code start = max(center - size
   * // 2, 0)}, {@code end = start + size} (not clipped: the slice stops at the image edge).
   */
  public static Box centerSize(int[] center, int[] size, int[] shape) {
    int r = shape.length;
    int[] s = new int[r];
    int[] e = new int[r];
    for (int i = 0; i < r; i++) {
      s[i] = Math.max(center[i] - Math.floorDiv(size[i], 2), 0);
      e[i] = Math.max(s[i] + size[i], s[i]);
    }
    return Box.ofStartEnd(s, e, shape);
  }

  /**
   * MONAI's {@code compute_slices} from start and end: {@code start >= 0}, {@code end >= start}.
   */
  public static Box startEnd(int[] start, int[] end, int[] shape) {
    int r = shape.length;
    int[] s = new int[r];
    int[] e = new int[r];
    for (int i = 0; i < r; i++) {
      s[i] = Math.max(start[i], 0);
      e[i] = Math.max(end[i], s[i]);
    }
    return Box.ofStartEnd(s, e, shape);
  }

  /**
   * Crops {@code img} to {@code box} and records {@code className} on its applied-operations stack.
   */
  public static Volume crop(Volume img, Box box, String className) {
    return crop(img, box).pushOperation(record(img, box, className));
  }

  /** The applied-operation entry MONAI's {@code crop_func} pushes for this box. */
  public static AppliedOperation record(Volume img, Box box, String className) {
    int[] shape = img.spatialShape();
    int[] cropped = new int[2 * shape.length];
    for (int i = 0; i < shape.length; i++) {
      cropped[2 * i] = box.start[i];
      cropped[2 * i + 1] = shape[i] - box.end[i];
    }
    return AppliedOperation.of(className, shape, Metadata.of(CROPPED, cropped));
  }

  /** Crops without recording: data copied row by row, affine origin moved by the box shift. */
  public static Volume crop(Volume img, Box box) {
    return crop(img, box, 1);
  }

  /** {@link #crop(Volume, Box)} with the row copies split over {@code threads} slabs. */
  public static Volume crop(Volume img, Box box, int threads) {
    int[] shape = img.spatialShape();
    int r = shape.length;
    boolean whole = true;
    for (int i = 0; i < r; i++) {
      whole &= box.start[i] == 0 && box.end[i] == shape[i];
    }
    Affine affine = translate(img.affine(), box.shift);
    int[] newShape = new int[r + 1];
    newShape[0] = img.channels();
    for (int i = 0; i < r; i++) {
      newShape[i + 1] = box.end[i] - box.start[i];
    }
    if (whole) {
      return img.withAffine(affine);
    }
    int nx = shape[0];
    int ny = r > 1 ? shape[1] : 1;
    int nz = r > 2 ? shape[2] : 1;
    int sx = box.start[0];
    int sy = r > 1 ? box.start[1] : 0;
    int sz = r > 2 ? box.start[2] : 0;
    int ox = newShape[1];
    int oy = r > 1 ? newShape[2] : 1;
    int oz = r > 2 ? newShape[3] : 1;
    int total = img.channels() * ox * oy * oz;
    Object src = img.array();
    Object dst = img.dtype().allocate(total);
    if (ox > 0) {
      int slabs = img.channels() * oz;
      org.medbeam.core.Parallel.forRange(
          slabs,
          threads,
          (from, to) -> {
            for (int slab = from; slab < to; slab++) {
              int c = slab / oz;
              int z = slab % oz;
              int base = nx * (ny * (nz * c + z + sz) + sy) + sx;
              int d = slab * oy * ox;
              for (int y = 0; y < oy; y++) {
                System.arraycopy(src, base + y * nx, dst, d, ox);
                d += ox;
              }
            }
          });
    }
    return img.withData(dst, img.dtype(), newShape).withAffine(affine);
  }

  /**
   * {@code affine @ T(shift)}: moves the origin to voxel {@code shift} of the current grid (MONAI's
   * {@code create_translate}, exact in double).
   */
  public static Affine translate(Affine affine, int[] shift) {
    double[] m = affine.toArray();
    double[] s = new double[3];
    for (int i = 0; i < shift.length && i < 3; i++) {
      s[i] = shift[i];
    }
    for (int row = 0; row < 3; row++) {
      // the row of affine @ T in matmul order: a0*s0 + a1*s1 + a2*s2 + a3*1
      m[row * 4 + 3] =
          m[row * 4] * s[0] + m[row * 4 + 1] * s[1] + m[row * 4 + 2] * s[2] + m[row * 4 + 3];
    }
    return Affine.of(m);
  }

  /**
   * MONAI's {@code push_transform(..., replace=True)}: the entry of the inner crop re-filed under
   * {@code outerName}, the inner entry kept whole in {@code extra_info} ({@code class}, {@code
   * orig_size}, {@code extra_info}).
   */
  public static AppliedOperation nested(String outerName, AppliedOperation inner) {
    Metadata info =
        Metadata.of(
            "class", inner.className(),
            "orig_size", inner.origSize(),
            "extra_info", inner.extraInfo(),
            "do_transforms", inner.doTransform());
    return AppliedOperation.of(outerName, inner.origSize(), info);
  }

  /**
   * A crop of one of several samples: crops to {@code box}, files the crop under {@code outerName}
   * with the inner {@code innerName} entry nested, and sets MONAI's {@code patch_index} (and {@code
   * crop_center} when given) in the metadata.
   */
  static Volume sampleCrop(
      Volume img,
      Box box,
      String innerName,
      String outerName,
      int index,
      int[] center,
      int threads) {
    AppliedOperation op = nested(outerName, record(img, box, innerName));
    Volume out = crop(img, box, threads).pushOperation(op).withMeta("patch_index", index);
    return center == null ? out : out.withMeta("crop_center", center.clone());
  }
}
