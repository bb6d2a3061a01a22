package org.medbeam.transforms.intensity;

import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandShiftIntensity}: with probability {@code prob}, {@code x + offset} with {@code
 * offset ~ uniform(offsets)} ({@code (-o, o)} for one number), one per channel with {@code
 * channel_wise}; the input's dtype is kept ({@link ShiftIntensity}).
 */
public final class RandShiftIntensity implements RandomizableTransform<double[]> {
  private static final long serialVersionUID = 1L;

  private final double[] offsets;
  private final double prob;
  private final boolean channelWise;

  public RandShiftIntensity(double[] offsets, double prob, boolean channelWise) {
    this.offsets = Probability.range("RandShiftIntensity", "offsets", offsets);
    this.prob = Probability.check("RandShiftIntensity", prob);
    this.channelWise = channelWise;
  }

  @Override
  public double[] randomize(RandomState random, Volume img) {
    if (!(random.rand() < prob)) {
      return null;
    }
    if (channelWise) {
      int c = img == null ? 0 : img.channels();
      double[] o = new double[c];
      for (int i = 0; i < c; i++) {
        o[i] = random.uniform(offsets[0], offsets[1]);
      }
      return o;
    }
    return new double[] {random.uniform(offsets[0], offsets[1])};
  }

  @Override
  public Volume apply(Volume img, double[] draw) {
    if (draw == null) {
      return img;
    }
    if (!channelWise) {
      return ShiftIntensity.shift(img, draw[0], 0, img.channels());
    }
    Volume out = img;
    for (int c = 0; c < img.channels(); c++) {
      out = ShiftIntensity.shift(out, draw[c], c, c + 1);
    }
    return out;
  }

  @Override
  public String toString() {
    return "RandShiftIntensity(offsets=["
        + offsets[0]
        + ", "
        + offsets[1]
        + "], prob="
        + prob
        + ", channel_wise="
        + channelWise
        + ")";
  }
}
