package org.medbeam.model.optimizers;

import ai.djl.training.tracker.Tracker;

/**
 * A learning-rate schedule in PyTorch's step convention: {@code lr(baseLr, step)} is the rate the
 * optimizer uses at its {@code step}-th update (0-based), i.e. the value a PyTorch loop reads
 * before {@code scheduler.step()}. Applied to every parameter group's own base rate, as PyTorch
 * schedulers are.
 *
 * <p>DJL counts updates from 1, so {@link #tracker} maps DJL's {@code numUpdate} to {@code step =
 * numUpdate - 1}.
 */
public interface LrSchedule {
  /** The rate at 0-based {@code step} for a group whose base rate is {@code baseLr}. */
  double lr(double baseLr, int step);

  /** A DJL {@link Tracker} for a single base rate. */
  default Tracker tracker(double baseLr) {
    LrSchedule self = this;
    return numUpdate -> (float) self.lr(baseLr, Math.max(0, numUpdate - 1));
  }

  /** A constant rate. */
  static LrSchedule constant() {
    return (base, step) -> base;
  }
}
