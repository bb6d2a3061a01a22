package org.medbeam.workflows.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.model.ModelSpec;
import org.medbeam.model.inferers.SimpleInfer;
import org.medbeam.model.inferers.SlidingWindowInfer;
import org.medbeam.model.inferers.SlidingWindowInferer;
import org.medbeam.model.metrics.MetricSpec;
import org.medbeam.model.metrics.MetricValue;
import org.medbeam.model.metrics.Metrics;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.MedicalTransforms;
import org.medbeam.workflows.data.LoadItems;
import org.medbeam.workflows.infer.InferenceConfig;

/**
 * Evaluation as a Beam transform ({@code medbeam evaluate}): a model over a labelled {@code
 * PCollection<Sample>} (datalist items: image and label paths or DICOM folders), each case
 * loaded, preprocessed, inferred and postprocessed as the inference config says (its
 * postprocessing should end with {@code Invertd}, so the prediction lies on the label's grid),
 * then scored against its label with MONAI's metrics ({@link Metrics}: per case and class, and
 * MONAI {@code MetricsSaver} reports with {@link #withReportsTo}).
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<MetricValue>, Failure> r = items.apply(
 *     Evaluate.of(ModelSpec.of("run/model"), InferenceConfig.load("run/model/inference.json"))
 *         .withNumClasses(3).withReportsTo("run/eval/"));
 * }</pre>
 */
public final class Evaluate extends
    PTransform<PCollection<Sample>, WithFailures.Result<PCollection<MetricValue>, Failure>> {
  private static final long serialVersionUID = 1L;

  private final ModelSpec model;
  private final InferenceConfig config;
  private final String labelKey;
  private final int numClasses;
  private final List<MetricSpec> metrics;
  private final String reports;
  private final long seed;
  private final int threads;

  private Evaluate(ModelSpec model, InferenceConfig config, String labelKey, int numClasses,
      List<MetricSpec> metrics, String reports, long seed, int threads) {
    this.model = model;
    this.config = config;
    this.labelKey = labelKey;
    this.numClasses = numClasses;
    this.metrics = metrics;
    this.reports = reports;
    this.seed = seed;
    this.threads = threads;
  }

  /** Dice without background ({@code dice(include_background=false)}), label key "label". */
  public static Evaluate of(ModelSpec model, InferenceConfig config) {
    return new Evaluate(model, config, "label", 0,
        MetricSpec.parse("dice(include_background=false)"), null, 0, 1);
  }

  public Evaluate withLabelKey(String key) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("withLabelKey: the key must be non-empty");
    }
    return new Evaluate(model, config, key, numClasses, metrics, reports, seed, threads);
  }

  /** Classes including background, for multi-class label maps (MONAI's {@code to_onehot}). */
  public Evaluate withNumClasses(int n) {
    if (n < 2) {
      throw new IllegalArgumentException("withNumClasses: must be >= 2, got " + n);
    }
    return new Evaluate(model, config, labelKey, n, metrics, reports, seed, threads);
  }

  public Evaluate withMetrics(List<MetricSpec> specs) {
    if (specs == null || specs.isEmpty()) {
      throw new IllegalArgumentException("withMetrics: give at least one metric");
    }
    return new Evaluate(model, config, labelKey, numClasses, List.copyOf(specs), reports, seed,
        threads);
  }

  /** Writes MONAI's {@code metrics.csv}, {@code <metric>_raw.csv}, {@code _summary.csv} here. */
  public Evaluate withReportsTo(String dir) {
    return new Evaluate(model, config, labelKey, numClasses, metrics, dir, seed, threads);
  }

  public Evaluate withSeed(long s) {
    return new Evaluate(model, config, labelKey, numClasses, metrics, reports, s, threads);
  }

  /** Intra-op threads per case (default 1). */
  public Evaluate withThreads(int t) {
    if (t < 1) {
      throw new IllegalArgumentException("withThreads: threads must be >= 1, got " + t);
    }
    return new Evaluate(model, config, labelKey, numClasses, metrics, reports, seed, t);
  }

  @Override
  public WithFailures.Result<PCollection<MetricValue>, Failure> expand(
      PCollection<Sample> items) {
    String imageKey = config.imageKey();
    List<PCollection<Failure>> failures = new ArrayList<>();
    WithFailures.Result<PCollection<Sample>, Failure> loaded = items
        .apply("SpreadCases", Reshuffle.viaRandomKey())
        .apply("Load", MedicalTransforms.apply(Compose.of(LoadItems.of(imageKey, labelKey)))
            .withStage("load").withThreads(threads));
    failures.add(loaded.failures());
    WithFailures.Result<PCollection<Sample>, Failure> pre = loaded.output().apply("Preprocess",
        MedicalTransforms.apply(config.preprocessing()).withSeed(seed).withThreads(threads)
            .withStage("preprocess"));
    failures.add(pre.failures());
    WithFailures.Result<PCollection<Sample>, Failure> inferred;
    if (config.inferer() instanceof SlidingWindowInferer) {
      inferred = pre.output().apply("Infer", SlidingWindowInfer.of(model)
          .withInferer(((SlidingWindowInferer) config.inferer()).withThreads(threads))
          .withInputKey(imageKey).withOutputKey(config.predKey()));
    } else {
      inferred = pre.output().apply("Infer", SimpleInfer.of(model).withInputKey(imageKey)
          .withOutputKey(config.predKey()));
    }
    failures.add(inferred.failures());
    WithFailures.Result<PCollection<Sample>, Failure> post = inferred.output().apply(
        "Postprocess", MedicalTransforms.apply(config.postprocessing()).withSeed(seed)
            .withThreads(threads).withStage("postprocess"));
    failures.add(post.failures());
    Metrics.Compute compute = Metrics.compute(metrics).withPredKey(config.predKey())
        .withLabelKey(labelKey).withThreads(threads);
    if (numClasses > 0) {
      compute = compute.withNumClasses(numClasses);
    }
    if (reports != null) {
      compute = compute.withReportsTo(reports);
    }
    WithFailures.Result<PCollection<MetricValue>, Failure> scored =
        post.output().apply("Score", compute);
    failures.add(scored.failures());
    return WithFailures.Result.of(scored.output(),
        PCollectionList.of(failures).apply("AllFailures", Flatten.pCollections()));
  }
}
