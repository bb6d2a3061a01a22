package org.medbeam.model.metrics;

import java.util.Arrays;
import org.medbeam.core.DType;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code get_mask_edges(crop=True)} for one class: the prediction and ground-truth masks
 * ({@code value == 1}, MONAI's {@code label_idx=1} on float inputs) cropped to the bounding box of
 * their union plus a margin of one voxel (zero outside the image, MONAI's {@code
 * CropForeground(margin=1, allow_smaller=False)}), and their edges: foreground voxels with at least
 * one face neighbour outside the mask ({@code binary_erosion(mask) ^ mask} with scipy's default
 * cross structure and {@code border_value=0}).
 *
 * <p>The edges are kept as flat index lists into the crop box (first axis fastest) and as masks.
 */
final class MaskEdges {
  final int[] box;
  final byte[] predEdges;
  final byte[] gtEdges;
  final int[] predIndex;
  final int[] gtIndex;

  private MaskEdges(int[] box, byte[] predEdges, byte[] gtEdges) {
    this.box = box;
    this.predEdges = predEdges;
    this.gtEdges = gtEdges;
    this.predIndex = indices(predEdges);
    this.gtIndex = indices(gtEdges);
  }

  static MaskEdges empty(int rank) {
    int[] box = new int[rank];
    Arrays.fill(box, 1);
    return new MaskEdges(box, new byte[1], new byte[1]);
  }

  int predCount() {
    return predIndex.length;
  }

  int gtCount() {
    return gtIndex.length;
  }

  private static int[] indices(byte[] m) {
    int n = 0;
    for (byte b : m) {
      n += b;
    }
    int[] idx = new int[n];
    int k = 0;
    for (int i = 0; i < m.length && k < n; i++) {
      if (m[i] != 0) {
        idx[k++] = i;
      }
    }
    return idx;
  }

  /**
   * Edges of channel {@code predCh} of {@code pred} against channel {@code gtCh} of {@code gt}
   * (same spatial shape, 1 to 3 spatial axes).
   */
  static MaskEdges of(Volume pred, int predCh, Volume gt, int gtCh, int threads) {
    int[] sp = pred.spatialShape();
    int rank = sp.length;
    int nx = sp[0];
    int ny = rank > 1 ? sp[1] : 1;
    int nz = rank > 2 ? sp[2] : 1;
    int nvox = pred.voxelsPerChannel();
    int pOff = predCh * nvox;
    int gOff = gtCh * nvox;
    int rows = ny * nz;
    // bounding box of the union, per slab of rows, merged
    boolean fast = pred.dtype() == DType.FLOAT32 && gt.dtype() == DType.FLOAT32;
    int slabs = Math.max(1, Math.min(rows, 64));
    int[][] partial = new int[slabs][];
    Parallel.forRange(
        slabs,
        threads,
        (s0, s1) -> {
          byte[] pr = new byte[nx];
          byte[] gr = new byte[nx];
          for (int s = s0; s < s1; s++) {
            int r0 = (int) ((long) rows * s / slabs);
            int r1 = (int) ((long) rows * (s + 1) / slabs);
            int[] bb = {Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1};
            for (int r = r0; r < r1; r++) {
              int first;
              int last;
              if (fast) {
                // from the left to the first foreground voxel, from the right to the last one: the
                // inside of a blob is never read
                float[] pf = (float[]) pred.array();
                float[] gf = (float[]) gt.array();
                int po = pOff + r * nx;
                int go = gOff + r * nx;
                first = -1;
                for (int x = 0; x < nx; x++) {
                  if (pf[po + x] == 1f || gf[go + x] == 1f) {
                    first = x;
                    break;
                  }
                }
                last = first;
                if (first >= 0) {
                  for (int x = nx - 1; x > first; x--) {
                    if (pf[po + x] == 1f || gf[go + x] == 1f) {
                      last = x;
                      break;
                    }
                  }
                }
              } else {
                ones(pred, pOff + r * nx, nx, pr);
                ones(gt, gOff + r * nx, nx, gr);
                first = -1;
                last = -1;
                for (int x = 0; x < nx; x++) {
                  if ((pr[x] | gr[x]) != 0) {
                    if (first < 0) {
                      first = x;
                    }
                    last = x;
                  }
                }
              }
              if (first >= 0) {
                int y = r % ny;
                int z = r / ny;
                bb[0] = Math.min(bb[0], first);
                bb[1] = Math.max(bb[1], last);
                bb[2] = Math.min(bb[2], y);
                bb[3] = Math.max(bb[3], y);
                bb[4] = Math.min(bb[4], z);
                bb[5] = Math.max(bb[5], z);
              }
            }
            partial[s] = bb;
          }
        });
    int[] bb = {Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1};
    for (int[] p : partial) {
      for (int a = 0; a < 3; a++) {
        bb[2 * a] = Math.min(bb[2 * a], p[2 * a]);
        bb[2 * a + 1] = Math.max(bb[2 * a + 1], p[2 * a + 1]);
      }
    }
    if (bb[1] < 0) {
      return empty(rank);
    }
    // crop box with a margin of one voxel on every spatial axis (zeros outside the image)
    int bx = bb[1] - bb[0] + 3;
    int by = rank > 1 ? bb[3] - bb[2] + 3 : 1;
    int bz = rank > 2 ? bb[5] - bb[4] + 3 : 1;
    int x0 = bb[0] - 1;
    int y0 = rank > 1 ? bb[2] - 1 : 0;
    int z0 = rank > 2 ? bb[4] - 1 : 0;
    int boxN = bx * by * bz;
    byte[] pm = new byte[boxN];
    byte[] gm = new byte[boxN];
    int yLo = rank > 1 ? 1 : 0;
    int yHi = rank > 1 ? by - 1 : 1;
    int zLo = rank > 2 ? 1 : 0;
    int zHi = rank > 2 ? bz - 1 : 1;
    Parallel.forRange(
        zHi - zLo,
        threads,
        (a0, a1) -> {
          byte[] row = new byte[bx];
          for (int bzI = zLo + a0; bzI < zLo + a1; bzI++) {
            for (int byI = yLo; byI < yHi; byI++) {
              int src = (x0 + 1) + nx * ((y0 + byI) + ny * (z0 + bzI));
              int dst = 1 + bx * (byI + by * bzI);
              ones(pred, pOff + src, bx - 2, row);
              System.arraycopy(row, 0, pm, dst, bx - 2);
              ones(gt, gOff + src, bx - 2, row);
              System.arraycopy(row, 0, gm, dst, bx - 2);
            }
          }
        });
    int[] box =
        rank == 1 ? new int[] {bx} : rank == 2 ? new int[] {bx, by} : new int[] {bx, by, bz};
    byte[] pe = new byte[boxN];
    byte[] ge = new byte[boxN];
    edges(pm, pe, bx, by, bz, rank, threads);
    edges(gm, ge, bx, by, bz, rank, threads);
    return new MaskEdges(box, pe, ge);
  }

