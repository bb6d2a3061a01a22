package org.medbeam.workflows.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.io.LoadImage;
import org.medbeam.io.dicom.DicomSeriesReader;
import org.medbeam.model.metrics.MetricSpec;
import org.medbeam.model.metrics.MetricsEvaluation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code medbeam metrics}: scores predictions against labels, paired by file name, and writes
 * MONAI MetricsSaver-style CSVs. Loading and scoring run in a Beam pipeline (DirectRunner by
 * default; any {@code --runner=...} pipeline option after the command's own options is passed on).
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
      "Score predictions against labels and write MONAI-style metric reports.",
      "",
      "Files are paired by name (case id = file name without its image extension).",
      "Inputs: NIfTI, NumPy, PNG, or folders each holding one DICOM series. Label maps",
      "are one-hot encoded (AsDiscrete(to_onehot=n)) with --num-classes or the classes",
      "found. Writes metrics.csv, <metric>_raw.csv, <metric>_summary.csv and",
      "failures.jsonl into --out. Metrics: dice, iou, hausdorff, hausdorff95,",
      "surface_distance, surface_dice(class_thresholds=[...]), confusion matrix names,",
      "mse, mae, psnr, ... with MONAI arguments: e.g. dice(include_background=false)."
    })
final class MetricsCommand implements Callable<Integer> {
  @Option(names = "--pred", required = true, description = "Prediction files: a path, glob or URI pattern.")
  String pred;

  @Option(names = "--label", required = true, description = "Label files: a path, glob or URI pattern.")
  String label;

  @Option(names = "--metric", required = true, description = "Comma-separated metric specs.")
  String metric;

  @Option(names = "--out", required = true, description = "Output folder for the reports.")
  String out;

  @Option(names = "--num-classes", description = "Classes including background, for label maps.")
  Integer numClasses;

  @CommandLine.Unmatched List<String> pipelineArgs = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<MetricSpec> specs = MetricSpec.parse(metric);
    PipelineOptions options =
        PipelineOptionsFactory.fromArgs(pipelineArgs.toArray(new String[0])).withValidation().create();
    FileSystems.setDefaultPipelineOptions(options);
    MetricsEvaluation.Pairing pairing = MetricsEvaluation.pairByName(expand(pred), expand(label));
    if (pairing.pairs().isEmpty()) {
      throw new IllegalArgumentException(
          "no prediction/label pairs: " + pred + " and " + label + " share no case id");
    }
    List<KV<String, KV<String, String>>> pairs = new ArrayList<>();
    for (Map.Entry<String, String[]> e : pairing.pairs().entrySet()) {
      pairs.add(KV.of(e.getKey(), KV.of(e.getValue()[0], e.getValue()[1])));
    }
    List<String> unmatched = new ArrayList<>();
    for (String p : pairing.unmatchedPreds()) {
      unmatched.add(Failure.of(MetricsEvaluation.caseId(p), p, "pair", "UnmatchedFile",
          "prediction has no label of the same case id").toJson());
    }
    for (String l : pairing.unmatchedLabels()) {
      unmatched.add(Failure.of(MetricsEvaluation.caseId(l), l, "pair", "UnmatchedFile",
          "label has no prediction of the same case id").toJson());
    }

