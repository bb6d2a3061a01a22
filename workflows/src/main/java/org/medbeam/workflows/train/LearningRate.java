package org.medbeam.workflows.train;

import ai.djl.training.tracker.ParameterTracker;

/**
 * The learning rate an optimizer reads, set from outside as PyTorch's {@code scheduler.step()}
 * sets {@code param_group["lr"]}: the {@link
 * org.medbeam.workflows.train.handlers.LrScheduleHandler} moves it at epoch or iteration ends.
 * The same value for every parameter.
 */
public final class LearningRate implements ParameterTracker {
  private final double base;
  private volatile double value;

  private LearningRate(double base) {
    this.base = base;
    this.value = base;
  }

  /** A rate starting at {@code base}. */
  public static LearningRate of(double base) {
    if (!(base >= 0) || Double.isInfinite(base)) {
      throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + base);
    }
    return new LearningRate(base);
  }

  /** The optimizer's configured rate (PyTorch's {@code initial_lr}). */
  public double base() {
    return base;
  }

  /** The current rate. */
  public double get() {
    return value;
  }

  public void set(double v) {
    value = v;
  }

  @Override
  public float getNewValue(String parameterId, int numUpdate) {
    return (float) value;
  }
}
