package org.medbeam.workflows.train.handlers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medbeam.model.optimizers.LrSchedule;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.LearningRate;
import org.medbeam.workflows.train.SupervisedTrainer;
import org.medbeam.workflows.train.Workflow;

/**
 * MONAI's {@code LrScheduleHandler(lr_scheduler, epoch_level=True)}: PyTorch's scheduler
 * semantics on the trainer's {@link LearningRate} — the rate is {@code schedule.lr(base, 0)}
 * from the start, and {@code scheduler.step()} at every epoch end (or iteration end when not
 * epoch-level) moves it to {@code schedule.lr(base, steps)}.
 */
public final class LrScheduleHandler implements Handler {
  private final LrSchedule schedule;
  private final boolean epochLevel;
  private final List<Double> history = new ArrayList<>();
  private int steps;

  public LrScheduleHandler(LrSchedule schedule, boolean epochLevel) {
    this.schedule = schedule;
    this.epochLevel = epochLevel;
  }

  @Override
  public void attach(Workflow engine) {
    if (!(engine instanceof SupervisedTrainer)
        || ((SupervisedTrainer) engine).learningRate() == null) {
      throw new IllegalArgumentException(
          "LrScheduleHandler attaches to a SupervisedTrainer built with a LearningRate");
    }
    LearningRate lr = ((SupervisedTrainer) engine).learningRate();
    steps = 0;
    lr.set(schedule.lr(lr.base(), 0));
    history.add(lr.get());
    engine.addEventHandler(epochLevel ? Events.EPOCH_COMPLETED : Events.ITERATION_COMPLETED,
        e -> {
          steps++;
          lr.set(schedule.lr(lr.base(), steps));
          history.add(lr.get());
        });
  }

  /** The rate after construction and after every step, in order. */
  public List<Double> history() {
    return Collections.unmodifiableList(history);
  }
}