    Pipeline p = Pipeline.create(options);
    TupleTag<Sample> ok = LoadPairFn.LOADED;
    TupleTag<Failure> failed = LoadPairFn.FAILED;
    PCollectionTuple loaded =
        p.apply("Pairs", Create.of(pairs))
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply("Load", ParDo.of(new LoadPairFn(ok, failed)).withOutputTags(ok, TupleTagList.of(failed)));
    org.medbeam.model.metrics.Metrics.Compute compute =
        org.medbeam.model.metrics.Metrics.compute(specs).withReportsTo(out);
    if (numClasses != null) {
      compute = compute.withNumClasses(numClasses);
    }
    var scored = loaded.get(ok).apply("Metrics", compute);
    PCollection<String> failureLines =
        PCollectionList.of(loaded.get(failed)).and(scored.failures())
            .apply("AllFailures", Flatten.pCollections())
            .apply("FailureJson", MapElements.into(TypeDescriptors.strings()).via(Failure::toJson));
    PCollection<String> pairFailures =
        p.apply("Unmatched", Create.of(unmatched).withCoder(org.apache.beam.sdk.coders.StringUtf8Coder.of()));
    PCollectionList.of(failureLines).and(pairFailures)
        .apply("Failures", Flatten.pCollections())
        .apply("WriteFailures",
            TextIO.write().to(out + "/failures").withSuffix(".jsonl").withoutSharding());
    PipelineResult.State state = p.run().waitUntilFinish();
    PrintWriter w = spec.commandLine().getOut();
    w.println(out);
    w.flush();
    long failures = Files.exists(Path.of(out, "failures.jsonl"))
        ? Files.readAllLines(Path.of(out, "failures.jsonl")).size() : 0;
    spec.commandLine().getErr().println(
        "medbeam: scored " + pairs.size() + " pair(s), " + failures + " failure(s) in "
            + out + "/failures.jsonl, pipeline " + state);
    spec.commandLine().getErr().flush();
    return state == PipelineResult.State.DONE ? 0 : 1;
  }

  /** Files (and folders, for DICOM series) matching a pattern. */
  static List<String> expand(String pattern) throws IOException {
    Path local = pattern.contains("://") ? null : Path.of(pattern);
    if (local != null && Files.isDirectory(local)) {
      List<String> out = new ArrayList<>();
      try (var s = Files.list(local)) {
        s.sorted().forEach(f -> out.add(f.toString()));
      }
      return out;
    }
    List<String> out = new ArrayList<>();
    MatchResult m = FileSystems.match(pattern);
    if (m.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata md : m.metadata()) {
        out.add(md.resourceId().toString());
      }
    }
    if (out.isEmpty() && local != null && local.getParent() != null && Files.isDirectory(local.getParent())) {
      // folders matching a glob (each a DICOM series)
      var matcher = local.getFileSystem().getPathMatcher("glob:" + local);
      try (var s = Files.list(local.getParent())) {
        s.filter(matcher::matches).sorted().forEach(f -> out.add(f.toString()));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(pattern + " matches no files");
    }
    return out;
  }

  /** Loads one (prediction, label) pair into a sample with keys pred and label. */
  static final class LoadPairFn extends DoFn<KV<String, KV<String, String>>, Sample> {
    private static final long serialVersionUID = 1L;
    static final TupleTag<Sample> LOADED = new TupleTag<Sample>() {};
    static final TupleTag<Failure> FAILED = new TupleTag<Failure>() {};
    private final TupleTag<Sample> ok;
    private final TupleTag<Failure> failed;
    private final Counter failures = Metrics.counter("medbeam", "load_failures");

    LoadPairFn(TupleTag<Sample> ok, TupleTag<Failure> failed) {
      this.ok = ok;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element KV<String, KV<String, String>> e, MultiOutputReceiver out) {
      String current = e.getValue().getKey();
      try {
        Volume pred = load(current);
        current = e.getValue().getValue();
        Volume label = load(current);
        out.get(ok).output(Sample.of(e.getKey()).with("pred", pred).with("label", label));
      } catch (Exception ex) {
        failures.inc();
        out.get(failed).output(Failure.of(e.getKey(), current, "load", ex));
      }
    }

    static Volume load(String path) throws IOException {
      if (!path.contains("://") && Files.isDirectory(Path.of(path))) {
        List<Volume> series = DicomSeriesReader.create().readAll(Path.of(path));
        if (series.size() != 1) {
          throw new IOException(path + ": holds " + series.size() + " DICOM series; need exactly one");
        }
        return series.get(0);
      }
      return LoadImage.create().apply(path);
    }
  }
}
