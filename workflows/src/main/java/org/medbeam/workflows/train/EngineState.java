package org.medbeam.workflows.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A workflow's state (MONAI/ignite {@code engine.state}): 1-based {@code epoch} and global
 * {@code iteration}, {@code maxEpochs}, {@code epochLength}, the last step's {@code output}
 * (the training loss), the metrics of the last run ({@code metrics}, e.g. {@code val_mean_dice})
 * and, for evaluators, the best key-metric value and the epoch it came from. Mutable, owned by
 * its workflow; handlers read it inside event callbacks.
 */
public final class EngineState {
  int epoch;
  long iteration;
  int maxEpochs;
  int epochLength;
  double output = Double.NaN;
  int batchSamples;
  final Map<String, Double> metrics = new LinkedHashMap<>();
  double bestMetric = Double.NEGATIVE_INFINITY;
  int bestMetricEpoch = -1;
  boolean bestMetricImproved;
  Throwable exception;

  public int epoch() {
    return epoch;
  }

  public long iteration() {
    return iteration;
  }

  public int maxEpochs() {
    return maxEpochs;
  }

  public int epochLength() {
    return epochLength;
  }

  /** The last iteration's output: the training loss for a trainer. */
  public double output() {
    return output;
  }

  /** Samples in the last iteration's batch. */
  public int batchSamples() {
    return batchSamples;
  }

  /** Metrics of the last run, by name, in insertion order. */
  public Map<String, Double> metrics() {
    return Collections.unmodifiableMap(metrics);
  }

  /** The best key-metric value so far (evaluators); {@code -Infinity} before the first run. */
  public double bestMetric() {
    return bestMetric;
  }

  /** The (trainer) epoch of {@link #bestMetric()}, or -1. */
  public int bestMetricEpoch() {
    return bestMetricEpoch;
  }

  /** True when the last run set a new best key metric. */
  public boolean bestMetricImproved() {
    return bestMetricImproved;
  }

  /** The error that stopped the run (with {@link Events#EXCEPTION_RAISED}). */
  public Throwable exception() {
    return exception;
  }
}
