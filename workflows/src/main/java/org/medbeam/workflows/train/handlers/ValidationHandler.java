package org.medbeam.workflows.train.handlers;

import org.medbeam.workflows.train.Evaluator;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.Workflow;

/**
 * MONAI's {@code ValidationHandler(interval, validator, epoch_level=True)}: runs the validator at
 * the end of every {@code interval}-th trainer epoch (and before the first epoch with {@code
 * execAtStart}). Attach it to the trainer before handlers that read validation metrics at
 * {@link Events#EPOCH_COMPLETED} (the training log).
 */
public final class ValidationHandler implements Handler {
  private final Evaluator validator;
  private final int interval;
  private final boolean execAtStart;

  public ValidationHandler(Evaluator validator, int interval, boolean execAtStart) {
    if (interval < 1) {
      throw new IllegalArgumentException("val_interval must be >= 1, got " + interval);
    }
    this.validator = validator;
    this.interval = interval;
    this.execAtStart = execAtStart;
  }

  public ValidationHandler(Evaluator validator, int interval) {
    this(validator, interval, false);
  }

  public Evaluator validator() {
    return validator;
  }

  @Override
  public void attach(Workflow trainer) {
    if (execAtStart) {
      trainer.addEventHandler(Events.STARTED, t -> validator.run(0));
    }
    trainer.addEventHandler(Events.EPOCH_COMPLETED, t -> {
      if (t.state().epoch() % interval == 0) {
        validator.run(t.state().epoch());
      }
    });
  }
}
