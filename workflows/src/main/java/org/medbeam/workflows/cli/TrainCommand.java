package org.medbeam.workflows.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.medbeam.core.Failure;
import org.medbeam.workflows.train.Train;
import org.medbeam.workflows.train.TrainConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medbeam train --config train.json}: preprocesses and caches the datalist with Beam, then
 * trains on one worker ({@link Train}; on the DirectRunner this JVM, after the caching pipeline:
 * {@link Train#runLocally}); prints the run's summary JSON.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a network from a MONAI-style config: datalist, transforms, network, loss,",
      "optimizer, epochs, seed. The datalist is loaded and its deterministic preprocessing",
      "cached with Beam (reused while inputs and transforms are unchanged); one worker then",
      "trains with validation, checkpoints and the MONAI handlers. Writes into --output:",
      "model/ (network.json + weights: medbeam infer --model=<output>/model), checkpoints/,",
      "training_log.csv, training_times.csv, curves.png, validation/, summary.json,",
      "failures.jsonl. Other --name=value options are Beam pipeline options."
    })
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "The training config (JSON/YAML).")
  String config;

  @Option(names = "--output", defaultValue = "medbeam-train",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--epochs", description = "Override the config's epochs.")
  Integer epochs;

  @Option(names = "--seed", description = "Override the config's seed.")
  Long seed;

  @Option(names = "--cache",
      description = "Override the cache mode: persistent, memory, smart, none.")
  String cache;

  @Option(names = "--cache-dir", description = "Override the cache folder (local or gs://).")
  String cacheDir;

  @CommandLine.Unmatched List<String> pipelineArgs = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (epochs != null) {
      overrides.put("epochs", epochs);
    }
    if (seed != null) {
      overrides.put("seed", seed);
    }
    if (cache != null) {
      overrides.put("cache", cache);
    }
    if (cacheDir != null) {
      overrides.put("cache_dir", cacheDir);
    }
    PipelineOptions options = PipelineArgs.options(pipelineArgs);
    TrainConfig cfg = TrainConfig.load(config, overrides);
    Path outDir = Path.of(output).toAbsolutePath();
    Files.createDirectories(outDir);
    err.println("medbeam train: " + cfg.training().size() + " training, "
        + cfg.validation().size() + " validation items, " + cfg.epochs() + " epochs, seed "
        + cfg.seed() + ", cache " + cfg.cache() + " → " + outDir);
    err.flush();
    String summary;
    if (options.getRunner().getSimpleName().equals("DirectRunner")) {
      Train.Outcome o = Train.runLocally(cfg, outDir.toString(), options, err);
      summary = o.result.toJson();
    } else {
      Pipeline p = Pipeline.create(options);
      WithFailures.Result<PCollection<String>, Failure> r =
          p.apply("Train", Train.of(cfg).to(outDir.toString()).withLog(err));
      writeFailures(r.failures(), outDir);
      PipelineResult.State state = p.run().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IllegalStateException("the training pipeline ended " + state);
      }
      summary = Files.readString(outDir.resolve("summary.json")).strip();
    }
    String failures = Files.readString(outDir.resolve("failures.jsonl")).strip();
    long failed = failures.isEmpty() ? 0 : failures.lines().count();
    if (failed > 0) {
      err.println("medbeam train: " + failed + " item(s) failed and were left out: "
          + outDir.resolve("failures.jsonl"));
    }
    err.flush();
    out.println(summary);
    out.flush();
    return 0;
  }

  static void writeFailures(PCollection<Failure> failures, Path dir) {
    failures.apply("FailureJson", MapElements.into(TypeDescriptors.strings()).via(Failure::toJson))
        .apply("WriteFailures", TextIO.write().to(dir.resolve("failures").toString())
            .withSuffix(".jsonl").withoutSharding());
  }
}
