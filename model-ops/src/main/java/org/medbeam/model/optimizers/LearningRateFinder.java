package org.medbeam.model.optimizers;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.medbeam.model.networks.NamedParameters;

/**
 * MONAI's {@code LearningRateFinder} (Smith's LR range test) on a DJL {@link Trainer}: trains
 * {@code num_iter} mini-batches while the learning rate ramps from {@code start_lr} to {@code
 * end_lr} (exponentially or linearly), records the (optionally exponentially smoothed) loss for
 * each rate, and stops once the loss exceeds {@code diverge_th * best}. The data iterable is
 * restarted when it runs out, as MONAI's loader wrapper does. With {@code auto_reset} (default) the
 * model's parameters and buffers are restored afterwards.
 *
 * <pre>{@code
 * LearningRateFinder.Result r = LearningRateFinder.builder().startLr(1e-5).endLr(1).numIter(100)
 *     .build().rangeTest(model, loss, t -> Novograd.builder().setLearningRateTracker(t).build(),
 *         dataset.getData(manager), null);
 * double[] best = r.steepestGradient(10, 5); // {lr, loss}
 * r.plot(Paths.get("lr_finder.png"), 10, 5, true, true);
 * }</pre>
 */
public final class LearningRateFinder {
  private final double startLr;
  private final double endLr;
  private final int numIter;
  private final String stepMode;
  private final double smoothF;
  private final double divergeTh;
  private final int accumulationSteps;
  private final boolean autoReset;

