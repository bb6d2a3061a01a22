package org.medbeam.model.optimizers;

/**
 * MONAI's {@code LinearLR(end_lr, num_iter)} (the learning-rate finder's ramp, not PyTorch's {@code
 * LinearLR}): {@code base + step / (num_iter - 1) * (end_lr - base)}.
 */
public final class LinearLR implements LrSchedule {
  private final double endLr;
  private final int numIter;

  public LinearLR(double endLr, int numIter) {
    if (numIter <= 1) {
      throw new IllegalArgumentException("num_iter must be larger than 1, got " + numIter);
    }
    this.endLr = endLr;
    this.numIter = numIter;
  }

  @Override
  public double lr(double baseLr, int step) {
    double r = (double) step / (numIter - 1);
    return baseLr + r * (endLr - baseLr);
  }
}
