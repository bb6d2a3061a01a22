package org.medbeam.transforms.intensity;

import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code ThresholdIntensity}: keeps voxels above {@code threshold} ({@code above=true}) or
 * below it, sets the others to {@code cval}; the output keeps the input's dtype ({@code cval}
 * converted to it). Comparisons are in float32 as torch compares a non-float64 tensor with a Python
 * float.
 */
public final class ThresholdIntensity implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final double threshold;
  private final boolean above;
  private final double cval;

  public ThresholdIntensity(double threshold, boolean above, double cval) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("ThresholdIntensity: threshold must be a number, got NaN");
    }
    this.threshold = threshold;
    this.above = above;
    this.cval = cval;
  }

  @Override
  public Volume apply(Volume img, int threads) {
    int n = img.size();
    DType t = img.dtype();
    Object out = t.allocate(n);
    boolean dbl = t == DType.FLOAT64;
    float tf = (float) threshold;
    Object fill = t.allocate(1);
    Volume.store(fill, t, 0, cval);
    for (int i = 0; i < n; i++) {
      double v = img.getDouble(i);
      boolean keep;
      if (dbl) {
        keep = above ? v > threshold : v < threshold;
      } else {
        float fv = (float) v;
        keep = above ? fv > tf : fv < tf;
      }
      if (keep) {
        System.arraycopy(img.array(), i, out, i, 1);
      } else {
        System.arraycopy(fill, 0, out, i, 1);
      }
    }
    return img.withData(out, t, img.shape());
  }

  @Override
  public String toString() {
    return "ThresholdIntensity(threshold="
        + threshold
        + ", above="
        + above
        + ", cval="
        + cval
        + ")";
  }
}
