package org.medbeam.model.optimizers;

/**
 * PyTorch's {@code PolynomialLR(total_iters=5, power=1.0)}: {@code base * (1 - min(step,
 * total_iters) / total_iters)^power}.
 */
public final class PolynomialLR implements LrSchedule {
  private final int totalIters;
  private final double power;

  public PolynomialLR(int totalIters, double power) {
    if (totalIters < 1) {
      throw new IllegalArgumentException("total_iters must be >= 1, got " + totalIters);
    }
    this.totalIters = totalIters;
    this.power = power;
  }

  @Override
  public double lr(double baseLr, int step) {
    return baseLr * Math.pow(1.0 - (double) Math.min(step, totalIters) / totalIters, power);
  }
}
