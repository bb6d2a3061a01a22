package org.medbeam.transforms.post;

import java.util.Arrays;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code KeepLargestConnectedComponent}: keeps the {@code num_components} largest connected
 * components ({@link ConnectedComponents}, {@code connectivity} 1..rank, default full) of each
 * applied label ({@code independent=true}) or of their union, zeroing the rest. Labels are channel
 * indices of one-hot data ({@code is_onehot}, default {@code C > 1}) or values of a single-channel
 * label map; default all nonzero labels. Among equally large components the one whose first voxel
 * (C order) comes later is kept first, as MONAI's {@code argsort(...)[::-1]} orders small tie
 * groups. Output keeps the input's dtype.
 */
public final class KeepLargestConnectedComponent implements Transform {
  private static final long serialVersionUID = 1L;

  private final double[] appliedLabels;
  private final Boolean isOnehot;
  private final boolean independent;
  private final Integer connectivity;
  private final int numComponents;

  public KeepLargestConnectedComponent(
      double[] appliedLabels,
      Boolean isOnehot,
      boolean independent,
      Integer connectivity,
      int numComponents) {
    if (numComponents < 1) {
      throw new IllegalArgumentException(
          "KeepLargestConnectedComponent: num_components must be >= 1, got " + numComponents);
    }
    this.appliedLabels = appliedLabels == null ? null : appliedLabels.clone();
    this.isOnehot = isOnehot;
    this.independent = independent;
    this.connectivity = connectivity;
    this.numComponents = numComponents;
  }

  /** MONAI's defaults: all labels, independent, full connectivity, one component. */
  public KeepLargestConnectedComponent() {
    this(null, null, true, null, 1);
  }

  @Override
  public Volume apply(Volume img) {
    boolean onehot = isOnehot == null ? img.channels() > 1 : isOnehot;
    double[] labels = appliedLabels != null ? appliedLabels : Labels.unique(img, onehot, 0.0);
    Volume out = Labels.copy(img);
    Object data = out.array();
    int n = img.voxelsPerChannel();
    int[] dims = img.spatialShape();
    if (independent) {
      for (double l : labels) {
        byte[] fg = new byte[n];
        int base;
        if (onehot) {
          base = Labels.channelOf(l, img) * n;
          for (int i = 0; i < n; i++) {
            fg[i] = (byte) (out.getDouble(base + i) > 0 ? 1 : 0);
          }
        } else {
          base = 0;
          for (int i = 0; i < n; i++) {
            fg[i] = (byte) (out.getDouble(i) == l ? 1 : 0);
          }
        }
        byte[] keep = largest(fg, dims);
        for (int i = 0; i < n; i++) {
          if (fg[i] != keep[i]) {
            Volume.store(data, img.dtype(), base + i, 0);
          }
        }
      }
      return out;
    }
    byte[] fg = new byte[n];
    if (!onehot) {
      for (int i = 0; i < n; i++) {
        double v = out.getDouble(i);
        for (double l : labels) {
          if (v == l) {
            fg[i] = 1;
            break;
          }
        }
      }
      byte[] keep = largest(fg, dims);
      for (int i = 0; i < n; i++) {
        if (fg[i] != keep[i]) {
          Volume.store(data, img.dtype(), i, 0);
        }
      }
      return out;
    }
    for (double l : labels) {
      int base = Labels.channelOf(l, img) * n;
      for (int i = 0; i < n; i++) {
        if (out.getDouble(base + i) == 1) {
          fg[i] = 1;
        }
      }
    }
    byte[] keep = largest(fg, dims);
    for (double l : labels) {
      int base = Labels.channelOf(l, img) * n;
      for (int i = 0; i < n; i++) {
        if (fg[i] != keep[i]) {
          Volume.store(data, img.dtype(), base + i, 0);
        }
      }
    }
    return out;
  }

  /** MONAI's {@code get_largest_connected_component_mask}. */
  byte[] largest(byte[] fg, int[] dims) {
    ConnectedComponents cc = ConnectedComponents.label(fg, dims, connectivity);
    if (cc.count <= numComponents) {
      byte[] b = new byte[fg.length];
      for (int i = 0; i < fg.length; i++) {
        b[i] = (byte) (fg[i] != 0 ? 1 : 0);
      }
      return b;
    }
    // size descending, ties: the later-numbered component first
    long[] order = new long[cc.count];
    for (int k = 1; k <= cc.count; k++) {
      order[k - 1] = ((long) cc.sizes[k] << 32) | k;
    }
    Arrays.sort(order);
    boolean[] keepComp = new boolean[cc.count + 1];
    for (int j = 0; j < numComponents; j++) {
      keepComp[(int) order[order.length - 1 - j]] = true;
    }
    byte[] b = new byte[fg.length];
    for (int i = 0; i < fg.length; i++) {
      b[i] = (byte) (keepComp[cc.labels[i]] && cc.labels[i] > 0 ? 1 : 0);
    }
    return b;
  }

  @Override
  public String toString() {
    return "KeepLargestConnectedComponent(applied_labels="
        + Arrays.toString(appliedLabels)
        + ", is_onehot="
        + isOnehot
        + ", independent="
        + independent
        + ", connectivity="
        + connectivity
        + ", num_components="
        + numComponents
        + ")";
  }
}
