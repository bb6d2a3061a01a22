package org.medbeam.workflows.train.handlers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.medbeam.model.NetworkFolder;
import org.medbeam.workflows.train.Evaluator;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.Handler;
import org.medbeam.workflows.train.Workflow;

/**
 * MONAI's {@code CheckpointSaver}: writes the network as a {@link NetworkFolder} ({@code
 * network.json} + weights, loadable by {@code medbeam infer --model=...}) under {@code saveDir}:
 *
 * <ul>
 *   <li>attached to a validator with {@link #saveKeyMetric}: {@code best/} whenever the key
 *       metric reaches a new best ({@code save_key_metric=True, key_metric_n_saved=1});
 *   <li>attached to the trainer: {@code final/} at {@link Events#COMPLETED} ({@code save_final})
 *       and {@code epoch_<n>/} every {@code saveInterval} epochs, keeping the last {@code
 *       nSaved}.
 * </ul>
 *
 * Each folder's {@code network.json} also records {@code epoch}, {@code iteration} and, for
 * {@code best/}, the metric. Optimizer state is not saved.
 */
public final class CheckpointSaver implements Handler {
  private final Path saveDir;
  private final boolean saveKeyMetric;
  private final boolean saveFinal;
  private final int saveInterval;
  private final int nSaved;
  private final Map<String, Object> extra;
  private final Deque<Path> interval = new ArrayDeque<>();
  private final List<Integer> bestEpochs = new ArrayList<>();

  private CheckpointSaver(Path saveDir, boolean saveKeyMetric, boolean saveFinal,
      int saveInterval, int nSaved, Map<String, Object> extra) {
    this.saveDir = saveDir;
    this.saveKeyMetric = saveKeyMetric;
    this.saveFinal = saveFinal;
    this.saveInterval = saveInterval;
    this.nSaved = nSaved;
    this.extra = extra;
  }

  /** Saves nothing until configured. */
  public static CheckpointSaver to(Path saveDir) {
    return new CheckpointSaver(saveDir, false, false, 0, 1, Map.of());
  }

  /** Keep the best network by the validator's key metric in {@code best/}. */
  public CheckpointSaver saveKeyMetric(boolean v) {
    return new CheckpointSaver(saveDir, v, saveFinal, saveInterval, nSaved, extra);
  }

  /** Save {@code final/} when training completes. */
  public CheckpointSaver saveFinal(boolean v) {
    return new CheckpointSaver(saveDir, saveKeyMetric, v, saveInterval, nSaved, extra);
  }

  /** Save {@code epoch_<n>/} every {@code epochs} epochs, keeping the last {@code keep}. */
  public CheckpointSaver saveInterval(int epochs, int keep) {
    if (epochs < 0 || keep < 1) {
      throw new IllegalArgumentException(
          "save_interval must be >= 0 and n_saved >= 1, got " + epochs + " and " + keep);
    }
    return new CheckpointSaver(saveDir, saveKeyMetric, saveFinal, epochs, keep, extra);
  }

  /** Extra fields for every checkpoint's {@code network.json}. */
  public CheckpointSaver withExtra(Map<String, Object> fields) {
    return new CheckpointSaver(saveDir, saveKeyMetric, saveFinal, saveInterval, nSaved,
        Map.copyOf(fields));
  }

  /** Trainer epochs at which {@code best/} was (re)written. */
  public List<Integer> bestEpochs() {
    return List.copyOf(bestEpochs);
  }

  @Override
  public void attach(Workflow engine) {
    if (engine instanceof Evaluator) {
      if (saveKeyMetric) {
        engine.addEventHandler(Events.COMPLETED, e -> {
          if (e.state().bestMetricImproved()) {
            Map<String, Object> info = info(e);
            info.put("key_metric", Evaluator.KEY_METRIC);
            info.put("key_metric_value", e.state().bestMetric());
            save(e, saveDir.resolve("best"), info);
            bestEpochs.add(e.state().epoch());
          }
        });
      }
      return;
    }
    if (saveInterval > 0) {
      engine.addEventHandler(Events.EPOCH_COMPLETED, e -> {
        if (e.state().epoch() % saveInterval == 0) {
          Path dir = saveDir.resolve("epoch_" + e.state().epoch());
          save(e, dir, info(e));
          interval.addLast(dir);
          while (interval.size() > nSaved) {
            delete(interval.removeFirst());
          }
        }
      });
    }
    if (saveFinal) {
      engine.addEventHandler(Events.COMPLETED, e -> save(e, saveDir.resolve("final"), info(e)));
    }
  }

  private Map<String, Object> info(Workflow e) {
    Map<String, Object> m = new LinkedHashMap<>(extra);
    m.put("epoch", e.state().epoch());
    m.put("iteration", e.state().iteration());
    return m;
  }

  private static void save(Workflow e, Path dir, Map<String, Object> info) {
    try {
      NetworkFolder.write(dir, e.networkConfig(), e.network(), info);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot save checkpoint " + dir + ": " + ex.getMessage(), ex);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(s.toList());
      java.util.Collections.reverse(all);
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot delete old checkpoint " + dir, ex);
    }
  }
}
