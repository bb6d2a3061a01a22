package org.medbeam.transforms.spatial;

/**
 * The taps of one output axis of a separable (axis-aligned) resampling: output index {@code j} of
 * this axis reads input indices {@code index[j*taps + t]} along input axis {@link #inAxis} with
 * weights {@code weight[j*taps + t]}. A tap that falls outside the input has weight 0 and index 0,
 * so kernels never bounds-check. A whole resampling is the tensor product of one table per
 * output axis.
 */
final class AxisTable {
  final int n;
  final int taps;
  final int inAxis;
  final int[] index;
  final double[] weight;

  AxisTable(int n, int taps, int inAxis, int[] index, double[] weight) {
    this.n = n;
    this.taps = taps;
    this.inAxis = inAxis;
    this.index = index;
    this.weight = weight;
  }

  /** Output {@code j} reads input {@code j} (a size-1 axis, or an axis left alone). */
  static AxisTable identity(int n, int inAxis) {
    int[] idx = new int[n];
    double[] w = new double[n];
    for (int j = 0; j < n; j++) {
      idx[j] = j;
      w[j] = 1;
    }
    return new AxisTable(n, 1, inAxis, idx, w);
  }

  /**
   * grid_sample along one axis: output {@code j} samples input coordinate {@code scale*j +
   * offset} (voxel units) with PyTorch's padding and rounding rules.
   */
  static AxisTable gridSample(
      int n,
      int inAxis,
      int inSize,
      double scale,
      double offset,
      GridSampleMode mode,
      GridSamplePadMode padding,
      boolean alignCorners) {
    if (mode == GridSampleMode.NEAREST) {
      int[] idx = new int[n];
      double[] w = new double[n];
      for (int j = 0; j < n; j++) {
        double x = Sampling.padCoordinate(scale * j + offset, inSize, padding, alignCorners);
        double r = Math.rint(x);
        if (r >= 0 && r <= inSize - 1) {
          idx[j] = (int) r;
          w[j] = 1;
        }
      }
      return new AxisTable(n, 1, inAxis, idx, w);
    }
    int[] idx = new int[2 * n];
    double[] w = new double[2 * n];
    for (int j = 0; j < n; j++) {
      double x = Sampling.padCoordinate(scale * j + offset, inSize, padding, alignCorners);
      double f = Math.floor(x);
      double w1 = x - f;
      if (f >= 0 && f <= inSize - 1) {
        idx[2 * j] = (int) f;
        w[2 * j] = 1 - w1;
      }
      if (f + 1 >= 0 && f + 1 <= inSize - 1) {
        idx[2 * j + 1] = (int) f + 1;
        w[2 * j + 1] = w1;
      }
    }
    return new AxisTable(n, 2, inAxis, idx, w);
  }
}
