package org.medbeam.workflows.train;

import ai.djl.training.optimizer.Optimizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.medbeam.model.DjlRuntime;
import org.medbeam.model.NetworkFolder;
import org.medbeam.model.inferers.Inferer;
import org.medbeam.model.inferers.Inferers;
import org.medbeam.model.inferers.SimpleInferer;
import org.medbeam.model.losses.Losses;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.Networks;
import org.medbeam.workflows.data.DataLoader;
import org.medbeam.workflows.data.Dataset;
import org.medbeam.workflows.train.handlers.CheckpointLoader;
import org.medbeam.workflows.train.handlers.CheckpointSaver;
import org.medbeam.workflows.train.handlers.CurvePlot;
import org.medbeam.workflows.train.handlers.EarlyStopHandler;
import org.medbeam.workflows.train.handlers.LrScheduleHandler;
import org.medbeam.workflows.train.handlers.MetricsSaver;
import org.medbeam.workflows.train.handlers.StatsHandler;
import org.medbeam.workflows.train.handlers.TrainingLog;
import org.medbeam.workflows.train.handlers.ValidationHandler;

/**
 * One training run of a {@link TrainConfig} on prepared datasets, in this JVM: builds the
 * network, loss, optimizer, {@link SupervisedTrainer}, {@link SupervisedEvaluator} and MONAI's
 * handlers, runs, and leaves in {@code output}:
 *
 * <pre>
 * model/                 the best checkpoint by val_mean_dice (the final one without
 *                        validation): network.json, weights.json, weights.bin (+ inference.json)
 * checkpoints/best/ final/ [epoch_N/]
 * training_log.csv       epoch, iteration, loss, lr, validation metrics (deterministic)
 * training_times.csv     wall-clock seconds and samples/s per epoch
 * curves.png             loss and val_mean_dice against the epoch
 * validation/            MONAI MetricsSaver CSVs of the last validation
 * summary.json           {@link TrainResult}
 * </pre>
 */
public final class TrainingRun {
  private TrainingRun() {}

  /** Trains; progress lines go to {@code log}. */
  public static TrainResult run(TrainConfig cfg, Dataset train, Dataset val, Path output,
      PrintWriter log) throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(output);
    int threads = cfg.threads > 0 ? cfg.threads : Runtime.getRuntime().availableProcessors();
    DjlRuntime.setIntraOpThreads(threads);
    MonaiModule net = Networks.create(cfg.network);
    LearningRate lr = LearningRate.of(Optimizers.learningRate(cfg.optimizer));
    Optimizer opt = Optimizers.create(cfg.optimizer, lr);
    DataLoader loader = DataLoader.of(train, cfg.imageKey, cfg.labelKey)
        .withBatchSize(cfg.batchSize).withShuffle(true, cfg.seed).withNumWorkers(cfg.numWorkers);
    Path checkpoints = output.resolve("checkpoints");
    try (SupervisedTrainer trainer = SupervisedTrainer.builder()
        .network(net, cfg.network)
        .loss(Losses.create(cfg.loss))
        .optimizer(opt, lr)
        .trainLoader(loader)
        .maxEpochs(cfg.epochs)
        .keys(cfg.imageKey, cfg.labelKey)
        .seed(cfg.seed)
        .build()) {
      SupervisedEvaluator evaluator = null;
      EarlyStopHandler early = null;
      if (val != null && val.size() > 0) {
        Inferer inferer = cfg.inferer == null ? SimpleInferer.create()
            : Inferers.fromConfig(cfg.inferer);
        evaluator = new SupervisedEvaluator(net, cfg.network, trainer.model().getNDManager(), val,
            inferer, cfg.imageKey, cfg.labelKey, cfg.numClasses, threads);
        evaluator.attach(new StatsHandler(log, 0),
            CheckpointSaver.to(checkpoints).saveKeyMetric(true),
            new MetricsSaver(output.resolve("validation")));
        if (cfg.earlyStoppingPatience > 0) {
          early = new EarlyStopHandler(cfg.earlyStoppingPatience, cfg.earlyStoppingMinDelta,
              trainer);
          evaluator.attach(early);
        }
      }
      if (cfg.checkpointPath != null) {
        trainer.attach(new CheckpointLoader(Path.of(cfg.checkpointPath), cfg.checkpointStrict,
            cfg.checkpointStrictShape));
      }
      if (cfg.lrScheduler != null) {
        Object epochLevel = cfg.lrScheduler.get("epoch_level");
        trainer.attach(new LrScheduleHandler(Optimizers.schedule(cfg.lrScheduler),
            epochLevel == null || Boolean.TRUE.equals(epochLevel)));
      }
      trainer.attach(new StatsHandler(log, Math.max(1, loader.batchesPerEpoch())));
      if (evaluator != null) {
        trainer.attach(new ValidationHandler(evaluator, cfg.valInterval));
      }
      TrainingLog trainingLog = new TrainingLog(output, evaluator);
      trainer.attach(trainingLog, new CurvePlot(output.resolve("curves.png"), trainingLog),
          CheckpointSaver.to(checkpoints).saveFinal(true)
              .saveInterval(cfg.saveInterval, 1));
      trainer.run();

      Path best = checkpoints.resolve("best");
      Path chosen = NetworkFolder.isFolder(best) ? best : checkpoints.resolve("final");
      Path model = output.resolve("model");
      copyFolder(chosen, model);
      if (cfg.inference != null) {
        new ObjectMapper().writerWithDefaultPrettyPrinter()
            .writeValue(model.resolve("inference.json").toFile(), cfg.inference);
      }
      Map<String, Object> used = new LinkedHashMap<>(cfg.document);
      new ObjectMapper().writerWithDefaultPrettyPrinter()
          .writeValue(output.resolve("train_config.json").toFile(), used);
      EngineState s = trainer.state();
      TrainResult r = new TrainResult(output.toString(), model.toString(), s.epoch(),
          s.iteration(), s.output(),
          evaluator == null ? Double.NaN : evaluator.state().bestMetric(),
          evaluator == null ? -1 : evaluator.state().bestMetricEpoch(), train.size(),
          val == null ? 0 : val.size(), (System.nanoTime() - t0) / 1e9, cfg.seed,
          early != null && early.stoppedAt() >= 0);
      Files.writeString(output.resolve("summary.json"), r.toJson() + "\n");
      return r;
    }
  }

  /** Replaces {@code target}'s files with {@code source}'s (flat folders). */
  static void copyFolder(Path source, Path target) throws IOException {
    if (Files.isDirectory(target)) {
      try (Stream<Path> s = Files.list(target)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(target);
    try (Stream<Path> s = Files.list(source)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.copy(p, target.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static List<String> keys(TrainConfig cfg) {
    return cfg.loadKeys();
  }
}
