package org.medbeam.workflows.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.core.SampleCoder;
import org.medbeam.model.ModelSpec;
import org.medbeam.model.NetworkFolder;
import org.medbeam.model.metrics.MetricSpec;
import org.medbeam.model.metrics.MetricValue;
import org.medbeam.workflows.data.Datalist;
import org.medbeam.workflows.infer.Bundled;
import org.medbeam.workflows.infer.InferenceConfig;
import org.medbeam.workflows.train.Evaluate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medbeam evaluate}: runs a model over a labelled datalist section with its inference
 * config ({@link Evaluate}) and writes MONAI's metric reports.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Run a model over a labelled set and score it: each datalist item (image and label:",
      "files or DICOM series folders) is preprocessed, inferred and postprocessed as the",
      "inference config says (ending with Invertd back to the label's grid) and scored.",
      "Writes metrics.csv, <metric>_raw.csv, <metric>_summary.csv and failures.jsonl into",
      "--output. Other --name=value options are Beam pipeline options."
    })
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true,
      description = "The model: a medbeam network folder or zip (medbeam train's <output>/model),"
          + " TorchScript, or classpath:/ or gs:// URI.")
  String model;

  @Option(names = "--datalist", required = true, description = "MONAI datalist JSON.")
  String datalist;

  @Option(names = "--section", defaultValue = "validation",
      description = "Datalist section to score (default: ${DEFAULT-VALUE}).")
  String section;

  @Option(names = "--data-dir",
      description = "Base of relative datalist paths (default: its folder).")
  String dataDir;

  @Option(names = "--config",
      description = "Inference config; default: <model>/inference.json, else the bundled one.")
  String config;

  @Option(names = "--output", defaultValue = "medbeam-eval",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--metric", defaultValue = "dice(include_background=false)",
      description = "Comma-separated metric specs (default: ${DEFAULT-VALUE}).")
  String metric;

  @Option(names = "--num-classes", description = "Classes including background (label maps).")
  Integer numClasses;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of random transforms.")
  long seed;

  @CommandLine.Unmatched List<String> pipelineArgs = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<MetricSpec> specs = MetricSpec.parse(metric);
    Pipeline p = Pipeline.create(PipelineArgs.options(pipelineArgs));
    String configUri = config;
    if (configUri == null) {
      Path m = Path.of(model);
      configUri = !model.contains(":") && NetworkFolder.isFolder(m)
          && Files.isRegularFile(m.resolve("inference.json"))
          ? m.resolve("inference.json").toString() : Bundled.CONFIG;
    }
    InferenceConfig cfg = InferenceConfig.load(configUri);
    List<Sample> items = Datalist.load(datalist, dataDir, true).section(section);
    if (items.isEmpty()) {
      throw new IllegalArgumentException(datalist + ": section '" + section + "' is empty");
    }
    Path outDir = Path.of(output).toAbsolutePath();
    Files.createDirectories(outDir);
    err.println("medbeam evaluate: " + items.size() + " cases of " + datalist + " [" + section
        + "], model " + model + ", config " + configUri + " → " + outDir);
    err.flush();
    Evaluate ev = Evaluate.of(ModelSpec.of(model), cfg).withMetrics(specs).withSeed(seed)
        .withThreads(Math.max(1, Runtime.getRuntime().availableProcessors()))
        .withReportsTo(outDir.toString());
    if (numClasses != null) {
      ev = ev.withNumClasses(numClasses);
    }
    WithFailures.Result<PCollection<MetricValue>, Failure> r = p
        .apply("Items", Create.of(items).withCoder(SampleCoder.of()))
        .apply("Evaluate", ev);
    TrainCommand.writeFailures(r.failures(), outDir);
    PipelineResult.State state = p.run().waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new IllegalStateException("the evaluation pipeline ended " + state);
    }
    String failures = Files.readString(outDir.resolve("failures.jsonl")).strip();
    long failed = failures.isEmpty() ? 0 : failures.lines().count();
    err.println("medbeam evaluate: " + (items.size() - failed) + " scored, " + failed
        + " failed" + (failed > 0 ? " (" + outDir.resolve("failures.jsonl") + ")" : ""));
    Path metricsCsv = outDir.resolve("metrics.csv");
    if (Files.isRegularFile(metricsCsv)) {
      out.print(Files.readString(metricsCsv));
    }
    out.flush();
    return failed > 0 ? 1 : 0;
  }
}
