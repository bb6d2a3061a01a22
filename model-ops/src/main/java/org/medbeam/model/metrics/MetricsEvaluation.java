package org.medbeam.model.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;

/**
 * The plain-Java entry point of {@code medbeam metrics --pred ... --label ... --metric ... --out
 * DIR}: score (id, prediction, label) cases with {@link MetricSpec}s and write MONAI's report files
 * ({@link MetricsReport}) plus {@code failures.jsonl} (one {@link Failure} JSON object per line)
 * into the output directory.
 *
 * <p>{@link #run} builds the Beam pipeline with {@link #buildPipeline} and runs it on the options'
 * runner (DirectRunner by default); {@link #computeTables} gives the same values without Beam.
 * {@link #pairByName} pairs prediction and label files by name.
 */
public final class MetricsEvaluation {
  private MetricsEvaluation() {}

  /** One case to score: its id (names the row in the reports), prediction and ground truth. */
  public static final class Case {
    private final String id;
    private final Volume pred;
    private final Volume label;

    private Case(String id, Volume pred, Volume label) {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("case id must be a non-empty string");
      }
      this.id = id;
      this.pred = Objects.requireNonNull(pred, "pred");
      this.label = Objects.requireNonNull(label, "label");
    }

    public static Case of(String id, Volume pred, Volume label) {
      return new Case(id, pred, label);
    }

    public String id() {
      return id;
    }

    public Volume pred() {
      return pred;
    }

    public Volume label() {
      return label;
    }

