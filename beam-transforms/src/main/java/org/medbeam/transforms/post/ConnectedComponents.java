package org.medbeam.transforms.post;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Connected-component labelling of a binary mask in up to four dimensions (scipy's {@code
 * ndimage.label} / skimage's {@code measure.label} semantics): two voxels are neighbours when they
 * differ by one step on at most {@code connectivity} axes ({@code 1} = faces, {@code ndim} = full).
 * Linear time: one pass of union-find over earlier neighbours (flat {@code int} arrays, path
 * halving), one pass to number the components.
 *
 * <p>Components are numbered 1..n by their first voxel in C order (last axis fastest), as skimage
 * numbers them; the mask is given in our storage order ({@code dims[0]} fastest).
 */
public final class ConnectedComponents {
  /** 0 for background, else the component number (1..count). */
  public final int[] labels;

  /** Number of components. */
  public final int count;

  /** Voxels per component, index 0 unused. */
  public final int[] sizes;

  private ConnectedComponents(int[] labels, int count, int[] sizes) {
    this.labels = labels;
    this.count = count;
    this.sizes = sizes;
  }

  /**
   * @param mask nonzero = foreground, storage order with {@code dims[0]} fastest
   * @param dims up to 4 axis lengths, fastest first
   * @param connectivity 1..dims.length; null means {@code dims.length}
   */
  public static ConnectedComponents label(byte[] mask, int[] dims, Integer connectivity) {
    return label(mask, dims, connectivity, false);
  }

  /**
   * @param channelAxis the last (slowest) of {@code dims} is a channel axis, slowest in C order too
   *     (a whole {@code (C, X[, Y[, Z]])} array, as skimage sees it)
   */
  public static ConnectedComponents label(
      byte[] mask, int[] dims, Integer connectivity, boolean channelAxis) {
    int nd = dims.length;
    if (nd < 1 || nd > 4) {
      throw new IllegalArgumentException("connected components need 1 to 4 axes, got " + nd);
    }
    int conn = connectivity == null ? nd : connectivity;
    if (conn < 1 || conn > nd) {
      throw new IllegalArgumentException(
          "connectivity must be between 1 and "
              + nd
              + " (the number of axes), got "
              + connectivity);
    }
    int[] d = {1, 1, 1, 1};
    System.arraycopy(dims, 0, d, 0, nd);
    int n = d[0] * d[1] * d[2] * d[3];
    if (mask.length != n) {
      throw new IllegalArgumentException(
          "mask has " + mask.length + " voxels, dims " + Arrays.toString(dims) + " hold " + n);
    }
    int[] stride = {1, d[0], d[0] * d[1], d[0] * d[1] * d[2]};
    // neighbour displacements that come earlier in storage order
    List<int[]> prev = new ArrayList<>();
    for (int a = -1; a <= 1; a++) {
      for (int b = -1; b <= 1; b++) {
        for (int c = -1; c <= 1; c++) {
          for (int e = -1; e <= 1; e++) {
            int[] v = {e, c, b, a};
            int nz = 0;
            boolean valid = true;
            for (int k = 0; k < 4; k++) {
              if (v[k] != 0) {
                nz++;
                if (k >= nd) {
                  valid = false;
                }
              }
            }
            int off = v[0] * stride[0] + v[1] * stride[1] + v[2] * stride[2] + v[3] * stride[3];
            if (valid && nz > 0 && nz <= conn && off < 0) {
              prev.add(v);
            }
          }
        }
      }
    }
    int[][] disp = prev.toArray(new int[0][]);
    int[] dOff = new int[disp.length];
    for (int k = 0; k < disp.length; k++) {
      dOff[k] =
          disp[k][0] * stride[0]
              + disp[k][1] * stride[1]
              + disp[k][2] * stride[2]
              + disp[k][3] * stride[3];
    }
    int[] parent = new int[n];
    Arrays.fill(parent, -1);
    int i = 0;
    for (int w = 0; w < d[3]; w++) {
      for (int z = 0; z < d[2]; z++) {
        for (int y = 0; y < d[1]; y++) {
          for (int x = 0; x < d[0]; x++, i++) {
            if (mask[i] == 0) {
              continue;
            }
            parent[i] = i;
            for (int k = 0; k < disp.length; k++) {
              int[] v = disp[k];
              int nx = x + v[0];
              int ny = y + v[1];
              int nz = z + v[2];
              int nw = w + v[3];
              if (nx < 0
                  || nx >= d[0]
                  || ny < 0
                  || ny >= d[1]
                  || nz < 0
                  || nz >= d[2]
                  || nw < 0
                  || nw >= d[3]) {
                continue;
              }
              int j = i + dOff[k];
              if (mask[j] != 0) {
                union(parent, i, j);
              }
            }
          }
        }
      }
    }
    // roots: first voxel of each component in C order (axes reversed: dims[nd-1]... slowest)
    int[] rootMinC = new int[n];
    int[] rootSize = new int[n];
    Arrays.fill(rootMinC, Integer.MAX_VALUE);
    i = 0;
    int roots = 0;
    for (int w = 0; w < d[3]; w++) {
      for (int z = 0; z < d[2]; z++) {
        for (int y = 0; y < d[1]; y++) {
          for (int x = 0; x < d[0]; x++, i++) {
            if (parent[i] < 0) {
              continue;
            }
            int r = find(parent, i);
            parent[i] = r;
            // C order over the numpy axes (w, z, y, x read as the array's axes in reverse)
            int c = cIndex(channelAxis ? nd - 1 : nd, channelAxis, x, y, z, w, d);
            if (rootSize[r] == 0) {
              roots++;
            }
            rootSize[r]++;
            if (c < rootMinC[r]) {
              rootMinC[r] = c;
            }
          }
        }
      }
    }
    long[] order = new long[roots];
    int p = 0;
    for (int r = 0; r < n; r++) {
      if (rootSize[r] > 0) {
        order[p++] = ((long) rootMinC[r] << 32) | r;
      }
    }
    Arrays.sort(order);
    int[] number = new int[n];
    int[] sizes = new int[roots + 1];
    for (int k = 0; k < roots; k++) {
      int r = (int) order[k];
      number[r] = k + 1;
      sizes[k + 1] = rootSize[r];
    }
    int[] labels = new int[n];
    for (int v = 0; v < n; v++) {
      if (parent[v] >= 0) {
        labels[v] = number[parent[v]];
      }
    }
    return new ConnectedComponents(labels, roots, sizes);
  }

  /**
   * The C-order index of our voxel. Spatial axes run the other way round in C order (first axis
   * slowest); a channel axis, last in {@code dims}, is slowest in both.
   */
  private static int cIndex(int ns, boolean channelAxis, int x, int y, int z, int w, int[] d) {
    int[] c = {x, y, z, w};
    int idx = 0;
    int span = 1;
    for (int k = 0; k < ns; k++) {
      span *= d[k];
    }
    for (int k = 0; k < ns; k++) {
      idx = idx * d[k] + c[k];
    }
    return channelAxis ? c[ns] * span + idx : idx;
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  private static void union(int[] parent, int a, int b) {
    int ra = find(parent, a);
    int rb = find(parent, b);
    if (ra == rb) {
      return;
    }
    if (ra < rb) {
      parent[rb] = ra;
    } else {
      parent[ra] = rb;
    }
  }
}
