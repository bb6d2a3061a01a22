package org.medbeam.workflows.train.handlers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medbeam.workflows.train.Evaluator;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.SupervisedTrainer;
import org.medbeam.workflows.train.Workflow;

/**
 * The training records, rewritten after every epoch:
 *
 * <ul>
 *   <li>{@code training_log.csv}: {@code epoch,iteration,loss,lr,<validation metrics>} — the
 *       epoch's mean iteration loss and the learning rate it trained with (Java's shortest exact
 *       decimal of the double), and the validator's metrics when it ran that epoch (empty
 *       otherwise). Nothing in it depends on timing, so two runs with the same seed give the
 *       same file byte for byte;
 *   <li>{@code training_times.csv}: {@code epoch,elapsed_s,epoch_s,samples,samples_per_s}, the
 *       wall-clock side.
 * </ul>
 *
 * Attach to the trainer after the {@link ValidationHandler}.
 */
public final class TrainingLog implements Handler {
  /** One epoch's record. */
  public static final class Row {
    public final int epoch;
    public final long iteration;
    public final double loss;
    public final double lr;
    public final Map<String, Double> metrics;
    public final double elapsedSeconds;
    public final double epochSeconds;
    public final long samples;

    Row(int epoch, long iteration, double loss, double lr, Map<String, Double> metrics,
        double elapsedSeconds, double epochSeconds, long samples) {
      this.epoch = epoch;
      this.iteration = iteration;
      this.loss = loss;
      this.lr = lr;
      this.metrics = metrics;
      this.elapsedSeconds = elapsedSeconds;
      this.epochSeconds = epochSeconds;
      this.samples = samples;
    }
  }

  private final Path dir;
  private final Evaluator validator;
  private final List<Row> rows = new ArrayList<>();
  private final List<String> metricNames = new ArrayList<>();
  private double lossSum;
  private int lossCount;
  private double epochLr = Double.NaN;
  private long started;
  private long epochStarted;
  private long epochSamples;

  /** @param validator whose metrics to record (null for none) */
  public TrainingLog(Path dir, Evaluator validator) {
    this.dir = dir;
    this.validator = validator;
  }

  /** The rows so far. */
  public List<Row> rows() {
    return Collections.unmodifiableList(rows);
  }

  @Override
  public void attach(Workflow engine) {
    engine.addEventHandler(Events.STARTED, e -> {
      started = System.nanoTime();
      rows.clear();
      metricNames.clear();
    });
    engine.addEventHandler(Events.EPOCH_STARTED, e -> {
      lossSum = 0;
      lossCount = 0;
      epochSamples = 0;
      epochStarted = System.nanoTime();
      epochLr = e instanceof SupervisedTrainer && ((SupervisedTrainer) e).learningRate() != null
          ? ((SupervisedTrainer) e).learningRate().get() : Double.NaN;
    });
    engine.addEventHandler(Events.ITERATION_COMPLETED, e -> {
      lossSum += e.state().output();
      lossCount++;
      epochSamples += e.state().batchSamples();
    });
    engine.addEventHandler(Events.EPOCH_COMPLETED, e -> {
      long now = System.nanoTime();
      Map<String, Double> m = new LinkedHashMap<>();
      if (validator != null && validator.state().epoch() == e.state().epoch()) {
        m.putAll(validator.state().metrics());
        for (String k : m.keySet()) {
          if (!metricNames.contains(k)) {
            metricNames.add(k);
          }
        }
      }
      rows.add(new Row(e.state().epoch(), e.state().iteration(),
          lossCount == 0 ? Double.NaN : lossSum / lossCount, epochLr, m,
          (now - started) / 1e9, (now - epochStarted) / 1e9, epochSamples));
      write();
    });
  }

  /** {@code training_log.csv}'s text. */
  public String logCsv() {
    StringBuilder sb = new StringBuilder("epoch,iteration,loss,lr");
    for (String k : metricNames) {
      sb.append(',').append(k);
    }
    sb.append('\n');
    for (Row r : rows) {
      sb.append(r.epoch).append(',').append(r.iteration).append(',').append(r.loss).append(',')
          .append(r.lr);
      for (String k : metricNames) {
        Double v = r.metrics.get(k);
        sb.append(',').append(v == null ? "" : v.toString());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** {@code training_times.csv}'s text. */
  public String timesCsv() {
    StringBuilder sb = new StringBuilder("epoch,elapsed_s,epoch_s,samples,samples_per_s\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%d,%.3f,%.3f,%d,%.3f%n", r.epoch, r.elapsedSeconds,
          r.epochSeconds, r.samples, r.samples / Math.max(1e-9, r.epochSeconds)));
    }
    return sb.toString();
  }

  private void write() {
    try {
      Files.createDirectories(dir);
      writeAtomically(dir.resolve("training_log.csv"), logCsv());
      writeAtomically(dir.resolve("training_times.csv"), timesCsv());
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the training log in " + dir, ex);
    }
  }

  static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
  }
}
