package org.medbeam.model.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;

/**
 * Segmentation metrics as Beam transforms, with MONAI {@code MetricsSaver} reports.
 *
 * <p>Input: a {@code PCollection<Sample>}, one case per sample, holding the prediction under {@code
 * "pred"} and the ground truth under {@code "label"} (MONAI's post-processed dictionary, {@code
 * from_engine(["pred", "label"])}; change with {@code withPredKey}/{@code withLabelKey}). The
 * sample id names the case in every output. Volumes are {@code (C, X, Y[, Z])}: one-hot binarised
 * masks, or single-channel label maps, which are made one-hot first for the segmentation metrics
 * ({@link OneHot#prepare}, MONAI's {@code AsDiscrete(to_onehot=n)}; set {@code withNumClasses} for
 * multi-class label maps); the regression metrics (mse, mae, rmse, psnr) take the images as they
 * are. Distance metrics take the voxel spacing from the label's affine.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<MetricValue>, Failure> r = samples.apply(
 *     Metrics.compute(MetricSpec.parse("dice,hausdorff95,surface_distance"))
 *         .withNumClasses(3)
 *         .withReportsTo("gs://bucket/eval/"));       // metrics.csv, <metric>_raw/_summary.csv
 * r.output();    // one MetricValue per case, metric and class
 * r.failures();  // cases that could not be scored (missing key, shape mismatch, bad label)
 * }</pre>
 *
 * <p>Pipelines that carry {@code KV<id, KV<pred, label>>} pairs convert them with {@link
 * #pairsToSamples()}. {@link #summarize()} is the {@code Combine} behind the summary files (per
 * metric and class: mean, median, max, min, 90th percentile, std, not-NaN count), {@link
 * #writeReports} the file writer; both also work on their own.
 */
public final class Metrics {
  static final String STAGE = "metrics";

  private Metrics() {}

  /** Per-case values of the given metrics for every sample. */
  public static Compute compute(List<MetricSpec> specs) {
    return new Compute(
        specs, "pred", "label", null, null, MetricsReport.ALL_OPS, Parallel.defaultThreads());
  }

  public static Compute compute(MetricSpec... specs) {
    return compute(List.of(specs));
  }

  /** Per metric and class (and "mean"), MONAI's summary ops over the cases. */
  public static Summarize summarize() {
    return new Summarize(MetricsReport.ALL_OPS);
  }

  /** Writes {@code metrics.csv}, {@code <metric>_raw.csv}, {@code <metric>_summary.csv}. */
  public static WriteReports writeReports(String outputDirectory) {
    return new WriteReports(outputDirectory, MetricsReport.ALL_OPS, null);
  }

