package org.medbeam.transforms.croppad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;

/**
 * The pad kernel behind every padding transform (MONAI's {@code pad_func} / {@code pad_nd}): pads
 * the spatial axes with numpy's {@code np.pad} modes, moves the affine's origin by {@code
 * -pad_before} (MONAI's {@code affine @ create_translate(-pad_before)}) and records the operation
 * with MONAI's {@code extra_info = {"padded": [[0, 0], [before_0, after_0], ...], "mode": mode}}.
 *
 * <p>Modes are numpy's: {@code constant} (with {@code value}), {@code edge}, {@code reflect},
 * {@code symmetric}, {@code wrap}, {@code maximum}, {@code minimum}, {@code mean}, {@code median},
 * {@code linear_ramp} (ramping to {@code value} at the outer edge, numpy's {@code end_values}),
 * {@code empty} (numpy leaves it undefined; we write zeros), plus PyTorch's names {@code replicate}
 * (= edge) and {@code circular} (= wrap). Axes are padded one after another, first spatial axis
 * first, so corners follow numpy. Reflect/symmetric/wrap pads may be wider than the axis (numpy
 * repeats the reflection; PyTorch, which MONAI uses for float tensors, refuses).
 */
public final class Padding {
  private Padding() {}

  public static final String PADDED = "padded";
  public static final String MODE = "mode";

  /** The modes accepted, numpy's and PyTorch's names. */
  public static final List<String> MODES =
      List.of(
          "constant",
          "edge",
          "replicate",
          "reflect",
          "symmetric",
          "wrap",
          "circular",
          "maximum",
          "minimum",
          "mean",
          "median",
          "linear_ramp",
          "empty");

  /** Checks a mode name (case-insensitive) and returns its canonical spelling. */
  public static String checkMode(String owner, String mode) {
    if (mode == null) {
      return "constant";
    }
    String m = mode.trim().toLowerCase(Locale.ROOT);
    if (m.equals("zeros")) {
      return "constant";
    }
    if (!MODES.contains(m)) {
      throw new IllegalArgumentException(
          owner
              + ": padding mode \""
              + mode
              + "\" is not supported; accepted: "
              + String.join(", ", MODES));
    }
    return m;
  }

  private static String numpyMode(String m) {
    switch (m) {
      case "replicate":
        return "edge";
      case "circular":
        return "wrap";
      case "empty":
        return "constant";
      default:
        return m;
    }
  }

  /**
   * Pads and records {@code className}.
   *
   * @param pads per spatial axis {@code {before, after}}, non-negative
   */
  public static Volume pad(Volume img, int[][] pads, String mode, double value, String className) {
    Volume out = pad(img, pads, mode, value);
    return out.pushOperation(record(img, pads, mode, className));
  }

  /** The applied-operation entry MONAI's {@code pad_func} pushes. */
  public static AppliedOperation record(Volume img, int[][] pads, String mode, String className) {
    List<int[]> padded = new ArrayList<>();
    padded.add(new int[] {0, 0});
    for (int[] p : pads) {
      padded.add(new int[] {p[0], p[1]});
    }
    return AppliedOperation.of(
        className, img.spatialShape(), Metadata.of(PADDED, padded, MODE, mode));
  }

