package org.medbeam.transforms.spatial;

/** PyTorch {@code grid_sample}'s per-coordinate rules, shared by every resampling path. */
final class Sampling {
  private Sampling() {}

  /**
   * The input coordinate actually read for an unnormalised coordinate {@code x} on an axis of
   * {@code size} voxels: unchanged for zeros, clamped to {@code [0, size-1]} for border, mirrored
   * (about voxel centres with {@code alignCorners}, about the outer faces otherwise) then clamped
   * for reflection.
   */
  static double padCoordinate(double x, int size, GridSamplePadMode padding, boolean alignCorners) {
    switch (padding) {
      case BORDER:
        return clip(x, size);
      case REFLECTION:
        if (alignCorners) {
          return clip(reflect(x, 0, 2.0 * (size - 1)), size);
        }
        return clip(reflect(x, -1, 2.0 * size - 1), size);
      default:
        return x;
    }
  }

  static double clip(double x, int size) {
    return Math.min(size - 1.0, Math.max(x, 0.0));
  }

  /** PyTorch's {@code reflect_coordinates(in, twice_low, twice_high)}. */
  static double reflect(double in, double twiceLow, double twiceHigh) {
    if (twiceLow == twiceHigh) {
      return 0;
    }
    double min = twiceLow / 2;
    double span = (twiceHigh - twiceLow) / 2;
    double v = Math.abs(in - min);
    double extra = v % span;
    double flips = Math.floor(v / span);
    return (((long) flips) % 2 == 0) ? extra + min : span - extra + min;
  }
}
