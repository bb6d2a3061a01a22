package org.medbeam.model.optimizers;

/**
 * MONAI's {@code ExponentialLR(end_lr, num_iter)} (the learning-rate finder's ramp, not PyTorch's
 * {@code ExponentialLR}): {@code base * (end_lr / base)^(step / (num_iter - 1))}.
 */
public final class ExponentialLR implements LrSchedule {
  private final double endLr;
  private final int numIter;

  public ExponentialLR(double endLr, int numIter) {
    if (numIter <= 1) {
      throw new IllegalArgumentException("num_iter must be larger than 1, got " + numIter);
    }
    this.endLr = endLr;
    this.numIter = numIter;
  }

  @Override
  public double lr(double baseLr, int step) {
    double r = (double) step / (numIter - 1);
    return baseLr * Math.pow(endLr / baseLr, r);
  }
}
