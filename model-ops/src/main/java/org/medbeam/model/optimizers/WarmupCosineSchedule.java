package org.medbeam.model.optimizers;

/**
 * MONAI's {@code WarmupCosineSchedule(warmup_steps, t_total, end_lr=0, cycles=0.5,
 * warmup_multiplier=0)}: linear warm-up from {@code warmup_multiplier * base} to {@code base} over
 * {@code warmup_steps}, then {@code base * max(0, (1 + cos(pi * cycles * 2 * progress)) / 2)},
 * floored at {@code end_lr} after the warm-up. {@code warmup_steps} is clamped to {@code [0,
 * t_total]}.
 */
public final class WarmupCosineSchedule implements LrSchedule {
  private final int warmupSteps;
  private final int tTotal;
  private final double endLr;
  private final double cycles;
  private final double warmupMultiplier;

  public WarmupCosineSchedule(
      int warmupSteps, int tTotal, double endLr, double cycles, double warmupMultiplier) {
    if (warmupMultiplier < 0 || warmupMultiplier > 1) {
      throw new IllegalArgumentException(
          "warmup_multiplier must be in 0..1 range, got " + warmupMultiplier);
    }
    if (tTotal < 0) {
      throw new IllegalArgumentException("t_total must be >= 0, got " + tTotal);
    }
    this.warmupSteps = Math.min(Math.max(warmupSteps, 0), tTotal);
    this.tTotal = tTotal;
    this.endLr = endLr;
    this.cycles = cycles;
    this.warmupMultiplier = warmupMultiplier;
  }

  /** {@code WarmupCosineSchedule(optimizer, warmup_steps, t_total)} with MONAI's defaults. */
  public WarmupCosineSchedule(int warmupSteps, int tTotal) {
    this(warmupSteps, tTotal, 0.0, 0.5, 0.0);
  }

  /** MONAI's {@code lr_lambda(step)}. */
  public double lambda(int step) {
    if (step < warmupSteps) {
      double f = (double) step / Math.max(1.0, warmupSteps);
      return warmupMultiplier + (1 - warmupMultiplier) * f;
    }
    double progress = (double) (step - warmupSteps) / Math.max(1, tTotal - warmupSteps);
    return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * cycles * 2.0 * progress)));
  }

  @Override
  public double lr(double baseLr, int step) {
    double current = baseLr * lambda(step);
    return step < warmupSteps ? current : Math.max(endLr, current);
  }
}
