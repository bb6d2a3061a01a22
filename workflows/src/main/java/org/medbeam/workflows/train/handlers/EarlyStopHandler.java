package org.medbeam.workflows.train.handlers;

import java.util.Map;
import org.medbeam.workflows.train.Evaluator;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.Workflow;

/**
 * MONAI's {@code EarlyStopHandler(patience, score_function, trainer, min_delta=0,
 * cumulative_delta=False)} with the key metric as score, attached to the validator: after each
 * validation, a score not above {@code best + minDelta} counts; {@code patience} such runs in a
 * row terminate the trainer; a better score resets the count (ignite's {@code EarlyStopping}).
 */
public final class EarlyStopHandler implements Handler {
  private final int patience;
  private final double minDelta;
  private final Workflow trainer;
  private final String metric;
  private Double best;
  private int counter;
  private int stoppedAt = -1;

  public EarlyStopHandler(int patience, double minDelta, Workflow trainer) {
    this(patience, minDelta, trainer, Evaluator.KEY_METRIC);
  }

  public EarlyStopHandler(int patience, double minDelta, Workflow trainer, String metric) {
    if (patience < 1) {
      throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    }
    if (!(minDelta >= 0)) {
      throw new IllegalArgumentException("min_delta must be >= 0, got " + minDelta);
    }
    this.patience = patience;
    this.minDelta = minDelta;
    this.trainer = trainer;
    this.metric = metric;
  }

  @Override
  public void attach(Workflow validator) {
    validator.addEventHandler(Events.COMPLETED, v -> {
      Map<String, Double> m = v.state().metrics();
      Double score = m.get(metric);
      if (score == null || score.isNaN()) {
        return;
      }
      if (best == null) {
        best = score;
      } else if (score <= best + minDelta) {
        counter++;
        if (counter >= patience) {
          stoppedAt = v.state().epoch();
          trainer.terminate();
        }
      } else {
        best = score;
        counter = 0;
      }
    });
  }

  /** Validations in a row without improvement. */
  public int counter() {
    return counter;
  }

  /** The trainer epoch at which it stopped training, or -1. */
  public int stoppedAt() {
    return stoppedAt;
  }
}
