package org.medbeam.workflows.train.handlers;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import org.medbeam.workflows.train.Evaluator;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.Workflow;

/**
 * MONAI's {@code StatsHandler}: on a trainer, the loss every {@code iterationLogInterval}
 * iterations and a line per epoch; on an evaluator, its metrics after each run. Lines go to
 * {@code out} (stderr for the command line).
 */
public final class StatsHandler implements Handler {
  private final PrintWriter out;
  private final int iterationLogInterval;
  private long epochStart;

  public StatsHandler(PrintWriter out, int iterationLogInterval) {
    this.out = out;
    this.iterationLogInterval = iterationLogInterval;
  }

  @Override
  public void attach(Workflow engine) {
    if (engine instanceof Evaluator) {
      engine.addEventHandler(Events.COMPLETED, e -> {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
            "Epoch[%d] validation --", e.state().epoch()));
        for (Map.Entry<String, Double> m : e.state().metrics().entrySet()) {
          sb.append(String.format(Locale.ROOT, " %s: %.4f", m.getKey(), m.getValue()));
        }
        sb.append(String.format(Locale.ROOT, " (best %.4f at epoch %d)", e.state().bestMetric(),
            e.state().bestMetricEpoch()));
        out.println(sb);
        out.flush();
      });
      return;
    }
    engine.addEventHandler(Events.EPOCH_STARTED, e -> epochStart = System.nanoTime());
    if (iterationLogInterval > 0) {
      engine.addEventHandler(Events.ITERATION_COMPLETED, e -> {
        if (e.state().iteration() % iterationLogInterval == 0) {
          long inEpoch = (e.state().iteration() - 1) % Math.max(1, e.state().epochLength()) + 1;
          out.println(String.format(Locale.ROOT, "Epoch[%d/%d] Iteration[%d/%d] loss: %.4f",
              e.state().epoch(), e.state().maxEpochs(), inEpoch, e.state().epochLength(),
              e.state().output()));
          out.flush();
        }
      });
    }
    engine.addEventHandler(Events.EPOCH_COMPLETED, e -> {
      out.println(String.format(Locale.ROOT, "Epoch[%d/%d] complete, last loss %.4f, %.1f s",
          e.state().epoch(), e.state().maxEpochs(), e.state().output(),
          (System.nanoTime() - epochStart) / 1e9));
      out.flush();
    });
  }
}
