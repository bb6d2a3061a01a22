package org.medbeam.transforms.intensity;

import java.util.Arrays;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code NormalizeIntensity}: {@code (x - subtrahend) / divisor}, with the mean and the
 * population standard deviation ({@code unbiased=False}) of the image when not given; a zero
 * divisor becomes 1. {@code nonzero} computes the statistics on, and changes, only nonzero voxels
 * (an all-zero image is returned as is); {@code channel_wise} treats each channel alone, and then
 * {@code subtrahend}/{@code divisor} hold one value per channel. Computed in float32 (statistics
 * accumulated in double, rounded to float32 as torch's {@code .item()} of a float32 tensor gives);
 * output {@code dtype} default float32, null keeps the input's.
 */
public final class NormalizeIntensity implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final double[] subtrahend;
  private final double[] divisor;
  private final boolean nonzero;
  private final boolean channelWise;
  private final DType dtype;

  /**
   * @param subtrahend null (the mean), one value, or one per channel with {@code channelWise}
   * @param divisor null (the std), one value, or one per channel with {@code channelWise}
   */
  public NormalizeIntensity(
      double[] subtrahend, double[] divisor, boolean nonzero, boolean channelWise, DType dtype) {
    if (!channelWise) {
      if (subtrahend != null && subtrahend.length != 1) {
        throw new IllegalArgumentException(
            "NormalizeIntensity: subtrahend must be one number unless channel_wise, got "
                + Arrays.toString(subtrahend));
      }
      if (divisor != null && divisor.length != 1) {
        throw new IllegalArgumentException(
            "NormalizeIntensity: divisor must be one number unless channel_wise, got "
                + Arrays.toString(divisor));
      }
    }
    this.subtrahend = subtrahend == null ? null : subtrahend.clone();
    this.divisor = divisor == null ? null : divisor.clone();
    this.nonzero = nonzero;
    this.channelWise = channelWise;
    this.dtype = dtype;
  }

  /** Defaults: statistics of the whole image, float32 output. */
  public NormalizeIntensity() {
    this(null, null, false, false, DType.FLOAT32);
  }

  @Override
  public Volume apply(Volume img, int threads) {
    float[] f = Floats.copy(img, threads);
    int c = img.channels();
    if (channelWise) {
      if (subtrahend != null && subtrahend.length != c) {
        throw new IllegalArgumentException(
            "NormalizeIntensity: img has "
                + c
                + " channels, but subtrahend has "
                + subtrahend.length
                + " components");
      }
      if (divisor != null && divisor.length != c) {
        throw new IllegalArgumentException(
            "NormalizeIntensity: img has "
                + c
                + " channels, but divisor has "
                + divisor.length
                + " components");
      }
      int n = img.voxelsPerChannel();
      for (int ch = 0; ch < c; ch++) {
        normalize(
            f,
            ch * n,
            (ch + 1) * n,
            subtrahend == null ? null : subtrahend[ch],
            divisor == null ? null : divisor[ch]);
      }
    } else {
      normalize(
          f,
          0,
          f.length,
          subtrahend == null ? null : subtrahend[0],
          divisor == null ? null : divisor[0]);
    }
    DType out = dtype == null ? img.dtype() : dtype;
    Volume w = img.withData(f, DType.FLOAT32, img.shape());
    return out == DType.FLOAT32 ? w : w.astype(out);
  }

  private void normalize(float[] f, int from, int to, Double sub, Double div) {
    long count = 0;
    double sum = 0;
    for (int i = from; i < to; i++) {
      if (!nonzero || f[i] != 0f) {
        sum += f[i];
        count++;
      }
    }
    if (nonzero && count == 0) {
      return;
    }
    float s;
    if (sub != null) {
      s = (float) (double) sub;
    } else {
      s = (float) (sum / count);
    }
    float d;
    if (div != null) {
      d = (float) (double) div;
    } else {
      double mean = sum / count;
      double ss = 0;
      for (int i = from; i < to; i++) {
        if (!nonzero || f[i] != 0f) {
          double x = f[i] - mean;
          ss += x * x;
        }
      }
      d = (float) Math.sqrt(ss / count);
    }
    if (d == 0f) {
      d = 1f;
    }
    for (int i = from; i < to; i++) {
      if (!nonzero || f[i] != 0f) {
        f[i] = (f[i] - s) / d;
      }
    }
  }

  @Override
  public String toString() {
    return "NormalizeIntensity(nonzero="
        + nonzero
        + ", channel_wise="
        + channelWise
        + ", dtype="
        + Floats.name(dtype)
        + ")";
  }
}
