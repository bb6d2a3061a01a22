package org.medbeam.transforms.spatial;

import java.util.Locale;

/**
 * Per-axis tables with PyTorch {@code interpolate}'s index rules (as used by MONAI's {@code
 * Resize} and {@code Zoom}), plus numpy-style padding/cropping folded into a table (the {@code
 * keep_size} step of {@code Zoom}). Index arithmetic is done in float32 where PyTorch does.
 */
final class InterpolateTables {
  private InterpolateTables() {}

  /**
   * The table taking an axis of {@code in} voxels to {@code out} voxels.
   *
   * @param alignCorners PyTorch's {@code align_corners} (only linear/bicubic), null = false
   */
  static AxisTable build(InterpolateMode mode, int in, int out, Boolean alignCorners, int inAxis) {
    boolean ac = alignCorners != null && alignCorners;
    switch (mode) {
      case NEAREST:
      case NEAREST_EXACT:
        return nearest(mode == InterpolateMode.NEAREST_EXACT, in, out, inAxis);
      case LINEAR:
        return linear(in, out, ac, inAxis);
      case BICUBIC:
        return cubic(in, out, ac, inAxis);
      default:
        return area(in, out, inAxis);
    }
  }

  private static AxisTable nearest(boolean exact, int in, int out, int inAxis) {
    int[] idx = new int[out];
    double[] w = new double[out];
    float scale = (float) in / out;
    for (int j = 0; j < out; j++) {
      int s;
      if (!exact && out == in) {
        s = j;
      } else if (!exact && out == 2 * in) {
        s = j >> 1;
      } else if (exact) {
        s = (int) Math.floor((float) ((j + 0.5) * scale));
      } else {
        s = (int) Math.floor(j * scale);
      }
      idx[j] = Math.min(s, in - 1);
      w[j] = 1;
    }
    return new AxisTable(out, 1, inAxis, idx, w);
  }

  private static float linearScale(int in, int out, boolean ac) {
    if (ac) {
      return out > 1 ? (float) (in - 1) / (out - 1) : 0f;
    }
    return (float) in / out;
  }

  private static AxisTable linear(int in, int out, boolean ac, int inAxis) {
    int[] idx = new int[2 * out];
    double[] w = new double[2 * out];
    float scale = linearScale(in, out, ac);
    for (int j = 0; j < out; j++) {
      float real = ac ? scale * j : Math.max(scale * (j + 0.5f) - 0.5f, 0f);
      int i0 = (int) real;
      float lambda = Math.min(Math.max(real - i0, 0f), 1f);
      int i1 = i0 + (i0 < in - 1 ? 1 : 0);
      idx[2 * j] = Math.min(i0, in - 1);
      idx[2 * j + 1] = Math.min(i1, in - 1);
      w[2 * j] = 1f - lambda;
      w[2 * j + 1] = lambda;
    }
    return new AxisTable(out, 2, inAxis, idx, w);
  }

  private static AxisTable cubic(int in, int out, boolean ac, int inAxis) {
    int[] idx = new int[4 * out];
    double[] w = new double[4 * out];
    float scale = linearScale(in, out, ac);
    final double a = -0.75;
    for (int j = 0; j < out; j++) {
      float real = ac ? scale * j : scale * (j + 0.5f) - 0.5f;
      double f = Math.floor(real);
      double t = real - f;
      double[] c = {
        cc2(t + 1.0, a), cc1(t, a), cc1(1.0 - t, a), cc2(2.0 - t, a),
      };
      for (int k = 0; k < 4; k++) {
        long i = (long) f - 1 + k;
        idx[4 * j + k] = (int) Math.max(Math.min(i, in - 1), 0);
        w[4 * j + k] = c[k];
      }
    }
    return new AxisTable(out, 4, inAxis, idx, w);
  }

  private static double cc1(double x, double a) {
    return ((a + 2) * x - (a + 3)) * x * x + 1;
  }

  private static double cc2(double x, double a) {
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  }