    /** The case as a sample {@code {"pred": ..., "label": ...}} with the case id. */
    public Sample toSample() {
      return Sample.of(id).with("pred", pred).with("label", label);
    }
  }

  /** Counts of a run. */
  public static final class Result {
    private final long scored;
    private final long failed;
    private final PipelineResult.State state;

    Result(long scored, long failed, PipelineResult.State state) {
      this.scored = scored;
      this.failed = failed;
      this.state = state;
    }

    /** Cases with every metric computed. */
    public long scored() {
      return scored;
    }

    /** Cases sent to failures.jsonl. */
    public long failed() {
      return failed;
    }

    public PipelineResult.State state() {
      return state;
    }

    @Override
    public String toString() {
      return "MetricsEvaluation.Result(scored="
          + scored
          + ", failed="
          + failed
          + ", "
          + state
          + ")";
    }
  }

  /**
   * Adds the evaluation to {@code p}: the cases, {@link Metrics#compute} with reports into {@code
   * outputDirectory}, and the failures as JSON lines in {@code <outputDirectory>/failures.jsonl}.
   *
   * @param numClasses classes including background for label-map inputs, or null to infer
   */
  public static WithFailures.Result<PCollection<MetricValue>, Failure> buildPipeline(
      Pipeline p,
      List<Case> cases,
      List<MetricSpec> specs,
      String outputDirectory,
      Integer numClasses) {
    checkIds(cases);
    List<Sample> samples = new ArrayList<>();
    for (Case c : cases) {
      samples.add(c.toSample());
    }
    Metrics.Compute compute = Metrics.compute(specs).withReportsTo(outputDirectory);
    if (numClasses != null) {
      compute = compute.withNumClasses(numClasses);
    }
    PCollection<Sample> in =
        samples.isEmpty()
            ? p.apply("Cases", Create.empty(org.medbeam.core.SampleCoder.of()))
            : p.apply("Cases", Create.of(samples));
    WithFailures.Result<PCollection<MetricValue>, Failure> r = in.apply("Metrics", compute);
    r.failures()
        .apply("FailureJson", MapElements.into(TypeDescriptors.strings()).via(Failure::toJson))
        .apply(
            "WriteFailures",
            TextIO.write()
                .to(join(outputDirectory, "failures"))
                .withSuffix(".jsonl")
                .withoutSharding());
    return r;
  }

  /** Builds and runs the evaluation, waits for it, and returns the counts. */
  public static Result run(
      List<Case> cases,
      List<MetricSpec> specs,
      String outputDirectory,
      Integer numClasses,
      PipelineOptions options) {
    Pipeline p = Pipeline.create(options);
    buildPipeline(p, cases, specs, outputDirectory, numClasses);
    PipelineResult pr = p.run();
    PipelineResult.State state = pr.waitUntilFinish();
    return new Result(counter(pr, "metrics_cases"), counter(pr, "metrics_failures"), state);
  }

  private static long counter(PipelineResult pr, String name) {
    MetricQueryResults q =
        pr.metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named("medbeam", name))
                    .build());
    long total = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      Long v = c.getAttempted();
      total += v == null ? 0 : v;
    }
    return total;
  }

  private static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  private static void checkIds(List<Case> cases) {
    Set<String> seen = new HashSet<>();
    for (Case c : cases) {
      if (!seen.add(c.id())) {
        throw new IllegalArgumentException(
            "case id '" + c.id() + "' appears twice; every case needs its own id");
      }
    }
  }

  /** What {@link #computeTables} gives: one table per metric (spec order) and the failures. */
  public static final class Tables {
    private final List<MetricTable> tables;
    private final List<Failure> failures;

    Tables(List<MetricTable> tables, List<Failure> failures) {
      this.tables = Collections.unmodifiableList(tables);
      this.failures = Collections.unmodifiableList(failures);
    }

    public List<MetricTable> tables() {
      return tables;
    }

    public List<Failure> failures() {
      return failures;
    }
  }

  /**
   * The same per-case values as the pipeline, computed here without Beam (write them with {@link
   * MetricsReport#write}).
   */
  public static Tables computeTables(
      List<Case> cases, List<MetricSpec> specs, Integer numClasses, int threads) {
    checkIds(cases);
    List<CumulativeIterationMetric> metrics = new ArrayList<>();
    for (MetricSpec s : specs) {
      metrics.add(s.newMetric(threads));
    }
    List<List<MetricValue>> rows = new ArrayList<>();
    specs.forEach(s -> rows.add(new ArrayList<>()));
    List<Failure> failures = new ArrayList<>();
    for (Case c : cases) {
      List<List<MetricValue>> caseRows = new ArrayList<>();
      try {
        Volume[] pl = null;
        for (int m = 0; m < specs.size(); m++) {
          MetricSpec spec = specs.get(m);
          if (pl == null && spec.isSegmentation()) {
            pl = OneHot.prepare(c.pred(), c.label(), numClasses);
          }
          double[] v;
          try {
            v =
                spec.isSegmentation()
                    ? spec.evaluate(metrics.get(m), pl[0], pl[1])
                    : spec.evaluate(metrics.get(m), c.pred(), c.label());
          } catch (RuntimeException e) {
            throw new Metrics.MetricException(specs.get(m).name(), e);
          }
          List<MetricValue> r = new ArrayList<>();
          for (int k = 0; k < v.length; k++) {
            r.add(MetricValue.of(c.id(), specs.get(m).name(), k, v[k]));
          }
          caseRows.add(r);
        }
      } catch (RuntimeException e) {
        failures.add(Metrics.failure(c.id(), "", e));
        continue;
      }
      for (int m = 0; m < specs.size(); m++) {
        rows.get(m).addAll(caseRows.get(m));
      }
    }
    List<MetricTable> tables = new ArrayList<>();
    for (int m = 0; m < specs.size(); m++) {
      if (!rows.get(m).isEmpty()) {
        tables.add(MetricTable.of(specs.get(m).name(), rows.get(m)));
      }
    }
    return new Tables(tables, failures);
  }

  /** Prediction and label files paired by case id ({@link #caseId}). */
  public static final class Pairing {
    private final Map<String, String[]> pairs;
    private final List<String> unmatchedPreds;
    private final List<String> unmatchedLabels;

    Pairing(Map<String, String[]> pairs, List<String> up, List<String> ul) {
      this.pairs = Collections.unmodifiableMap(pairs);
      this.unmatchedPreds = Collections.unmodifiableList(up);
      this.unmatchedLabels = Collections.unmodifiableList(ul);
    }

    /** Case id → {prediction path, label path}, sorted by id. */
    public Map<String, String[]> pairs() {
      return pairs;
    }

    /** Prediction files without a label of the same case id. */
    public List<String> unmatchedPreds() {
      return unmatchedPreds;
    }

    /** Label files without a prediction of the same case id. */
    public List<String> unmatchedLabels() {
      return unmatchedLabels;
    }
  }

  /** Pairs files by case id; two files of one side with the same id are an error naming both. */
  public static Pairing pairByName(Collection<String> predPaths, Collection<String> labelPaths) {
    Map<String, String> preds = byId(predPaths, "prediction");
    Map<String, String> labels = byId(labelPaths, "label");
    Map<String, String[]> pairs = new TreeMap<>();
    List<String> up = new ArrayList<>();
    for (Map.Entry<String, String> e : preds.entrySet()) {
      String l = labels.get(e.getKey());
      if (l == null) {
        up.add(e.getValue());
      } else {
        pairs.put(e.getKey(), new String[] {e.getValue(), l});
      }
    }
    List<String> ul = new ArrayList<>();
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!preds.containsKey(e.getKey())) {
        ul.add(e.getValue());
      }
    }
    return new Pairing(pairs, up, ul);
  }

  private static Map<String, String> byId(Collection<String> paths, String what) {
    Map<String, String> m = new TreeMap<>();
    for (String p : paths) {
      String id = caseId(p);
      String old = m.put(id, p);
      if (old != null) {
        throw new IllegalArgumentException(
            what
                + " files "
                + old
                + " and "
                + p
                + " both give case id '"
                + id
                + "'; rename one of them");
      }
    }
    return m;
  }

  /**
   * The case id of a file: its name without directories and without the image extension ({@code
   * .nii.gz}, {@code .nii}, {@code .nrrd}, {@code .mha}, {@code .mhd}, {@code .npy}, {@code .npz},
   * {@code .dcm}, {@code .png}, {@code .jpg}, {@code .tif}, ...; a trailing {@code .gz} first).
   */
  public static String caseId(String path) {
    String name = path.replace('\\', '/');
    name = name.substring(name.lastIndexOf('/') + 1);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("cannot derive a case id from path '" + path + "'");
    }
    return name;
  }
}
