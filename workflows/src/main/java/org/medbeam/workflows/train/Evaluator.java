package org.medbeam.workflows.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.model.metrics.DiceMetric;
import org.medbeam.model.metrics.MetricTensor;
import org.medbeam.workflows.data.Dataset;

/**
 * What MONAI's evaluators share: one run over a labelled {@link Dataset} (validation images in
 * the training's preprocessed space), a class map per case from {@link #predict}, and the key
 * metric, MONAI's {@code MeanDice(include_background=False)} over {@code numClasses} classes:
 * {@code val_mean_dice} (mean over cases and foreground classes, empty ground truth ignored) and
 * {@code val_dice_<c>} per class, in {@code state().metrics()}. The best {@code val_mean_dice}
 * and its trainer epoch are tracked across runs.
 */
public abstract class Evaluator extends Workflow {
  /** The key metric's name. */
  public static final String KEY_METRIC = "val_mean_dice";

  private final Dataset data;
  private final String imageKey;
  private final String labelKey;
  private final int numClasses;
  private final int threads;
  private final List<CaseResult> cases = new ArrayList<>();

  protected Evaluator(Dataset data, String imageKey, String labelKey, int numClasses,
      int threads) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("num_classes must be >= 2 (background and at least one "
          + "class), got " + numClasses);
    }
    this.data = data;
    this.imageKey = imageKey;
    this.labelKey = labelKey;
    this.numClasses = numClasses;
    this.threads = Math.max(1, threads);
  }

  /** One case's Dice per foreground class (NaN where its ground truth is empty). */
  public static final class CaseResult {
    public final String id;
    public final double[] dice;

    CaseResult(String id, double[] dice) {
      this.id = id;
      this.dice = dice;
    }
  }

  /** The class map {@code (1, X, Y[, Z])} (uint8 class indices) of one case's image. */
  protected abstract Volume predict(Volume image);

  public int numClasses() {
    return numClasses;
  }

  /** Threads for the inferer's and metric's loops. */
  protected int threads() {
    return threads;
  }

  /** Per-case results of the last run. */
  public List<CaseResult> cases() {
    return Collections.unmodifiableList(cases);
  }

  /** Runs over the data; {@code trainerEpoch} is recorded as this run's epoch. */
  public void run(int trainerEpoch) {
    clearTerminate();
    state.epoch = trainerEpoch;
    state.maxEpochs = trainerEpoch;
    state.iteration = 0;
    state.epochLength = data.size();
    state.metrics.clear();
    state.bestMetricImproved = false;
    cases.clear();
    try {
      fire(Events.STARTED);
      fire(Events.EPOCH_STARTED);
      DiceMetric dice = DiceMetric.create().withIncludeBackground(false)
          .withNumClasses(numClasses).withThreads(threads);
      data.prepareEpoch(0);
      for (int i = 0; i < data.size() && !shouldTerminate(); i++) {
        for (Sample s : data.get(i, 0)) {
          state.iteration++;
          fire(Events.ITERATION_STARTED);
          Volume pred = predict(s.volume(imageKey));
          MetricTensor row = dice.call(pred, s.volume(labelKey));
          double[] values = row.row(0);
          cases.add(new CaseResult(s.id(), values));
          state.output = nanMean(values);
          fire(Events.ITERATION_COMPLETED);
        }
      }
      if (!cases.isEmpty()) {
        double mean = dice.aggregate().item();
        state.metrics.put(KEY_METRIC, mean);
        MetricTensor perClass = dice.aggregate("mean_batch").value();
        for (int c = 0; c < perClass.size(); c++) {
          state.metrics.put("val_dice_" + (c + 1), perClass.getFlat(c));
        }
        if (mean > state.bestMetric) {
          state.bestMetric = mean;
          state.bestMetricEpoch = trainerEpoch;
          state.bestMetricImproved = true;
        }
      }
      fire(Events.EPOCH_COMPLETED);
      fire(Events.COMPLETED);
    } catch (RuntimeException | Error err) {
      state.exception = err;
      fire(Events.EXCEPTION_RAISED);
      throw err;
    }
  }

  private static double nanMean(double[] v) {
    double s = 0;
    int n = 0;
    for (double d : v) {
      if (!Double.isNaN(d)) {
        s += d;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }

  /** MONAI's {@code AsDiscrete(argmax=True)} on {@code (C, X, Y[, Z])}: first maximum wins. */
  public static Volume argmax(Volume logits) {
    float[] v = logits.toFloatArray();
    int c = logits.channels();
    int n = logits.voxelsPerChannel();
    byte[] out = new byte[n];
    if (c > 127) {
      throw new IllegalArgumentException("argmax: " + c + " channels, at most 127 supported");
    }
    for (int i = 0; i < n; i++) {
      int best = 0;
      float bv = v[i];
      for (int k = 1; k < c; k++) {
        float x = v[i + k * n];
        if (x > bv || (Float.isNaN(x) && !Float.isNaN(bv))) {
          bv = x;
          best = k;
        }
      }
      out[i] = (byte) best;
    }
    int[] shape = logits.shape().clone();
    shape[0] = 1;
    return Volume.wrap(out, DType.UINT8, shape, logits.affine()).withMeta(logits.meta())
        .withAppliedOperations(logits.appliedOperations());
  }
}