  /** Pads without recording; the affine origin moves to voxel {@code -before}. */
  public static Volume pad(Volume img, int[][] pads, String mode, double value) {
    int[] shape = img.spatialShape();
    int r = shape.length;
    if (pads.length != r) {
      throw new IllegalArgumentException(
          "pad widths for " + pads.length + " axes given for an image with " + r + " spatial axes");
    }
    boolean any = false;
    int[] shift = new int[r];
    int[] newShape = new int[r + 1];
    newShape[0] = img.channels();
    for (int i = 0; i < r; i++) {
      if (pads[i][0] < 0 || pads[i][1] < 0) {
        throw new IllegalArgumentException("pad widths must be >= 0, got " + deep(pads));
      }
      any |= pads[i][0] > 0 || pads[i][1] > 0;
      shift[i] = -pads[i][0];
      newShape[i + 1] = shape[i] + pads[i][0] + pads[i][1];
    }
    if (!any) {
      return img;
    }
    String m = numpyMode(checkMode("pad", mode));
    if (!m.equals("constant")) {
      for (int i = 0; i < r; i++) {
        if (shape[i] == 0 && (pads[i][0] > 0 || pads[i][1] > 0)) {
          throw new IllegalArgumentException(
              "can't extend empty axis " + i + " using modes other than 'constant' or 'empty'");
        }
      }
    }
    int total = Volume.checkedSize(Volume.elementCount(newShape), newShape);
    DType t = img.dtype();
    Object dst = t.allocate(total);
    int[] in3 = to3(shape);
    int[] out3 = to3(Arrays.copyOfRange(newShape, 1, newShape.length));
    int[] before3 = new int[3];
    for (int i = 0; i < r; i++) {
      before3[i] = pads[i][0];
    }
    switch (m) {
      case "edge":
      case "reflect":
      case "symmetric":
      case "wrap":
        mapped(img.array(), dst, img.channels(), in3, out3, before3, m);
        break;
      default:
        if (m.equals("constant") && value != 0 && !mode.equalsIgnoreCase("empty")) {
          for (int i = 0; i < total; i++) {
            Volume.store(dst, t, i, value);
          }
        }
        copyInterior(img.array(), dst, img.channels(), in3, out3, before3);
        if (!m.equals("constant")) {
          statPad(dst, t, img.channels(), in3, out3, before3, r, m, value);
        }
    }
    return img.withData(dst, t, newShape).withAffine(Cropping.translate(img.affine(), shift));
  }

  private static String deep(int[][] pads) {
    return Arrays.deepToString(pads);
  }

  private static int[] to3(int[] s) {
    int[] o = {1, 1, 1};
    System.arraycopy(s, 0, o, 0, s.length);
    return o;
  }

  private static void copyInterior(
      Object src, Object dst, int channels, int[] in, int[] out, int[] b) {
    int nx = in[0];
    if (nx == 0) {
      return;
    }
    for (int c = 0; c < channels; c++) {
      for (int z = 0; z < in[2]; z++) {
        for (int y = 0; y < in[1]; y++) {
          int s = nx * (y + in[1] * (z + in[2] * c));
          int d = b[0] + out[0] * (y + b[1] + out[1] * (z + b[2] + out[2] * c));
          System.arraycopy(src, s, dst, d, nx);
        }
      }
    }
  }

  /** Source index along an axis of length {@code n} for output index {@code i}. */
  static int sourceIndex(int i, int before, int n, String mode) {
    int j = i - before;
    if (j >= 0 && j < n) {
      return j;
    }
    switch (mode) {
      case "edge":
        return j < 0 ? 0 : n - 1;
      case "reflect":
        {
          if (n == 1) {
            return 0;
          }
          int p = 2 * (n - 1);
          int k = Math.floorMod(j, p);
          return k >= n ? p - k : k;
        }
      case "symmetric":
        {
          int p = 2 * n;
          int k = Math.floorMod(j, p);
          return k >= n ? p - 1 - k : k;
        }
      default: // wrap
        return Math.floorMod(j, n);
    }
  }

  private static void mapped(
      Object src, Object dst, int channels, int[] in, int[] out, int[] b, String mode) {
    int[] mx = new int[out[0]];
    int[] my = new int[out[1]];
    int[] mz = new int[out[2]];
    for (int i = 0; i < out[0]; i++) {
      mx[i] = sourceIndex(i, b[0], in[0], mode);
    }
    for (int i = 0; i < out[1]; i++) {
      my[i] = sourceIndex(i, b[1], in[1], mode);
    }
    for (int i = 0; i < out[2]; i++) {
      mz[i] = sourceIndex(i, b[2], in[2], mode);
    }
    int nx = in[0];
    int d = 0;
    for (int c = 0; c < channels; c++) {
      for (int z = 0; z < out[2]; z++) {
        for (int y = 0; y < out[1]; y++) {
          int s = nx * (my[y] + in[1] * (mz[z] + in[2] * c));
          for (int x = 0; x < b[0]; x++) {
            System.arraycopy(src, s + mx[x], dst, d + x, 1);
          }
          System.arraycopy(src, s, dst, d + b[0], nx);
          for (int x = b[0] + nx; x < out[0]; x++) {
            System.arraycopy(src, s + mx[x], dst, d + x, 1);
          }
          d += out[0];
        }
      }
    }
  }

