package org.medbeam.workflows.train.handlers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medbeam.model.metrics.MetricTable;
import org.medbeam.model.metrics.MetricValue;
import org.medbeam.model.metrics.MetricsReport;
import org.medbeam.workflows.train.Evaluator;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.Workflow;

/**
 * MONAI's {@code MetricsSaver(save_dir, metrics="*", metric_details="*")} on an evaluator: after
 * each run, {@code metrics.csv}, {@code mean_dice_raw.csv} (per case, per foreground class) and
 * {@code mean_dice_summary.csv} in MONAI's format ({@link MetricsReport}).
 */
public final class MetricsSaver implements Handler {
  private final Path dir;

  public MetricsSaver(Path dir) {
    this.dir = dir;
  }

  @Override
  public void attach(Workflow engine) {
    if (!(engine instanceof Evaluator)) {
      throw new IllegalArgumentException("MetricsSaver attaches to an evaluator");
    }
    Evaluator ev = (Evaluator) engine;
    engine.addEventHandler(Events.COMPLETED, e -> {
      List<MetricValue> rows = new ArrayList<>();
      for (Evaluator.CaseResult c : ev.cases()) {
        for (int k = 0; k < c.dice.length; k++) {
          rows.add(MetricValue.of(c.id, "mean_dice", k, c.dice[k]));
        }
      }
      if (!rows.isEmpty()) {
        MetricsReport.write(dir, List.of(MetricTable.of("mean_dice", rows)),
            MetricsReport.ALL_OPS);
      }
    });
  }
}