  /**
   * {@code out = mask & !erode(mask)}: a foreground voxel is an edge when a face neighbour is
   * background. The box border is background, so foreground is never on it.
   */
  private static void edges(byte[] m, byte[] out, int bx, int by, int bz, int rank, int threads) {
    int sy = bx;
    int sz = bx * by;
    Parallel.forRange(
        bz,
        threads,
        (z0, z1) -> {
          for (int z = z0; z < z1; z++) {
            for (int y = 0; y < by; y++) {
              int base = bx * (y + by * z);
              for (int x = 0; x < bx; x++) {
                int i = base + x;
                if (m[i] == 0) {
                  continue;
                }
                int inside = m[i - 1] & m[i + 1];
                if (rank > 1) {
                  inside &= m[i - sy] & m[i + sy];
                }
                if (rank > 2) {
                  inside &= m[i - sz] & m[i + sz];
                }
                out[i] = (byte) (1 - inside);
              }
            }
          }
        });
  }

  /** {@code dst[k] = v[off + k] == 1}, for {@code k < len}. */
  static void ones(Volume v, int off, int len, byte[] dst) {
    Object a = v.array();
    switch (v.dtype()) {
      case FLOAT32:
        {
          float[] f = (float[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = (byte) (f[off + k] == 1f ? 1 : 0);
          }
          return;
        }
      case FLOAT64:
        {
          double[] f = (double[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = (byte) (f[off + k] == 1.0 ? 1 : 0);
          }
          return;
        }
      case UINT8:
      case INT8:
        {
          byte[] b = (byte[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = (byte) (b[off + k] == 1 ? 1 : 0);
          }
          return;
        }
      case INT16:
      case UINT16:
        {
          short[] b = (short[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = (byte) (b[off + k] == 1 ? 1 : 0);
          }
          return;
        }
      case INT32:
      case UINT32:
        {
          int[] b = (int[]) a;
          for (int k = 0; k < len; k++) {
            dst[k] = (byte) (b[off + k] == 1 ? 1 : 0);
          }
          return;
        }
      default:
        for (int k = 0; k < len; k++) {
          dst[k] = (byte) (v.getDouble(off + k) == 1.0 ? 1 : 0);
        }
    }
  }
}
