package org.medbeam.workflows.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.medbeam.core.Failure;
import org.medbeam.core.FailureCoder;
import org.medbeam.core.Sample;
import org.medbeam.core.SampleCoder;
import org.medbeam.workflows.data.CacheDataset;
import org.medbeam.workflows.data.ChainSplit;
import org.medbeam.workflows.data.Dataset;
import org.medbeam.workflows.data.PersistentDataset;
import org.medbeam.workflows.data.SmartCacheDataset;

/**
 * Training as a Beam transform ({@code medbeam train}): the datalist's items are preprocessed
 * and cached in parallel on the runner ({@link PersistentDataset}: the deterministic prefix of
 * the training and validation chains, keyed by content, reused while unchanged), then one worker
 * trains ({@link TrainingRun}: MONAI's {@code SupervisedTrainer}, validation, handlers) from the
 * cache. The output is one element, the run's {@link TrainResult} JSON; items whose loading or
 * preprocessing failed are the failures (also those recorded in a reused cache).
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<String>, Failure> r =
 *     p.apply(Train.of(TrainConfig.load("train.json")).to("/runs/spleen"));
 * }</pre>
 *
 * <p>On the DirectRunner use {@link #runLocally}: it runs the caching pipeline, then trains in
 * the calling thread. (A DoFn that runs for minutes keeps the DirectRunner's scheduler threads
 * polling at full speed; they take the cores from PyTorch, make training many times slower, and
 * that contention even changes the PyTorch CPU kernels' float rounding, so seeded runs stop
 * being bit-identical.) With {@code "cache": "memory" | "smart" | "none"} no caching pipeline
 * runs: the trainer prepares the data itself. Outputs (model, logs, curves) go to a local
 * folder.
 */