  /**
   * numpy's statistic and ramp modes, axis after axis: along axis {@code a} every line whose
   * earlier axes span the padded extent and later axes the original one gets its pads from the
   * statistic of its original segment.
   */
  private static void statPad(
      Object dst,
      DType t,
      int channels,
      int[] in,
      int[] out,
      int[] b,
      int rank,
      String mode,
      double endValue) {
    int[] stride = {1, out[0], out[0] * out[1]};
    int chan = out[0] * out[1] * out[2];
    boolean integer = t.isInteger();
    for (int a = 0; a < rank; a++) {
      int n = in[a];
      int len = out[a];
      int pb = b[a];
      int pa = len - pb - n;
      if (pb == 0 && pa == 0) {
        continue;
      }
      int o1 = (a + 1) % 3;
      int o2 = (a + 2) % 3;
      int[] lo = new int[3];
      int[] hi = new int[3];
      for (int ax : new int[] {o1, o2}) {
        if (ax < a) {
          lo[ax] = 0;
          hi[ax] = out[ax];
        } else {
          lo[ax] = b[ax];
          hi[ax] = b[ax] + in[ax];
        }
      }
      double[] seg = new double[n];
      for (int c = 0; c < channels; c++) {
        for (int i2 = lo[o2]; i2 < hi[o2]; i2++) {
          for (int i1 = lo[o1]; i1 < hi[o1]; i1++) {
            int base = c * chan + i1 * stride[o1] + i2 * stride[o2];
            int st = stride[a];
            for (int k = 0; k < n; k++) {
              seg[k] = get(dst, t, base + (pb + k) * st);
            }
            if (mode.equals("linear_ramp")) {
              double left = seg[0];
              double right = seg[n - 1];
              for (int k = 0; k < pb; k++) {
                double v = k * ((left - endValue) / pb) + endValue;
                Volume.store(dst, t, base + k * st, integer ? Math.floor(v) : v);
              }
              for (int k = 0; k < pa; k++) {
                double v = k * ((right - endValue) / pa) + endValue;
                Volume.store(dst, t, base + (len - 1 - k) * st, integer ? Math.floor(v) : v);
              }
              continue;
            }
            double v = statistic(seg, mode);
            if (integer && (mode.equals("mean") || mode.equals("median"))) {
              v = Math.rint(v);
            }
            for (int k = 0; k < pb; k++) {
              Volume.store(dst, t, base + k * st, v);
            }
            for (int k = pb + n; k < len; k++) {
              Volume.store(dst, t, base + k * st, v);
            }
          }
        }
      }
    }
  }

  private static double statistic(double[] seg, String mode) {
    switch (mode) {
      case "maximum":
        {
          double m = seg[0];
          for (double v : seg) {
            m = Double.isNaN(v) || v > m ? v : m;
          }
          return m;
        }
      case "minimum":
        {
          double m = seg[0];
          for (double v : seg) {
            m = Double.isNaN(v) || v < m ? v : m;
          }
          return m;
        }
      case "mean":
        {
          double s = 0;
          for (double v : seg) {
            s += v;
          }
          return s / seg.length;
        }
      default:
        {
          double[] s = seg.clone();
          Arrays.sort(s);
          int n = s.length;
          return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        }
    }
  }

  private static double get(Object a, DType t, int i) {
    switch (t) {
      case UINT8:
        return ((byte[]) a)[i] & 0xFF;
      case INT8:
        return ((byte[]) a)[i];
      case UINT16:
        return ((short[]) a)[i] & 0xFFFF;
      case INT16:
        return ((short[]) a)[i];
      case UINT32:
        return ((int[]) a)[i] & 0xFFFFFFFFL;
      case INT32:
        return ((int[]) a)[i];
      case UINT64:
      case INT64:
        return ((long[]) a)[i];
      case FLOAT32:
        return ((float[]) a)[i];
      default:
        return ((double[]) a)[i];
    }
  }

  /** MONAI's {@code SpatialPad.compute_pad_width}: symmetric (odd pad at the end) or end. */
  public static int[][] toSize(int[] shape, int[] target, boolean symmetric) {
    int[][] p = new int[shape.length][2];
    for (int i = 0; i < shape.length; i++) {
      int w = Math.max(target[i] - shape[i], 0);
      if (symmetric) {
        p[i][0] = w / 2;
        p[i][1] = w - w / 2;
      } else {
        p[i][1] = w;
      }
    }
    return p;
  }
}