  private LearningRateFinder(Builder b) {
    startLr = b.startLr;
    endLr = b.endLr;
    numIter = b.numIter;
    stepMode = b.stepMode;
    smoothF = b.smoothF;
    divergeTh = b.divergeTh;
    accumulationSteps = b.accumulationSteps;
    autoReset = b.autoReset;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs the range test.
   *
   * @param model a model whose block is set (initialised or not)
   * @param loss the criterion
   * @param optimizer builds the optimizer around the finder's learning-rate tracker
   * @param trainData training batches (restarted when exhausted); each batch is closed after use
   * @param valData if not null, the loss recorded per step is the mean loss over these batches in
   *     eval mode (MONAI's {@code val_loader})
   */
  public Result rangeTest(
      Model model,
      Loss loss,
      Function<ParameterTracker, Optimizer> optimizer,
      Iterable<Batch> trainData,
      Iterable<Batch> valData) {
    LrSchedule schedule =
        stepMode.equals("exp") ? new ExponentialLR(endLr, numIter) : new LinearLR(endLr, numIter);
    ParameterTracker tracker = schedule.tracker(startLr);
    Block block = model.getBlock();
    if (block == null) {
      throw new IllegalArgumentException("LearningRateFinder: the model has no block");
    }
    Device device = model.getNDManager().getDevice();
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(loss)
            .optOptimizer(optimizer.apply(tracker))
            .optDevices(new Device[] {device});
    List<Double> lrs = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    Map<Parameter, float[]> saved = null;
    Iterator<Batch> it = trainData.iterator();
    try (Trainer trainer = model.newTrainer(config)) {
      double best = Double.NEGATIVE_INFINITY;
      for (int iteration = 0; iteration < numIter; iteration++) {
        double total = 0;
        try (GradientCollector gc = trainer.newGradientCollector()) {
          for (int a = 0; a < accumulationSteps; a++) {
            if (!it.hasNext()) {
              it = trainData.iterator();
              if (!it.hasNext()) {
                throw new IllegalArgumentException(
                    "LearningRateFinder: the training data is empty");
              }
            }
            try (Batch b = it.next()) {
              if (!block.isInitialized()) {
                trainer.initialize(b.getData().getShapes());
              }
              if (saved == null) {
                saved = snapshot(block);
              }
              NDList preds = trainer.forward(b.getData(), b.getLabels());
              NDArray l = loss.evaluate(b.getLabels(), preds).sum().div(accumulationSteps);
              gc.backward(l);
              total += l.getFloat();
            }
          }
        }
        trainer.step();
        double value = total;
        if (valData != null) {
          value = validate(trainer, loss, valData);
        }
        lrs.add(schedule.lr(startLr, iteration));
        if (iteration == 0) {
          best = value;
        } else {
          if (smoothF > 0) {
            value = smoothF * value + (1 - smoothF) * losses.get(losses.size() - 1);
          }
          if (value < best) {
            best = value;
          }
        }
        losses.add(value);
        if (value > divergeTh * best) {
          break;
        }
      }
    } finally {
      if (autoReset && saved != null) {
        for (Map.Entry<Parameter, float[]> e : saved.entrySet()) {
          e.getKey().getArray().set(e.getValue());
        }
      }
    }
    return new Result(lrs, losses);
  }

  private static Map<Parameter, float[]> snapshot(Block block) {
    Map<Parameter, float[]> out = new LinkedHashMap<>();
    for (Parameter p : NamedParameters.stateDict(block).values()) {
      out.put(p, p.getArray().toFloatArray());
    }
    return out;
  }

  private static double validate(Trainer trainer, Loss loss, Iterable<Batch> valData) {
    double running = 0;
    long count = 0;
    for (Batch b : valData) {
      try (Batch batch = b) {
        NDList preds = trainer.evaluate(batch.getData());
        long n = batch.getSize();
        running += loss.evaluate(batch.getLabels(), preds).sum().getFloat() * n;
        count += n;
      }
    }
    if (count == 0) {
      throw new IllegalArgumentException("LearningRateFinder: the validation data is empty");
    }
    return running / count;
  }

  /** The recorded history with MONAI's accessors. */
  public static final class Result {
    private final List<Double> lrs;
    private final List<Double> losses;

    Result(List<Double> lrs, List<Double> losses) {
      this.lrs = List.copyOf(lrs);
      this.losses = List.copyOf(losses);
    }

    /** Learning rate of every completed iteration. */
    public List<Double> lrs() {
      return lrs;
    }

    /** (Smoothed) loss of every completed iteration. */
    public List<Double> losses() {
      return losses;
    }

    /**
     * MONAI's {@code get_lrs_and_losses(skip_start, skip_end)}: drops {@code skip_start} points at
     * the start and {@code skip_end + 1} at the end (MONAI's slice ends at {@code len - skip_end -
     * 1}).
     */
    public List<double[]> lrsAndLosses(int skipStart, int skipEnd) {
      if (skipStart < 0) {
        throw new IllegalArgumentException("skip_start cannot be negative");
      }
      if (skipEnd < 0) {
        throw new IllegalArgumentException("skip_end cannot be negative");
      }
      int end = lrs.size() - skipEnd - 1;
      List<double[]> out = new ArrayList<>();
      for (int i = skipStart; i < end; i++) {
        out.add(new double[] {lrs.get(i), losses.get(i)});
      }
      return out;
    }

    /**
     * MONAI's {@code get_steepest_gradient}: the point where {@code np.gradient(losses)} is
     * smallest, as {@code {lr, loss}}; null when fewer than two points remain.
     */
    public double[] steepestGradient(int skipStart, int skipEnd) {
      List<double[]> pts = lrsAndLosses(skipStart, skipEnd);
      double[] l = new double[pts.size()];
      for (int i = 0; i < l.length; i++) {
        l[i] = pts.get(i)[1];
      }
      double[] g = gradient(l);
      if (g == null) {
        return null;
      }
      int arg = 0;
      for (int i = 1; i < g.length; i++) {
        if (g[i] < g[arg]) {
          arg = i;
        }
      }
      return pts.get(arg).clone();
    }

    /** {@code numpy.gradient} with unit spacing (one-sided at the ends); null below 2 points. */
    static double[] gradient(double[] f) {
      int n = f.length;
      if (n < 2) {
        return null;
      }
      double[] g = new double[n];
      g[0] = f[1] - f[0];
      g[n - 1] = f[n - 1] - f[n - 2];
      for (int i = 1; i < n - 1; i++) {
        g[i] = (f[i + 1] - f[i - 1]) / 2.0;
      }
      return g;
    }

    /**
     * Writes the loss-versus-rate curve as a PNG (MONAI's {@code plot}): log-scaled rate axis when
     * {@code logLr}, and the steepest-gradient point marked when {@code markSteepest}.
     */
    public void plot(
        java.nio.file.Path png, int skipStart, int skipEnd, boolean logLr, boolean markSteepest)
        throws java.io.IOException {
      List<double[]> pts = lrsAndLosses(skipStart, skipEnd);
      if (pts.isEmpty()) {
        throw new IllegalStateException(
            "nothing to plot: "
                + lrs.size()
                + " points, skip_start "
                + skipStart
                + ", skip_end "
                + skipEnd);
      }
      double[] steep = markSteepest ? steepestGradient(skipStart, skipEnd) : null;
      LrPlot.write(png, pts, steep, logLr);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "LR finder: %d points", lrs.size());
    }
  }

  /** MONAI's {@code range_test} arguments and defaults. */
  public static final class Builder {
    private double startLr = Double.NaN;
    private double endLr = 10.0;
    private int numIter = 100;
    private String stepMode = "exp";
    private double smoothF = 0.05;
    private double divergeTh = 5;
    private int accumulationSteps = 1;
    private boolean autoReset = true;

    Builder() {}

    /** The first rate (required: the finder builds its own optimizer). */
    public Builder startLr(double v) {
      if (!(v > 0)) {
        throw new IllegalArgumentException("start_lr must be > 0, got " + v);
      }
      startLr = v;
      return this;
    }

    public Builder endLr(double v) {
      if (!(v > 0)) {
        throw new IllegalArgumentException("end_lr must be > 0, got " + v);
      }
      endLr = v;
      return this;
    }

    public Builder numIter(int n) {
      if (n <= 1) {
        throw new IllegalArgumentException("`num_iter` must be larger than 1, got " + n);
      }
      numIter = n;
      return this;
    }

    /** "exp" or "linear". */
    public Builder stepMode(String m) {
      String s = m.toLowerCase(Locale.ROOT);
      if (!s.equals("exp") && !s.equals("linear")) {
        throw new IllegalArgumentException("expected one of (exp, linear), got " + m);
      }
      stepMode = s;
      return this;
    }

    /** In [0, 1): 0 disables smoothing. */
    public Builder smoothF(double f) {
      if (f < 0 || f >= 1) {
        throw new IllegalArgumentException("smooth_f is outside the range [0, 1[: " + f);
      }
      smoothF = f;
      return this;
    }

    public Builder divergeTh(double t) {
      divergeTh = t;
      return this;
    }

    public Builder accumulationSteps(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("accumulation_steps must be >= 1, got " + n);
      }
      accumulationSteps = n;
      return this;
    }

    public Builder autoReset(boolean r) {
      autoReset = r;
      return this;
    }

    public LearningRateFinder build() {
      if (Double.isNaN(startLr)) {
        throw new IllegalArgumentException("LearningRateFinder: start_lr must be given");
      }
      return new LearningRateFinder(this);
    }
  }
}