public final class Train
    extends PTransform<PBegin, WithFailures.Result<PCollection<String>, Failure>> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, PrintWriter> LOGS = new ConcurrentHashMap<>();

  private final transient TrainConfig config;
  private final String output;
  private final String logId;

  private Train(TrainConfig config, String output, String logId) {
    this.config = config;
    this.output = output;
    this.logId = logId;
  }

  public static Train of(TrainConfig config) {
    return new Train(config, null, null);
  }

  /** The output folder (local). */
  public Train to(String folder) {
    checkOutput(folder);
    return new Train(config, folder, logId);
  }

  private static void checkOutput(String folder) {
    if (folder == null || folder.isBlank() || folder.contains("://")) {
      throw new IllegalArgumentException(
          "to: the training output must be a local folder, got '" + folder + "'");
    }
  }

  /**
   * Progress lines go to {@code log} when the worker runs in this JVM (embedded Flink); elsewhere
   * to the worker's stderr.
   */
  public Train withLog(PrintWriter log) {
    String id = UUID.randomUUID().toString();
    LOGS.put(id, log);
    return new Train(config, output, id);
  }

  /** Where each dataset's cache lies and whether it is complete already. */
  static final class CachePlan implements Serializable {
    private static final long serialVersionUID = 1L;
    final String trainDir;
    final String valDir;
    final boolean trainReused;
    final boolean valReused;

    CachePlan(String trainDir, String valDir, boolean trainReused, boolean valReused) {
      this.trainDir = trainDir;
      this.valDir = valDir;
      this.trainReused = trainReused;
      this.valReused = valReused;
    }
  }

  /** Hashes the inputs (in the driver) and finds the cache folders; null unless persistent. */
  static CachePlan plan(TrainConfig config, String output) {
    if (!config.cache.equals("persistent")) {
      return null;
    }
    String root = config.cacheDir != null ? config.cacheDir
        : Path.of(output).resolve("cache").toString();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    List<String> keys = config.loadKeys();
    String trainDir = PersistentDataset.folder(root, PersistentDataset.cacheKey(config.training,
        keys, config.trainChain.prefixFingerprint(), threads));
    String valDir = config.validation.isEmpty() ? null
        : PersistentDataset.folder(root, PersistentDataset.cacheKey(config.validation, keys,
            config.valChain.prefixFingerprint(), threads));
    return new CachePlan(trainDir, valDir, PersistentDataset.isComplete(trainDir),
        valDir != null && PersistentDataset.isComplete(valDir));
  }

  /** Adds the caching steps for {@code plan} to {@code p}; the output holds the cache folders. */
  static PCollection<String> addCaching(PBegin p, TrainConfig config, CachePlan plan,
      List<PCollection<Failure>> failures) {
    List<PCollection<String>> dirs = new ArrayList<>();
    dirs.add(cache(p, "Train", config.training, config.trainChain, config.loadKeys(),
        plan.trainDir, plan.trainReused, config.seed, failures));
    if (plan.valDir != null) {
      dirs.add(cache(p, "Validation", config.validation, config.valChain, config.loadKeys(),
          plan.valDir, plan.valReused, config.seed, failures));
    }
    return PCollectionList.of(dirs).apply("CachesWritten", Flatten.pCollections());
  }

  @Override
  public WithFailures.Result<PCollection<String>, Failure> expand(PBegin p) {
    if (output == null) {
      throw new IllegalStateException("Train: call to(folder) first");
    }
    List<PCollection<Failure>> failures = new ArrayList<>();
    CachePlan plan = plan(config, output);
    PCollection<String> ready = plan == null
        ? p.apply("Start", Create.of("start").withCoder(StringUtf8Coder.of()))
        : addCaching(p, config, plan, failures);
    PCollectionView<List<String>> done = ready.apply("AllCaches", View.asList());
    TupleTag<String> result = new TupleTag<String>() {};
    TupleTag<Failure> failed = new TupleTag<Failure>() {};
    PCollectionTuple out = p.apply("One", Create.of("train").withCoder(StringUtf8Coder.of()))
        .apply("TrainOnOneWorker", ParDo.of(new TrainFn(config.spec(), output, plan, logId,
                done, failed))
            .withSideInputs(done)
            .withOutputTags(result, TupleTagList.of(failed)));
    failures.add(out.get(failed).setCoder(FailureCoder.of()));
    PCollection<Failure> all = PCollectionList.of(failures).apply("AllFailures",
        Flatten.pCollections());
    return WithFailures.Result.of(out.get(result).setCoder(StringUtf8Coder.of()), all);
  }

  private static PCollection<String> cache(PBegin p, String name, List<Sample> items,
      ChainSplit chain, List<String> keys, String dir, boolean reused, long seed,
      List<PCollection<Failure>> failures) {
    if (reused) {
      return p.apply(name + "CacheReused", Create.of(dir).withCoder(StringUtf8Coder.of()));
    }
    WithFailures.Result<PCollection<String>, Failure> r = p
        .apply(name + "Items", Create.of(items).withCoder(SampleCoder.of()))
        .apply(name + "Cache", PersistentDataset.write(chain, keys).to(dir).withSeed(seed)
            .withNumShards(Math.max(1, Math.min(8, items.size()))));
    failures.add(r.failures());
    return r.output();
  }

  /** What {@link #runLocally} did. */
  public static final class Outcome {
    public final TrainResult result;
    public final List<Failure> failures;

    Outcome(TrainResult result, List<Failure> failures) {
      this.result = result;
      this.failures = List.copyOf(failures);
    }
  }

  /**
   * Caches with a Beam pipeline on {@code options}' runner (skipped when the caches are
   * complete), then trains in this thread; writes {@code failures.jsonl} (every item left out,
   * as the cache manifests record them) beside the other outputs.
   */
  public static Outcome runLocally(TrainConfig config, String output, PipelineOptions options,
      PrintWriter log) throws IOException {
    checkOutput(output);
    CachePlan plan = plan(config, output);
    if (plan != null && !(plan.trainReused && (plan.valDir == null || plan.valReused))) {
      long t0 = System.nanoTime();
      Pipeline p = Pipeline.create(options);
      addCaching(p.begin(), config, plan, new ArrayList<>());
      PipelineResult.State state = p.run().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the caching pipeline ended " + state);
      }
      log.printf(java.util.Locale.ROOT, "medbeam train: cached the preprocessing with Beam in "
          + "%.1f s%n", (System.nanoTime() - t0) / 1e9);
      log.flush();
    }
    List<Failure> failures = new ArrayList<>();
    TrainResult r = train(config, output, plan, log, failures, true);
    StringBuilder sb = new StringBuilder();
    for (Failure f : failures) {
      sb.append(f.toJson()).append('\n');
    }
    Files.writeString(Path.of(output).resolve("failures.jsonl"), sb.toString(),
        StandardCharsets.UTF_8);
    return new Outcome(r, failures);
  }

  /**
   * Loads the datasets (from the caches of {@code plan}, or prepared here) and trains.
   *
   * @param allCacheFailures add the failures recorded in the cache manifests (else only those of
   *     reused caches: fresh ones were already reported by the caching step)
   */
  static TrainResult train(TrainConfig cfg, String output, CachePlan plan, PrintWriter log,
      List<Failure> failures, boolean allCacheFailures) throws IOException {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    Dataset train;
    Dataset val = null;
    switch (cfg.cache) {
      case "persistent": {
        PersistentDataset.Cached tc = PersistentDataset.read(plan.trainDir, threads);
        train = CacheDataset.of(cfg.training, tc.samples, cfg.trainChain, cfg.seed);
        if (allCacheFailures || plan.trainReused) {
          failures.addAll(tc.failures);
        }
        if (plan.valDir != null) {
          PersistentDataset.Cached vc = PersistentDataset.read(plan.valDir, threads);
          val = CacheDataset.of(cfg.validation, vc.samples, cfg.valChain, cfg.seed);
          if (allCacheFailures || plan.valReused) {
            failures.addAll(vc.failures);
          }
        }
        log.println("medbeam train: " + train.size() + " training and "
            + (val == null ? 0 : val.size()) + " validation items from the cache ("
            + (plan.trainReused ? "reused " : "") + plan.trainDir + ")");
        break;
      }
      case "memory":
        train = CacheDataset.compute(cfg.training, cfg.trainChain, cfg.loadKeys(), cfg.seed,
            threads, failures);
        if (!cfg.validation.isEmpty()) {
          val = CacheDataset.compute(cfg.validation, cfg.valChain, cfg.loadKeys(), cfg.seed,
              threads, failures);
        }
        break;
      case "smart":
        train = SmartCacheDataset.of(cfg.training, cfg.trainChain, cfg.loadKeys(),
            cfg.smartCacheNum, cfg.smartReplaceRate, true, cfg.seed, cfg.seed, 1);
        if (!cfg.validation.isEmpty()) {
          val = CacheDataset.compute(cfg.validation, cfg.valChain, cfg.loadKeys(), cfg.seed,
              threads, failures);
        }
        break;
      default:
        train = Dataset.of(cfg.training, cfg.trainChain, cfg.loadKeys(), cfg.seed);
        if (!cfg.validation.isEmpty()) {
          val = Dataset.of(cfg.validation, cfg.valChain, cfg.loadKeys(), cfg.seed);
        }
    }
    log.flush();
    try {
      return TrainingRun.run(cfg, train, val, Path.of(output), log);
    } finally {
      if (train instanceof SmartCacheDataset) {
        ((SmartCacheDataset) train).close();
      }
    }
  }

  /** Loads the caches and trains, once. */
  static final class TrainFn extends DoFn<String, String> {
    private static final long serialVersionUID = 1L;
    private final TrainConfig.Spec spec;
    private final String output;
    private final CachePlan plan;
    private final String logId;
    private final PCollectionView<List<String>> done;
    private final TupleTag<Failure> failed;
    private final Counter trained = Metrics.counter("medbeam", "train_runs");
    private final Counter failures = Metrics.counter("medbeam", "train_failures");

    TrainFn(TrainConfig.Spec spec, String output, CachePlan plan, String logId,
        PCollectionView<List<String>> done, TupleTag<Failure> failed) {
      this.spec = spec;
      this.output = output;
      this.plan = plan;
      this.logId = logId;
      this.done = done;
      this.failed = failed;
    }

    @ProcessElement
    public void process(ProcessContext c) throws IOException {
      c.sideInput(done); // every cache is complete
      PrintWriter log = logId == null ? null : LOGS.get(logId);
      if (log == null) {
        log = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8),
            true);
      }
      List<Failure> found = new ArrayList<>();
      TrainResult r = train(spec.parse(), output, plan, log, found, false);
      for (Failure f : found) {
        failures.inc();
        c.output(failed, f);
      }
      trained.inc();
      c.output(r.toJson());
    }
  }
}
