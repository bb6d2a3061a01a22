package org.medbeam.transforms.post;

import java.util.Arrays;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code LabelFilter}: keeps voxels whose value is one of {@code applied_labels}, sets the
 * others to 0. Any shape, dtype kept.
 */
public final class LabelFilter implements Transform {
  private static final long serialVersionUID = 1L;

  private final double[] appliedLabels;

  public LabelFilter(double... appliedLabels) {
    if (appliedLabels == null || appliedLabels.length == 0) {
      throw new IllegalArgumentException(
          "LabelFilter: applied_labels must name at least one label");
    }
    this.appliedLabels = appliedLabels.clone();
  }

  @Override
  public Volume apply(Volume img) {
    int n = img.size();
    Object out = img.dtype().allocate(n);
    for (int i = 0; i < n; i++) {
      double v = img.getDouble(i);
      for (double l : appliedLabels) {
        if (v == l) {
          System.arraycopy(img.array(), i, out, i, 1);
          break;
        }
      }
    }
    return img.withData(out, img.dtype(), img.shape());
  }

  @Override
  public String toString() {
    return "LabelFilter(applied_labels=" + Arrays.toString(appliedLabels) + ")";
  }
}
