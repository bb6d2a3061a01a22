package org.medbeam.workflows.infer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.io.MedicalImageIO;
import org.medbeam.io.dicom.DicomIO;
import org.medbeam.model.ModelSpec;
import org.medbeam.model.inferers.SimpleInfer;
import org.medbeam.model.inferers.SlidingWindowInfer;
import org.medbeam.model.inferers.SlidingWindowInferer;
import org.medbeam.transforms.MedicalTransforms;

/**
 * The batch-inference job: input (DICOM archive or image files) → series/volumes → preprocessing
 * → sliding-window (or simple) inference → postprocessing → a NIfTI mask per series, a prediction
 * row per series, failures as JSON lines. {@link #plan} resolves the inputs and what earlier runs
 * did; {@link #build} wires the Beam graph; {@link InferJob} runs it and writes the manifest.
 */
public final class InferPipeline {
  private InferPipeline() {}

  /** Image suffixes that mean "read files one by one" rather than "a DICOM archive". */
  private static final String[] IMAGE_SUFFIXES = {
    ".nii", ".nii.gz", ".npy", ".npz", ".png", ".jpg", ".jpeg", ".bmp"
  };

  /** Everything the graph needs, resolved in the driver. */
  public static final class Plan implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final String input;
    public final String pattern;
    public final boolean dicom;
    public final String output;
    public final InferenceConfig config;
    public final ModelSpec model;
    public final String modelSha;
    public final RunState state;
    public final long seed;
    public final int threads;
    public final List<String> modalities;

