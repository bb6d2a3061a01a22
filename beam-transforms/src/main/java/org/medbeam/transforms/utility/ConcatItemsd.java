package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code ConcatItemsd}: concatenates the keys' volumes along array axis {@code dim}
 * (default 0, the channels) into {@code name}, with the first volume's affine and metadata. Mixed
 * dtypes are promoted as torch.cat does for these types (any float64: float64; any float: float32;
 * else int64).
 */
public final class ConcatItemsd implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final String name;
  private final int dim;

  public ConcatItemsd(KeySelection keys, String name, int dim) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("ConcatItemsd: name must be given");
    }
    this.keys = keys;
    this.name = name;
    this.dim = dim;
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    List<Volume> items = new ArrayList<>();
    for (KeySelection.Present p : keys.present(sample)) {
      items.add(sample.volume(p.key));
    }
    if (items.isEmpty()) {
      return sample;
    }
    return sample.with(name, concat(items, dim));
  }

  /** numpy's {@code concatenate(items, axis=dim)}. */
  public static Volume concat(List<Volume> items, int dim) {
    Volume first = items.get(0);
    int n = first.shape().length;
    int axis = dim < 0 ? dim + n : dim;
    if (axis < 0 || axis >= n) {
      throw new IllegalArgumentException(
          "ConcatItemsd: dim " + dim + " is out of range for arrays of " + n + " dimensions");
    }
    DType t = first.dtype();
    boolean anyFloat = false;
    boolean anyDouble = false;
    boolean mixed = false;
    for (Volume v : items) {
      mixed |= v.dtype() != t;
      anyFloat |= v.dtype().isFloating();
      anyDouble |= v.dtype() == DType.FLOAT64;
      int[] s = v.shape();
      if (s.length != n) {
        throw new IllegalArgumentException(
            "ConcatItemsd: all items must have " + n + " dimensions, got " + Arrays.toString(s));
      }
      for (int i = 0; i < n; i++) {
        if (i != axis && s[i] != first.shape(i)) {
          throw new IllegalArgumentException(
              "ConcatItemsd: shapes "
                  + Arrays.toString(first.shape())
                  + " and "
                  + Arrays.toString(s)
                  + " differ outside axis "
                  + axis);
        }
      }
    }
    DType out = !mixed ? t : anyDouble ? DType.FLOAT64 : anyFloat ? DType.FLOAT32 : DType.INT64;
    int[] perm = new int[n];
    perm[0] = axis;
    for (int i = 0, p = 1; i < n; i++) {
      if (i != axis) {
        perm[p++] = i;
      }
    }
    int[] inverse = new int[n];
    for (int i = 0; i < n; i++) {
      inverse[perm[i]] = i;
    }
    int total = 0;
    int lead = 0;
    List<Volume> moved = new ArrayList<>();
    for (Volume v : items) {
      Volume m = axis == 0 ? v.astype(out) : Axes.transpose(v.astype(out), perm);
      moved.add(m);
      total += m.size();
      lead += m.shape(0);
    }
    Object data = out.allocate(total);
    int pos = 0;
    for (Volume m : moved) {
      System.arraycopy(m.array(), 0, data, pos, m.size());
      pos += m.size();
    }
    int[] shape = moved.get(0).shape();
    shape[0] = lead;
    Volume cat = first.withData(data, out, shape);
    return axis == 0 ? cat : Axes.transpose(cat, inverse);
  }
}
