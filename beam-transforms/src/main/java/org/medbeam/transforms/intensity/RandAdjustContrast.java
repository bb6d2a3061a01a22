package org.medbeam.transforms.intensity;

import java.util.Arrays;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandAdjustContrast}: with probability {@code prob}, {@link AdjustContrast} with
 * {@code gamma ~ uniform(gamma range)} (one number {@code g > 0.5} means {@code (0.5, g)}; default
 * {@code (0.5, 4.5)}).
 */
public final class RandAdjustContrast implements RandomizableTransform<Double> {
  private static final long serialVersionUID = 1L;

  private final double prob;
  private final double[] gamma;
  private final AdjustContrast adjuster;

  public RandAdjustContrast(double prob, double[] gamma, boolean invertImage, boolean retainStats) {
    this.prob = Probability.check("RandAdjustContrast", prob);
    if (gamma == null) {
      gamma = new double[] {0.5, 4.5};
    }
    if (gamma.length == 1) {
      if (gamma[0] <= 0.5) {
        throw new IllegalArgumentException(
            "RandAdjustContrast: if gamma is a number, must greater than 0.5 and value is picked "
                + "from (0.5, gamma), got "
                + gamma[0]);
      }
      this.gamma = new double[] {0.5, gamma[0]};
    } else if (gamma.length == 2) {
      this.gamma = new double[] {Math.min(gamma[0], gamma[1]), Math.max(gamma[0], gamma[1])};
    } else {
      throw new IllegalArgumentException(
          "RandAdjustContrast: gamma should be a number or pair of numbers, got "
              + Arrays.toString(gamma));
    }
    this.adjuster = new AdjustContrast(1.0, invertImage, retainStats);
  }

  /** The drawn gamma, or null when not applied. */
  @Override
  public Double randomize(RandomState random, Volume img) {
    if (!(random.rand() < prob)) {
      return null;
    }
    return random.uniform(gamma[0], gamma[1]);
  }

  @Override
  public Volume apply(Volume img, Double draw) {
    return draw == null ? img : adjuster.adjust(img, draw);
  }

  @Override
  public String toString() {
    return "RandAdjustContrast(prob=" + prob + ", gamma=" + Arrays.toString(gamma) + ")";
  }
}
