package org.medbeam.transforms.post;

import java.util.Arrays;
import java.util.TreeSet;
import org.medbeam.core.Volume;

/** Label helpers shared by the post transforms. */
final class Labels {
  private Labels() {}

  /**
   * MONAI's {@code get_unique_labels}: for one-hot data the channels with a positive sum, else the
   * distinct values of the single channel; ascending, without {@code discard} (null: nothing).
   */
  static double[] unique(Volume img, boolean onehot, Double discard) {
    TreeSet<Double> set = new TreeSet<>();
    int n = img.voxelsPerChannel();
    if (onehot) {
      for (int c = 0; c < img.channels(); c++) {
        double s = 0;
        for (int i = c * n; i < (c + 1) * n; i++) {
          s += img.getDouble(i);
        }
        if (s > 0) {
          set.add((double) c);
        }
      }
    } else {
      if (img.channels() != 1) {
        throw new IllegalArgumentException(
            "If input not one-hotted, should only be 1 channel, got " + img.channels());
      }
      for (int i = 0; i < n; i++) {
        set.add(img.getDouble(i) + 0.0); // -0.0 and 0.0 are one label
      }
    }
    if (discard != null) {
      set.remove(discard);
    }
    double[] out = new double[set.size()];
    int k = 0;
    for (double v : set) {
      out[k++] = v;
    }
    return out;
  }

  static double[] sortedCopy(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c;
  }

  /** A writable copy of the volume's storage wrapped as a volume of the same type and shape. */
  static Volume copy(Volume img) {
    Object src = img.array();
    Object dst = img.dtype().allocate(img.size());
    System.arraycopy(src, 0, dst, 0, img.size());
    return img.withData(dst, img.dtype(), img.shape());
  }

  static int channelOf(double label, Volume img) {
    int c = (int) label;
    if (c != label || c < 0 || c >= img.channels()) {
      throw new IllegalArgumentException(
          "label "
              + label
              + " is not a channel of the one-hot image with "
              + img.channels()
              + " channels");
    }
    return c;
  }
}
