package org.medbeam.workflows.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import org.medbeam.model.DjlRuntime;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.workflows.data.Batch;
import org.medbeam.workflows.data.DataLoader;

/**
 * MONAI's {@code SupervisedTrainer}: for {@code maxEpochs} epochs, every batch of the loader goes
 * through forward, loss, backward and an optimizer step (DJL's {@code Trainer} and {@code
 * GradientCollector}, PyTorch engine), firing {@link Events} for the attached handlers. The loss
 * of each iteration is {@code state().output()}.
 *
 * <p>Deterministic on the CPU: {@link #run()} seeds DJL's engine ({@code
 * Engine.setRandomSeed(seed)}) before the parameters are initialised, so initial weights and
 * dropout masks follow the seed; the loader's order and random transforms follow the same seed
 * ({@link DataLoader}); with the same intra-op thread count, two runs give the same losses bit
 * for bit.
 *
 * <p>Parameters are initialised on the first batch's shape, then {@link Events#STARTED} fires
 * (where a {@code CheckpointLoader} loads weights). The network's arrays live in the trainer's
 * model until {@link #close()}.
 */
public final class SupervisedTrainer extends Workflow implements AutoCloseable {
  private final MonaiModule network;
  private final Map<String, Object> networkConfig;
  private final Loss loss;
  private final Optimizer optimizer;
  private final LearningRate learningRate;
  private final DataLoader loader;
  private final int maxEpochs;
  private final String imageKey;
  private final String labelKey;
  private final long seed;
  private final Model model;
  private Trainer trainer;

  private SupervisedTrainer(Builder b) {
    this.network = Objects.requireNonNull(b.network, "network");
    this.networkConfig = b.networkConfig;
    this.loss = Objects.requireNonNull(b.loss, "loss");
    this.optimizer = Objects.requireNonNull(b.optimizer, "optimizer");
    this.learningRate = b.learningRate;
    this.loader = Objects.requireNonNull(b.loader, "trainLoader");
    this.maxEpochs = b.maxEpochs;
    this.imageKey = b.imageKey;
    this.labelKey = b.labelKey;
    this.seed = b.seed;
    DjlRuntime.engine();
    this.model = Model.newInstance("network", DjlRuntime.ENGINE);
    model.setBlock(network);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configuration of a {@link SupervisedTrainer}. */
  public static final class Builder {
    private MonaiModule network;
    private Map<String, Object> networkConfig = Map.of();
    private Loss loss;
    private Optimizer optimizer;
    private LearningRate learningRate;
    private DataLoader loader;
    private int maxEpochs = 1;
    private String imageKey = "image";
    private String labelKey = "label";
    private long seed;

    /** The network and its config ({@code _target_} and arguments, written with checkpoints). */
    public Builder network(MonaiModule net, Map<String, Object> config) {
      this.network = net;
      this.networkConfig = config == null ? Map.of() : config;
      return this;
    }

    public Builder loss(Loss l) {
      this.loss = l;
      return this;
    }

    /** The optimizer, reading its rate from {@code lr} (which schedules move). */
    public Builder optimizer(Optimizer o, LearningRate lr) {
      this.optimizer = o;
      this.learningRate = lr;
      return this;
    }

    public Builder trainLoader(DataLoader l) {
      this.loader = l;
      return this;
    }

    public Builder maxEpochs(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max_epochs must be >= 1, got " + n);
      }
      this.maxEpochs = n;
      return this;
    }

    public Builder keys(String image, String label) {
      this.imageKey = Objects.requireNonNull(image, "image key");
      this.labelKey = Objects.requireNonNull(label, "label key");
      return this;
    }

    /** Seeds the engine (initialisation, dropout). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public SupervisedTrainer build() {
      return new SupervisedTrainer(this);
    }
  }

  @Override
  public MonaiModule network() {
    return network;
  }

  @Override
  public Map<String, Object> networkConfig() {
    return networkConfig;
  }

  /** The rate the optimizer reads (null when built without one). */
  public LearningRate learningRate() {
    return learningRate;
  }

  /** The DJL model owning the network's arrays. */
  public Model model() {
    return model;
  }

  public DataLoader loader() {
    return loader;
  }

  /** Runs the training loop; errors fire {@link Events#EXCEPTION_RAISED} and are rethrown. */
  public void run() {
    clearTerminate();
    // autograd records only inside the gradient collector; a thread that did not start the
    // engine has PyTorch's default (on), under which the optimizers' in-place updates of leaf
    // parameters are errors
    boolean grad = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      runEpochs();
    } finally {
      JniUtils.setGradMode(grad);
    }
  }

  private void runEpochs() {
    state.maxEpochs = maxEpochs;
    state.epochLength = loader.batchesPerEpoch();
    state.epoch = 0;
    state.iteration = 0;
    try {
      Iterator<Batch> batches = loader.epoch(0);
      Batch first = batches.hasNext() ? batches.next() : null;
      if (first == null) {
        throw new IllegalStateException("the training loader yields no batch: no training data");
      }
      if (trainer == null) {
        Engine.getEngine(DjlRuntime.ENGINE).setRandomSeed((int) seed);
        trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(optimizer));
        trainer.initialize(new Shape(toLong(first.shape(imageKey))));
      }
      fire(Events.STARTED);
      for (int e = 1; e <= maxEpochs && !shouldTerminate(); e++) {
        state.epoch = e;
        fire(Events.EPOCH_STARTED);
        if (e > 1) {
          batches = loader.epoch(e - 1);
          first = null;
        }
        while (!shouldTerminate()) {
          Batch b;
          if (first != null) {
            b = first;
            first = null;
          } else if (batches.hasNext()) {
            b = batches.next();
          } else {
            break;
          }
          state.iteration++;
          state.batchSamples = b.size();
          fire(Events.ITERATION_STARTED);
          state.output = step(b);
          fire(Events.ITERATION_COMPLETED);
        }
        fire(Events.EPOCH_COMPLETED);
      }
      fire(Events.COMPLETED);
    } catch (RuntimeException | Error err) {
      state.exception = err;
      fire(Events.EXCEPTION_RAISED);
      throw err;
    }
  }

  /** One iteration: forward, loss, backward, optimizer step; returns the loss. */
  private double step(Batch b) {
    try (NDManager step = trainer.getManager().newSubManager()) {
      NDArray x = step.create(b.array(imageKey), new Shape(toLong(b.shape(imageKey))));
      NDArray y = step.create(b.array(labelKey), new Shape(toLong(b.shape(labelKey))));
      double value;
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDList pred = trainer.forward(new NDList(x), new NDList(y));
        NDArray l = trainer.getLoss().evaluate(new NDList(y), pred);
        value = l.getFloat();
        gc.backward(l);
      }
      trainer.step();
      return value;
    }
  }

  static long[] toLong(int[] s) {
    long[] out = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i];
    }
    return out;
  }

  /** Frees the network's arrays, the optimizer state and the loader threads. */
  @Override
  public void close() {
    if (trainer != null) {
      trainer.close();
      trainer = null;
    }
    if (optimizer instanceof AutoCloseable) {
      try {
        ((AutoCloseable) optimizer).close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    model.close();
    loader.close();
  }
}