  /** Adaptive average pooling: output j averages inputs [floor(j*in/out), ceil((j+1)*in/out)). */
  private static AxisTable area(int in, int out, int inAxis) {
    int maxTaps = 1;
    int[] start = new int[out];
    int[] end = new int[out];
    for (int j = 0; j < out; j++) {
      start[j] = (int) Math.floor((float) ((long) j * in) / out);
      end[j] = (int) Math.ceil((float) ((long) (j + 1) * in) / out);
      maxTaps = Math.max(maxTaps, end[j] - start[j]);
    }
    int[] idx = new int[maxTaps * out];
    double[] w = new double[maxTaps * out];
    for (int j = 0; j < out; j++) {
      int n = end[j] - start[j];
      for (int k = 0; k < n; k++) {
        idx[j * maxTaps + k] = start[j] + k;
        w[j * maxTaps + k] = 1.0 / n;
      }
    }
    return new AxisTable(out, maxTaps, inAxis, idx, w);
  }

  /** numpy pad modes supported by Zoom's keep_size step. */
  enum PadMode {
    CONSTANT,
    EDGE,
    REFLECT,
    SYMMETRIC,
    WRAP;

    static PadMode parse(String name, String where) {
      String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
      switch (n) {
        case "constant":
        case "zeros":
          return CONSTANT;
        case "edge":
        case "replicate":
        case "border":
          return EDGE;
        case "reflect":
          return REFLECT;
        case "symmetric":
          return SYMMETRIC;
        case "wrap":
        case "circular":
          return WRAP;
        default:
          throw new IllegalArgumentException(
              where + " is \"" + name + "\"; accepted: constant, edge, reflect, symmetric, wrap "
                  + "(also replicate, circular)");
      }
    }

    String numpyName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Maps index {@code k} of an axis extended beyond {@code [0, n)} back into it with numpy's pad
   * rules; -1 for constant padding.
   */
  static int padIndex(int k, int n, PadMode mode) {
    if (k >= 0 && k < n) {
      return k;
    }
    switch (mode) {
      case CONSTANT:
        return -1;
      case EDGE:
        return k < 0 ? 0 : n - 1;
      case REFLECT:
        {
          if (n == 1) {
            return 0;
          }
          int p = 2 * (n - 1);
          int m = Math.floorMod(k, p);
          return m < n ? m : p - m;
        }
      case SYMMETRIC:
        {
          int p = 2 * n;
          int m = Math.floorMod(k, p);
          return m < n ? m : p - 1 - m;
        }
      default:
        return Math.floorMod(k, n);
    }
  }

  /**
   * Reads a table through an index shift: output {@code j} takes row {@code j + shift} of {@code
   * t} (rows outside are padded with {@code mode}); {@code n} output entries.
   */
  static AxisTable shifted(AxisTable t, int n, int shift, PadMode mode) {
    int[] idx = new int[n * t.taps];
    double[] w = new double[n * t.taps];
    for (int j = 0; j < n; j++) {
      int k = padIndex(j + shift, t.n, mode);
      if (k < 0) {
        continue;
      }
      System.arraycopy(t.index, k * t.taps, idx, j * t.taps, t.taps);
      System.arraycopy(t.weight, k * t.taps, w, j * t.taps, t.taps);
    }
    return new AxisTable(n, t.taps, t.inAxis, idx, w);
  }

  /**
   * Composes a table with a 1-tap index map applied before it: taps of {@code t} index an axis
   * whose entry {@code k} is input entry {@code k - shift} (0 outside {@code [0, inN)}).
   */
  static AxisTable throughShift(AxisTable t, int shift, int inN) {
    int[] idx = new int[t.index.length];
    double[] w = new double[t.weight.length];
    for (int i = 0; i < idx.length; i++) {
      int k = t.index[i] - shift;
      if (k >= 0 && k < inN && t.weight[i] != 0) {
        idx[i] = k;
        w[i] = t.weight[i];
      }
    }
    return new AxisTable(t.n, t.taps, t.inAxis, idx, w);
  }
}