    Plan(String input, String pattern, boolean dicom, String output, InferenceConfig config,
        ModelSpec model, String modelSha, RunState state, long seed, int threads,
        List<String> modalities) {
      this.input = input;
      this.pattern = pattern;
      this.dicom = dicom;
      this.output = output;
      this.config = config;
      this.model = model;
      this.modelSha = modelSha;
      this.state = state;
      this.seed = seed;
      this.threads = threads;
      this.modalities = modalities;
    }
  }

  /** Resolves defaults (bundled sample, model, config), hashes, and the done markers. */
  public static Plan plan(InferOptions o) throws IOException {
    String input = o.getInput();
    if (input == null || input.isBlank()) {
      input = Bundled.sampleArchive().toString();
    }
    if (o.getModel() == null && o.getConfig() != null) {
      throw new IllegalArgumentException(
          "--config was given without --model: a custom config needs its model (the bundled model"
              + " goes with the bundled config)");
    }
    String modelUri = o.getModel() == null ? Bundled.MODEL : o.getModel();
    String configUri = o.getConfig() != null ? o.getConfig()
        : o.getModel() == null ? Bundled.CONFIG : configBeside(modelUri);
    InferenceConfig config = InferenceConfig.load(configUri);
    String modelSha = modelSha(modelUri);
    boolean dicom = !hasImageSuffix(input);
    String pattern = input;
    if (!input.contains("*") && !input.contains("?")) {
      boolean localDir = !input.contains("://") && Files.isDirectory(Path.of(input));
      if (localDir || (input.contains("://") && input.endsWith("/"))) {
        pattern = (input.endsWith("/") ? input : input + "/") + "**";
      }
    }
    RunState state = RunState.load(o.getOutput(), config.sha256, modelSha, o.getForce());
    List<String> modalities = new ArrayList<>();
    if (o.getModality() != null) {
      for (String m : o.getModality().split(",")) {
        if (!m.isBlank()) {
          modalities.add(m.trim());
        }
      }
    }
    int threads = o.getThreads() > 0 ? o.getThreads() : 1;
    return new Plan(input, pattern, dicom, o.getOutput(), config, ModelSpec.of(modelUri),
        modelSha, state, o.getSeed(), threads, modalities);
  }

  /**
   * The config of a model given without {@code --config}: {@code inference.json} inside a local
   * model folder ({@code medbeam train} writes one), else the bundled config.
   */
  static String configBeside(String modelUri) {
    if (!modelUri.contains(":") || modelUri.startsWith("file:")) {
      Path p = Path.of(modelUri.startsWith("file:") ? modelUri.substring(5) : modelUri);
      if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("inference.json"))) {
        return p.resolve("inference.json").toString();
      }
    }
    return Bundled.CONFIG;
  }

  static boolean hasImageSuffix(String input) {
    String l = input.toLowerCase(Locale.ROOT);
    for (String s : IMAGE_SUFFIXES) {
      if (l.endsWith(s)) {
        return true;
      }
    }
    return false;
  }

  /** SHA-256 of a model file, or of every file (name + content) of a model folder. */
  static String modelSha(String uri) throws IOException {
    if (!uri.contains(":") || uri.startsWith("file:")) {
      Path p = Path.of(uri.startsWith("file:") ? uri.substring(5) : uri);
      if (Files.isDirectory(p)) {
        List<String> parts = new ArrayList<>();
        try (var files = Files.walk(p)) {
          for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
            parts.add(p.relativize(f) + "=" + org.medbeam.workflows.Hashing.sha256(Files.readAllBytes(f)));
          }
        }
        return org.medbeam.workflows.Hashing.sha256(String.join("\n", parts));
      }
    }
    return org.medbeam.workflows.Hashing.sha256(Bundled.readAll(uri));
  }

  /** What the graph produces. */
  public static final class Outputs {
    public final PCollection<String> predictions;
    public final PCollection<Failure> failures;

    Outputs(PCollection<String> predictions, PCollection<Failure> failures) {
      this.predictions = predictions;
      this.failures = failures;
    }
  }

  /**
   * Wires the job into {@code p}; writes predictions.jsonl, predictions.csv and failures.jsonl
   * under the output.
   */
  public static Outputs build(Pipeline p, Plan plan) {
    InferenceConfig cfg = plan.config;
    String imageKey = cfg.imageKey;
    List<PCollection<Failure>> failures = new ArrayList<>();

    WithFailures.Result<PCollection<Sample>, Failure> read;
    RunState state = plan.state;
    if (plan.dicom) {
      DicomIO.ReadSeries r = DicomIO.readSeries().from(plan.pattern).withKey(imageKey)
          .withSeriesFilter(s -> !state.isDone(s.id(), s.fingerprint()));
      if (!plan.modalities.isEmpty()) {
        r = r.withModality(plan.modalities.toArray(new String[0]));
      }
      read = p.apply("ReadDicom", r);
    } else {
      read = p.apply("ReadImages", MedicalImageIO.read().from(plan.pattern).withKey(imageKey)
          .withFileFilter(f -> !state.isDone(f.resourceId().toString(), MedicalImageIO.fingerprint(f))));
    }
    failures.add(read.failures());

    WithFailures.Result<PCollection<Sample>, Failure> pre = read.output().apply("Preprocess",
        MedicalTransforms.apply(cfg.preprocessing).withSeed(plan.seed).withThreads(plan.threads)
            .withStage("preprocess").withTimingKey(TIMING_PREFIX + "preprocess_ms"));
    failures.add(pre.failures());

    // spread series over workers before the expensive stage
    PCollection<Sample> ready = pre.output()
        .apply("SpreadForInference", Reshuffle.viaRandomKey());
    WithFailures.Result<PCollection<Sample>, Failure> inferred;
    if (cfg.inferer instanceof SlidingWindowInferer) {
      inferred = ready.apply("Infer", SlidingWindowInfer.of(plan.model)
          .withInferer(((SlidingWindowInferer) cfg.inferer).withThreads(plan.threads))
          .withInputKey(imageKey).withOutputKey(cfg.predKey).withoutReshuffle()
          .withTimingKey(TIMING_PREFIX + "inference_ms"));
    } else {
      inferred = ready.apply("Infer", SimpleInfer.of(plan.model)
          .withInputKey(imageKey).withOutputKey(cfg.predKey).withoutReshuffle());
    }
    failures.add(inferred.failures());

    WithFailures.Result<PCollection<Sample>, Failure> post = inferred.output()
        .apply("Postprocess", MedicalTransforms.apply(cfg.postprocessing).withSeed(plan.seed)
            .withThreads(plan.threads).withStage("postprocess")
            .withTimingKey(TIMING_PREFIX + "postprocess_ms"));
    failures.add(post.failures());

    TupleTag<String> rows = new TupleTag<String>() {};
    TupleTag<Failure> writeFailures = new TupleTag<Failure>() {};
    PCollectionTuple written = post.output()
        .apply("WriteMasks", ParDo.of(new WriteResultsFn(plan.output, cfg.predKey,
                cfg.outputDtype, cfg.rawOutput(), state, rows, writeFailures))
            .withOutputTags(rows, TupleTagList.of(writeFailures)));
    failures.add(written.get(writeFailures));

    String out = plan.output.endsWith("/") ? plan.output : plan.output + "/";
    PCollection<String> predictions = written.get(rows).setCoder(StringUtf8Coder.of());
    predictions.apply("WritePredictions",
        TextIO.write().to(out + "predictions").withSuffix(".jsonl").withoutSharding());
    predictions
        .apply("PredictionCsvLines",
            MapElements.into(TypeDescriptors.strings()).via(PredictionsCsv::line))
        .apply("WritePredictionsCsv", TextIO.write().to(out + "predictions").withSuffix(".csv")
            .withHeader(PredictionsCsv.HEADER).withoutSharding());
    PCollection<Failure> allFailures =
        PCollectionList.of(failures).apply("AllFailures", Flatten.pCollections());
    allFailures
        .apply("CountFailures", ParDo.of(new CountFn()))
        .apply("FailureJson", MapElements.into(TypeDescriptors.strings()).via(Failure::toJson))
        .apply("WriteFailures",
            TextIO.write().to(out + "failures").withSuffix(".jsonl").withoutSharding());
    return new Outputs(predictions, allFailures);
  }

  /** Sample keys of the per-stage timings ({@code timing_<stage>_ms}) the prediction rows report. */
  static final String TIMING_PREFIX = "timing_";

  /** Counts every failure once, whatever stage it came from. */
  static final class CountFn extends DoFn<Failure, Failure> {
    private static final long serialVersionUID = 1L;
    private final Counter failed = Metrics.counter("medbeam", "infer_failed");

    @ProcessElement
    public void process(@Element Failure f, OutputReceiver<Failure> out) {
      failed.inc();
      out.output(f);
    }
  }

  /** The input files (for the manifest): every file the pattern matches. */
  static List<MatchResult.Metadata> inputFiles(String pattern) throws IOException {
    MatchResult m = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW);
    return m.status() == MatchResult.Status.OK ? m.metadata() : List.of();
  }
}