  /** {@code PCollection<Sample>} → per-case {@link MetricValue}s plus failures. */
  public static final class Compute
      extends PTransform<
          PCollection<Sample>, WithFailures.Result<PCollection<MetricValue>, Failure>> {
    private static final long serialVersionUID = 1L;
    private final List<MetricSpec> specs;
    private final String predKey;
    private final String labelKey;
    private final Integer numClasses;
    private final String reportsDir;
    private final List<String> summaryOps;
    private final int threads;

    Compute(
        List<MetricSpec> specs,
        String predKey,
        String labelKey,
        Integer numClasses,
        String reportsDir,
        List<String> summaryOps,
        int threads) {
      if (specs == null || specs.isEmpty()) {
        throw new IllegalArgumentException(
            "Metrics.compute needs at least one metric, e.g. MetricSpec.parse(\"dice\")");
      }
      List<String> names = new ArrayList<>();
      for (MetricSpec s : specs) {
        if (names.contains(s.name())) {
          throw new IllegalArgumentException(
              "metric name '" + s.name() + "' is used twice; give one of them name=...");
        }
        names.add(s.name());
      }
      this.specs = List.copyOf(specs);
      this.predKey = checkKey("predKey", predKey);
      this.labelKey = checkKey("labelKey", labelKey);
      if (numClasses != null && numClasses < 1) {
        throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
      }
      this.numClasses = numClasses;
      this.reportsDir = reportsDir;
      this.summaryOps = MetricsReport.summaryOps(summaryOps);
      this.threads = CumulativeIterationMetric.checkThreads(threads);
    }

    private static String checkKey(String what, String key) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException(
            what + " must be a non-empty sample key, got '" + key + "'");
      }
      return key;
    }

    /** The sample key of the prediction (default {@code "pred"}). */
    public Compute withPredKey(String key) {
      return new Compute(specs, key, labelKey, numClasses, reportsDir, summaryOps, threads);
    }

    /** The sample key of the ground truth (default {@code "label"}). */
    public Compute withLabelKey(String key) {
      return new Compute(specs, predKey, key, numClasses, reportsDir, summaryOps, threads);
    }

    /** Classes (with background) for label-map inputs; default: inferred per case. */
    public Compute withNumClasses(int n) {
      return new Compute(specs, predKey, labelKey, n, reportsDir, summaryOps, threads);
    }

    /** Also writes the MONAI report files into this directory (any Beam file system). */
    public Compute withReportsTo(String outputDirectory) {
      if (outputDirectory == null || outputDirectory.isEmpty()) {
        throw new IllegalArgumentException("reports directory must be a non-empty path");
      }
      return new Compute(
          specs, predKey, labelKey, numClasses, outputDirectory, summaryOps, threads);
    }

    /** Summary ops of the report (MONAI's {@code summary_ops}; default {@code "*"}). */
    public Compute withSummaryOps(List<String> ops) {
      return new Compute(specs, predKey, labelKey, numClasses, reportsDir, ops, threads);
    }

    /** Intra-op threads per case (default {@link Parallel#defaultThreads()}). */
    public Compute withThreads(int n) {
      return new Compute(specs, predKey, labelKey, numClasses, reportsDir, summaryOps, n);
    }

    public List<MetricSpec> specs() {
      return specs;
    }

    @Override
    public WithFailures.Result<PCollection<MetricValue>, Failure> expand(
        PCollection<Sample> samples) {
      TupleTag<MetricValue> rowsTag = new TupleTag<MetricValue>() {};
      TupleTag<Failure> failuresTag = new TupleTag<Failure>() {};
      PCollectionTuple t =
          samples.apply(
              "ComputeMetrics",
              ParDo.of(
                      new ComputeFn(
                          specs, predKey, labelKey, numClasses, threads, rowsTag, failuresTag))
                  .withOutputTags(rowsTag, TupleTagList.of(failuresTag)));
      PCollection<MetricValue> rows = t.get(rowsTag).setCoder(MetricValue.Coder.of());
      if (reportsDir != null) {
        List<String> order = new ArrayList<>();
        specs.forEach(s -> order.add(s.name()));
        rows.apply("WriteReports", new WriteReports(reportsDir, summaryOps, order));
      }
      return WithFailures.Result.of(rows, t.get(failuresTag));
    }
  }

  /** Scores one sample with every spec; a failing case goes to the failures, whole. */
  static final class ComputeFn extends DoFn<Sample, MetricValue> {
    private static final long serialVersionUID = 1L;
    private final List<MetricSpec> specs;
    private final String predKey;
    private final String labelKey;
    private final Integer numClasses;
    private final int threads;
    private final TupleTag<MetricValue> rowsTag;
    private final TupleTag<Failure> failuresTag;
    private final Counter failures =
        org.apache.beam.sdk.metrics.Metrics.counter("medbeam", "metrics_failures");
    private final Counter cases =
        org.apache.beam.sdk.metrics.Metrics.counter("medbeam", "metrics_cases");
    private transient List<CumulativeIterationMetric> metrics;

    ComputeFn(
        List<MetricSpec> specs,
        String predKey,
        String labelKey,
        Integer numClasses,
        int threads,
        TupleTag<MetricValue> rowsTag,
        TupleTag<Failure> failuresTag) {
      this.specs = specs;
      this.predKey = predKey;
      this.labelKey = labelKey;
      this.numClasses = numClasses;
      this.threads = threads;
      this.rowsTag = rowsTag;
      this.failuresTag = failuresTag;
    }

    @Setup
    public void setup() {
      metrics = new ArrayList<>();
      for (MetricSpec s : specs) {
        metrics.add(s.newMetric(threads));
      }
    }

    @ProcessElement
    public void process(@Element Sample sample, MultiOutputReceiver out) {
      List<MetricValue> rows = new ArrayList<>();
      try {
        Volume pred = sample.volume(predKey);
        Volume label = sample.volume(labelKey);
        Volume[] pl = null;
        for (int m = 0; m < specs.size(); m++) {
          MetricSpec spec = specs.get(m);
          if (pl == null && spec.isSegmentation()) {
            pl = OneHot.prepare(pred, label, numClasses);
          }
          double[] values;
          try {
            values =
                spec.isSegmentation()
                    ? spec.evaluate(metrics.get(m), pl[0], pl[1])
                    : spec.evaluate(metrics.get(m), pred, label);
          } catch (RuntimeException e) {
            throw new MetricException(spec.name(), e);
          }
          for (int k = 0; k < values.length; k++) {
            rows.add(MetricValue.of(sample.id(), spec.name(), k, values[k]));
          }
        }
      } catch (RuntimeException e) {
        failures.inc();
        out.get(failuresTag).output(failure(sample.id(), source(sample), e));
        return;
      }
      cases.inc();
      for (MetricValue r : rows) {
        out.get(rowsTag).output(r);
      }
    }

    private String source(Sample s) {
      for (String key : new String[] {labelKey, predKey}) {
        Object v = s.get(key);
        if (v instanceof Volume) {
          String f = ((Volume) v).meta().getString(Metadata.FILENAME);
          if (f != null) {
            return f;
          }
        }
      }
      return "";
    }
  }

  /** A metric that failed on a case: carries the metric name to the failure record. */
  static final class MetricException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String metric;

    MetricException(String metric, RuntimeException cause) {
      super("metric '" + metric + "': " + cause.getMessage(), cause);
      this.metric = metric;
    }
  }

  /**
   * The failure record of a case: the original error's class, and its message prefixed with the
   * metric that raised it, if any.
   */
  static Failure failure(String id, String source, RuntimeException e) {
    if (e instanceof MetricException) {
      Throwable cause = e.getCause();
      return Failure.of(
          id,
          source,
          STAGE,
          cause.getClass().getSimpleName(),
          "metric '" + ((MetricException) e).metric + "': " + Failure.describe(cause));
    }
    return Failure.of(id, source, STAGE, e);
  }

  /** All values of one metric → its table (MONAI's metric_details of that metric). */
  static final class TableFn
      extends Combine.CombineFn<MetricValue, List<MetricValue>, MetricTable> {
    private static final long serialVersionUID = 1L;
    private final String metric;

    TableFn(String metric) {
      this.metric = metric;
    }

    @Override
    public List<MetricValue> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<MetricValue> addInput(List<MetricValue> acc, MetricValue v) {
      acc.add(v);
      return acc;
    }

    @Override
    public List<MetricValue> mergeAccumulators(Iterable<List<MetricValue>> accs) {
      List<MetricValue> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public MetricTable extractOutput(List<MetricValue> acc) {
      return MetricTable.of(metric == null ? acc.get(0).metric() : metric, acc);
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<List<MetricValue>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<MetricValue> inputCoder) {
      return ListCoder.of(MetricValue.Coder.of());
    }
  }

  /**
   * {@code KV<id, KV<prediction, label>>} → samples {@code {"pred", "label"}} with that id, for
   * pipelines that carry pairs rather than samples: {@code
   * pairs.apply(Metrics.pairsToSamples()).apply(Metrics.compute(specs))}.
   */
  public static PTransform<PCollection<KV<String, KV<Volume, Volume>>>, PCollection<Sample>>
      pairsToSamples() {
    return new PTransform<PCollection<KV<String, KV<Volume, Volume>>>, PCollection<Sample>>() {
      private static final long serialVersionUID = 1L;

      @Override
      public PCollection<Sample> expand(PCollection<KV<String, KV<Volume, Volume>>> pairs) {
        return pairs
            .apply(
                "PairsToSamples",
                ParDo.of(
                    new DoFn<KV<String, KV<Volume, Volume>>, Sample>() {
                      private static final long serialVersionUID = 1L;

                      @ProcessElement
                      public void process(
                          @Element KV<String, KV<Volume, Volume>> e, OutputReceiver<Sample> out) {
                        out.output(
                            Sample.of(e.getKey())
                                .with("pred", e.getValue().getKey())
                                .with("label", e.getValue().getValue()));
                      }
                    }))
            .setCoder(org.medbeam.core.SampleCoder.of());
      }
    };
  }

  /** Per-metric tables, keyed by metric name. */
  static PCollection<KV<String, MetricTable>> tables(PCollection<MetricValue> rows) {
    return rows.apply(
            "ByMetric",
            WithKeys.of((SerializableFunction<MetricValue, String>) MetricValue::metric)
                .withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), MetricValue.Coder.of()))
        .apply("Tables", Combine.perKey(new TableFn(null)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), MetricTable.Coder.of()));
  }

  /** {@code PCollection<MetricValue>} → one {@link MetricSummary} per metric and class. */
  public static final class Summarize
      extends PTransform<PCollection<MetricValue>, PCollection<MetricSummary>> {
    private static final long serialVersionUID = 1L;
    private final List<String> ops;

    Summarize(List<String> ops) {
      this.ops = MetricsReport.summaryOps(ops);
    }

    /** MONAI's summary ops, e.g. {@code ["mean", "std", "95percentile"]}; {@code "*"} = all. */
    public Summarize withSummaryOps(List<String> summaryOps) {
      return new Summarize(summaryOps);
    }

    @Override
    public PCollection<MetricSummary> expand(PCollection<MetricValue> rows) {
      List<String> o = ops;
      return tables(rows)
          .apply(
              "Summaries",
              ParDo.of(
                  new DoFn<KV<String, MetricTable>, MetricSummary>() {
                    private static final long serialVersionUID = 1L;

                    @ProcessElement
                    public void process(
                        @Element KV<String, MetricTable> t, OutputReceiver<MetricSummary> out) {
                      for (MetricSummary s : MetricsReport.summaries(t.getValue(), o)) {
                        out.output(s);
                      }
                    }
                  }))
          .setCoder(MetricSummary.Coder.of());
    }
  }

  /**
   * Writes the report files of {@link MetricsReport} into a directory: one file each, single shard,
   * exact bytes (FileIO with a plain sink). {@code metrics.csv} lists metrics in the order given to
   * {@link Compute} (else by name) and is written even when no case succeeded.
   */
  public static final class WriteReports
      extends PTransform<PCollection<MetricValue>, WriteFilesResult<String>> {
    private static final long serialVersionUID = 1L;
    private final String dir;
    private final List<String> ops;
    private final List<String> order;

    WriteReports(String dir, List<String> ops, List<String> order) {
      if (dir == null || dir.isEmpty()) {
        throw new IllegalArgumentException("reports directory must be a non-empty path");
      }
      this.dir = dir;
      this.ops = MetricsReport.summaryOps(ops);
      this.order = order == null ? null : List.copyOf(order);
    }

    public WriteReports withSummaryOps(List<String> summaryOps) {
      return new WriteReports(dir, summaryOps, order);
    }

    /** Metric order in {@code metrics.csv}. */
    public WriteReports withMetricOrder(List<String> metricNames) {
      return new WriteReports(dir, ops, metricNames);
    }

    @Override
    public WriteFilesResult<String> expand(PCollection<MetricValue> rows) {
      PCollection<KV<String, MetricTable>> tables = tables(rows);
      List<String> o = ops;
      KvCoder<String, String> fileCoder = KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of());
      PCollection<KV<String, String>> perMetric =
          tables
              .apply(
                  "RawAndSummary",
                  ParDo.of(
                      new DoFn<KV<String, MetricTable>, KV<String, String>>() {
                        private static final long serialVersionUID = 1L;

                        @ProcessElement
                        public void process(
                            @Element KV<String, MetricTable> t,
                            OutputReceiver<KV<String, String>> out) {
                          MetricTable table = t.getValue();
                          out.output(
                              KV.of(table.metric() + "_raw.csv", MetricsReport.rawCsv(table)));
                          out.output(
                              KV.of(
                                  table.metric() + "_summary.csv",
                                  MetricsReport.summaryCsv(table, o)));
                        }
                      }))
              .setCoder(fileCoder);
      PCollection<KV<String, String>> overall =
          tables
              .apply("TableValues", Values.create())
              .apply("MetricsCsv", Combine.globally(new MetricsCsvFn(order)))
              .apply("Name", WithKeys.of("metrics.csv"))
              .setCoder(fileCoder);
      return PCollectionList.of(perMetric)
          .and(overall)
          .apply("AllFiles", Flatten.pCollections())
          .apply(
              "Write",
              FileIO.<String, KV<String, String>>writeDynamic()
                  .by(KV::getKey)
                  .withDestinationCoder(StringUtf8Coder.of())
                  .via(Contextful.fn(KV::getValue), new ExactSink())
                  .to(dir)
                  .withNumShards(1)
                  .withNaming(name -> (window, pane, numShards, shard, compression) -> name));
    }
  }

  /** Tables → the text of metrics.csv, in the configured order (else by metric name). */
  static final class MetricsCsvFn
      extends Combine.CombineFn<MetricTable, List<MetricTable>, String> {
    private static final long serialVersionUID = 1L;
    private final List<String> order;

    MetricsCsvFn(List<String> order) {
      this.order = order;
    }

    @Override
    public List<MetricTable> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<MetricTable> addInput(List<MetricTable> acc, MetricTable t) {
      acc.add(t);
      return acc;
    }

    @Override
    public List<MetricTable> mergeAccumulators(Iterable<List<MetricTable>> accs) {
      List<MetricTable> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public String extractOutput(List<MetricTable> acc) {
      List<MetricTable> sorted = new ArrayList<>(acc);
      Comparator<MetricTable> byName = Comparator.comparing(MetricTable::metric);
      if (order != null) {
        sorted.sort(
            Comparator.comparingInt(
                    (MetricTable t) -> {
                      int i = order.indexOf(t.metric());
                      return i < 0 ? Integer.MAX_VALUE : i;
                    })
                .thenComparing(byName));
      } else {
        sorted.sort(byName);
      }
      return MetricsReport.metricsCsv(sorted);
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<List<MetricTable>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<MetricTable> inputCoder) {
      return ListCoder.of(MetricTable.Coder.of());
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<String> getDefaultOutputCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<MetricTable> inputCoder) {
      return StringUtf8Coder.of();
    }
  }

  /** Writes each element's text as it is (UTF-8, no separator added). */
  static final class ExactSink implements FileIO.Sink<String> {
    private static final long serialVersionUID = 1L;
    private transient WritableByteChannel channel;

    @Override
    public void open(WritableByteChannel ch) {
      this.channel = ch;
    }

    @Override
    public void write(String element) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(element.getBytes(StandardCharsets.UTF_8));
      while (b.hasRemaining()) {
        channel.write(b);
      }
    }

    @Override
    public void flush() {}
  }
}
