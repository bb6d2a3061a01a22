package org.medbeam.transforms.intensity;

import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code ShiftIntensity}: {@code x + offset}, computed in float32 (float64 for float64
 * input) and converted back to the input's dtype (integers truncate; out-of-range values saturate,
 * MONAI's {@code safe=True} behaviour).
 */
public final class ShiftIntensity implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final double offset;

  public ShiftIntensity(double offset) {
    this.offset = offset;
  }

  @Override
  public Volume apply(Volume img, int threads) {
    return shift(img, offset, 0, img.channels());
  }

  /** Shifts channels {@code [from, to)} by {@code offset}, keeps the others. */
  static Volume shift(Volume img, double offset, int fromChannel, int toChannel) {
    int n = img.voxelsPerChannel();
    if (Floats.isDouble(img)) {
      double[] d = Floats.copyDouble(img);
      for (int i = fromChannel * n; i < toChannel * n; i++) {
        d[i] = d[i] + offset;
      }
      return Floats.output(img, d, img.dtype());
    }
    float[] f = Floats.copy(img, 1);
    float o = (float) offset;
    for (int i = fromChannel * n; i < toChannel * n; i++) {
      f[i] = f[i] + o;
    }
    return Floats.output(img, f, img.dtype());
  }

  @Override
  public String toString() {
    return "ShiftIntensity(offset=" + offset + ")";
  }
}
