package org.medbeam.transforms.post;

import java.util.Arrays;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code FillHoles}: for each applied label (ascending; default all nonzero labels, or the
 * nonempty channels of one-hot data, {@code C > 1}), the voxels not of that label which cannot
 * reach the image border through other non-label voxels ({@code connectivity} 1..rank, default
 * full) are set to the label - MONAI's {@code binary_dilation(border_value=1, mask=img != label)}.
 * Anything enclosed is filled, other labels included, as MONAI's code does. Output keeps the
 * input's dtype.
 */
public final class FillHoles implements Transform {
  private static final long serialVersionUID = 1L;

  private final double[] appliedLabels;
  private final Integer connectivity;

  public FillHoles(double[] appliedLabels, Integer connectivity) {
    this.appliedLabels =
        appliedLabels == null || appliedLabels.length == 0 ? null : appliedLabels.clone();
    this.connectivity = connectivity;
  }

  public FillHoles() {
    this(null, null);
  }

  @Override
  public Volume apply(Volume img) {
    boolean onehot = img.channels() > 1;
    double[] labels =
        appliedLabels != null ? Labels.sortedCopy(appliedLabels) : Labels.unique(img, onehot, null);
    Volume out = Labels.copy(img);
    Object data = out.array();
    int n = img.voxelsPerChannel();
    int[] dims = img.spatialShape();
    int conn = connectivity == null ? dims.length : connectivity;
    if (conn < 1 || conn > dims.length) {
      throw new IllegalArgumentException(
          "FillHoles: connectivity must be between 1 and " + dims.length + ", got " + connectivity);
    }
    for (double l : labels) {
      if (l == 0) {
        continue;
      }
      byte[] mask = new byte[n];
      int base = onehot ? Labels.channelOf(l, img) * n : 0;
      for (int i = 0; i < n; i++) {
        double v = out.getDouble(base + i);
        mask[i] = (byte) ((onehot ? v == 0 : v != l) ? 1 : 0);
      }
      boolean[] reached = reachBorder(mask, dims, conn);
      for (int i = 0; i < n; i++) {
        if (onehot) {
          Volume.store(data, img.dtype(), base + i, reached[i] ? 0 : 1);
        } else if (!reached[i]) {
          Volume.store(data, img.dtype(), i, l);
        }
      }
    }
    return out;
  }

  /** Mask voxels connected to the image border through mask voxels (a flood fill). */
  static boolean[] reachBorder(byte[] mask, int[] dims, int conn) {
    int r = dims.length;
    int[] d = {1, 1, 1};
    System.arraycopy(dims, 0, d, 0, r);
    int n = mask.length;
    boolean[] reached = new boolean[n];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    int i = 0;
    for (int z = 0; z < d[2]; z++) {
      for (int y = 0; y < d[1]; y++) {
        for (int x = 0; x < d[0]; x++, i++) {
          boolean border =
              x == 0
                  || x == d[0] - 1
                  || (r > 1 && (y == 0 || y == d[1] - 1))
                  || (r > 2 && (z == 0 || z == d[2] - 1));
          if (border && mask[i] != 0) {
            reached[i] = true;
            queue[tail++] = i;
          }
        }
      }
    }
    int[][] disp = neighbours(r, conn);
    while (head < tail) {
      int v = queue[head++];
      int x = v % d[0];
      int y = (v / d[0]) % d[1];
      int z = v / (d[0] * d[1]);
      for (int[] dv : disp) {
        int nx = x + dv[0];
        int ny = y + dv[1];
        int nz = z + dv[2];
        if (nx < 0 || nx >= d[0] || ny < 0 || ny >= d[1] || nz < 0 || nz >= d[2]) {
          continue;
        }
        int j = nx + d[0] * (ny + d[1] * nz);
        if (mask[j] != 0 && !reached[j]) {
          reached[j] = true;
          queue[tail++] = j;
        }
      }
    }
    return reached;
  }

  static int[][] neighbours(int rank, int conn) {
    java.util.List<int[]> l = new java.util.ArrayList<>();
    for (int a = -1; a <= 1; a++) {
      for (int b = -1; b <= 1; b++) {
        for (int c = -1; c <= 1; c++) {
          int[] v = {c, b, a};
          int nz = 0;
          boolean ok = true;
          for (int k = 0; k < 3; k++) {
            if (v[k] != 0) {
              nz++;
              ok &= k < rank;
            }
          }
          if (ok && nz > 0 && nz <= conn) {
            l.add(v);
          }
        }
      }
    }
    return l.toArray(new int[0][]);
  }

  @Override
  public String toString() {
    return "FillHoles(applied_labels="
        + Arrays.toString(appliedLabels)
        + ", connectivity="
        + connectivity
        + ")";
  }
}
