package org.medbeam.transforms.post;

import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code AsDiscrete}, in MONAI's order: {@code argmax} over channels (first maximum wins,
 * NaN counts as the maximum as in torch; {@code keepdim} default true), {@code to_onehot} with
 * {@code N} classes (the single-channel values truncated to integers, which must lie in {@code [0,
 * N)}), {@code threshold} ({@code x >= t} gives 1), {@code rounding="torchrounding"} (half to
 * even). Output {@code dtype} default float32.
 */
public final class AsDiscrete implements Transform {
  private static final long serialVersionUID = 1L;

  private final boolean argmax;
  private final Integer toOnehot;
  private final Double threshold;
  private final String rounding;
  private final boolean keepdim;
  private final DType dtype;

  public AsDiscrete(
      boolean argmax,
      Integer toOnehot,
      Double threshold,
      String rounding,
      boolean keepdim,
      DType dtype) {
    if (toOnehot != null && toOnehot < 1) {
      throw new IllegalArgumentException(
          "AsDiscrete: the number of classes for One-Hot must be a positive integer, got "
              + toOnehot);
    }
    if (rounding != null && !rounding.equals("torchrounding")) {
      throw new IllegalArgumentException(
          "AsDiscrete: rounding is \"" + rounding + "\"; accepted: torchrounding");
    }
    this.argmax = argmax;
    this.toOnehot = toOnehot;
    this.threshold = threshold;
    this.rounding = rounding;
    this.keepdim = keepdim;
    this.dtype = dtype == null ? DType.FLOAT32 : dtype;
  }

  public AsDiscrete(boolean argmax, Integer toOnehot, Double threshold) {
    this(argmax, toOnehot, threshold, null, true, DType.FLOAT32);
  }

  @Override
  public Volume apply(Volume img) {
    int[] shape = img.shape();
    int n = img.voxelsPerChannel();
    double[] v = img.toDoubleArray();
    if (argmax) {
      int c = img.channels();
      double[] idx = new double[n];
      for (int i = 0; i < n; i++) {
        int best = 0;
        double bv = v[i];
        for (int ch = 1; ch < c && !Double.isNaN(bv); ch++) {
          double x = v[ch * n + i];
          if (x > bv || Double.isNaN(x)) {
            best = ch;
            bv = x;
          }
        }
        idx[i] = best;
      }
      v = idx;
      shape = shape.clone();
      shape[0] = 1;
    }
    if (toOnehot != null) {
      if (shape[0] != 1) {
        throw new IllegalArgumentException(
            "AsDiscrete: to_onehot needs a single-channel label (labels should have a channel "
                + "with length equal to one), got "
                + shape[0]
                + " channels");
      }
      int k = toOnehot;
      double[] oh = new double[k * n];
      for (int i = 0; i < n; i++) {
        double x = v[i];
        long cls = (long) x;
        if (Double.isNaN(x) || cls < 0 || cls >= k) {
          throw new IllegalArgumentException(
              "AsDiscrete: label value " + x + " is not a class index in [0, " + k + ")");
        }
        oh[(int) cls * n + i] = 1;
      }
      v = oh;
      shape = shape.clone();
      shape[0] = k;
    }
    if (threshold != null) {
      double t = threshold;
      for (int i = 0; i < v.length; i++) {
        v[i] = v[i] >= t ? 1 : 0;
      }
    }
    if (rounding != null) {
      for (int i = 0; i < v.length; i++) {
        v[i] = Math.rint(v[i]);
      }
    }
    Object out = dtype.allocate(v.length);
    for (int i = 0; i < v.length; i++) {
      Volume.store(out, dtype, i, v[i]);
    }
    if (argmax && !keepdim && toOnehot == null) {
      int[] sq = img.spatialShape();
      if (sq.length < 2) {
        throw new IllegalArgumentException(
            "AsDiscrete: keepdim=false on a 1-D image leaves a 1-D array, which is not a volume");
      }
      return org.medbeam.transforms.utility.Axes.reshape(img.withData(out, dtype, shape), sq);
    }
    return img.withData(out, dtype, shape);
  }

  @Override
  public String toString() {
    return "AsDiscrete(argmax="
        + argmax
        + ", to_onehot="
        + toOnehot
        + ", threshold="
        + threshold
        + ", rounding="
        + rounding
        + ")";
  }
}
