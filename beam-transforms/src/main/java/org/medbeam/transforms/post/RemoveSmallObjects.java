package org.medbeam.transforms.post;

import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code RemoveSmallObjects} (skimage's {@code remove_small_objects} on the whole {@code
 * (C, X[, Y[, Z]])} array): objects of fewer than {@code min_size} voxels are zeroed. With {@code
 * independent_channels} a binary image ({@code max <= 1}) is labelled into connected components
 * over all axes, the channel axis included, with {@code connectivity} (default 1), and becomes 0/1;
 * a multi-valued image is taken as already labelled (objects = values, truncated to int). Without,
 * the foreground {@code > 0} is labelled and the input values are kept where objects survive.
 * {@code by_measure} reads {@code min_size} in mm^3 (mm^2) and divides by the voxel volume from the
 * affine (MONAI uses a MetaTensor's {@code pixdim}; so do we). An image with one value is returned
 * as is. Output keeps the input's dtype.
 */
public final class RemoveSmallObjects implements Transform {
  private static final long serialVersionUID = 1L;

  private final double minSize;
  private final int connectivity;
  private final boolean independentChannels;
  private final boolean byMeasure;

  public RemoveSmallObjects(
      double minSize, int connectivity, boolean independentChannels, boolean byMeasure) {
    if (minSize < 0 || Double.isNaN(minSize)) {
      throw new IllegalArgumentException(
          "RemoveSmallObjects: min_size must be >= 0, got " + minSize);
    }
    this.minSize = minSize;
    this.connectivity = connectivity;
    this.independentChannels = independentChannels;
    this.byMeasure = byMeasure;
  }

  public RemoveSmallObjects(double minSize) {
    this(minSize, 1, true, false);
  }

  @Override
  public Volume apply(Volume img) {
    int total = img.size();
    if (total == 0) {
      return img;
    }
    double first = img.getDouble(0);
    double max = first;
    boolean single = true;
    for (int i = 0; i < total; i++) {
      double v = img.getDouble(i);
      if (v != first && !(Double.isNaN(v) && Double.isNaN(first))) {
        single = false;
      }
      max = Math.max(max, v);
    }
    if (single) {
      return img;
    }
    double limit = minSize;
    if (byMeasure) {
      double vox = 1;
      for (double s : img.spacing()) {
        vox *= s;
      }
      if (vox == 0) {
        vox = 1;
      }
      limit = Math.ceil(minSize / vox);
    }
    int r = img.spatialRank();
    int[] dims = new int[r + 1];
    System.arraycopy(img.spatialShape(), 0, dims, 0, r);
    dims[r] = img.channels();
    DType t = img.dtype();
    Object out = t.allocate(total);
    boolean binary = !independentChannels || max <= 1;
    if (binary) {
      byte[] ar = new byte[total];
      for (int i = 0; i < total; i++) {
        double v = img.getDouble(i);
        ar[i] = (byte) ((independentChannels ? v != 0 : v > 0) ? 1 : 0);
      }
      if (connectivity < 1 || connectivity > r + 1) {
        throw new IllegalArgumentException(
            "RemoveSmallObjects: connectivity must be between 1 and "
                + (r + 1)
                + " (the number of array axes, channel included), got "
                + connectivity);
      }
      byte[] kept = ar;
      if (limit > 0) {
        ConnectedComponents cc = ConnectedComponents.label(ar, dims, connectivity, true);
        kept = new byte[total];
        for (int i = 0; i < total; i++) {
          int l = cc.labels[i];
          kept[i] = (byte) (l > 0 && !(cc.sizes[l] < limit) ? 1 : 0);
        }
      }
      for (int i = 0; i < total; i++) {
        if (independentChannels) {
          Volume.store(out, t, i, kept[i]);
        } else {
          Volume.store(out, t, i, img.getDouble(i) * kept[i]);
        }
      }
      return img.withData(out, t, img.shape());
    }
    // already labelled: each value is an object
    int[] lab = new int[total];
    int maxLabel = 0;
    for (int i = 0; i < total; i++) {
      double v = img.getDouble(i);
      int l =
          Double.isNaN(v) ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
      if (l < 0) {
        throw new IllegalArgumentException(
            "RemoveSmallObjects: Negative value labels are not supported (got " + v + ")");
      }
      lab[i] = l;
      maxLabel = Math.max(maxLabel, l);
    }
    long[] sizes = new long[maxLabel + 1];
    for (int l : lab) {
      sizes[l]++;
    }
    for (int i = 0; i < total; i++) {
      int l = lab[i];
      Volume.store(out, t, i, limit > 0 && sizes[l] < limit ? 0 : l);
    }
    return img.withData(out, t, img.shape());
  }

  @Override
  public String toString() {
    return "RemoveSmallObjects(min_size="
        + minSize
        + ", connectivity="
        + connectivity
        + ", independent_channels="
        + independentChannels
        + ", by_measure="
        + byMeasure
        + ")";
  }
}
