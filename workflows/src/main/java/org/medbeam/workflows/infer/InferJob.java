package org.medbeam.workflows.infer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.MimeTypes;
import org.medbeam.workflows.cli.Versions;

/**
 * Runs the inference job end to end: plan, build, run (with live progress), then the manifest
 * and the summary. {@link Summary#exitCode} is non-zero when the run failed or the failure ratio
 * exceeds {@code --maxFailureRatio}.
 */
public final class InferJob {
  private InferJob() {}

  /** Counts at the end of a run; {@code read == written + failed + skipped} when nothing is lost. */
  public static final class Summary {
    public final long read;
    public final long written;
    public final long failed;
    public final long skipped;
    public final PipelineResult.State state;
    public final double maxFailureRatio;
    public final String output;

    Summary(long read, long written, long failed, long skipped, PipelineResult.State state,
        double maxFailureRatio, String output) {
      this.read = read;
      this.written = written;
      this.failed = failed;
      this.skipped = skipped;
      this.state = state;
      this.maxFailureRatio = maxFailureRatio;
      this.output = output;
    }

    public boolean balanced() {
      return read == written + failed + skipped;
    }

    public double failureRatio() {
      return written + failed == 0 ? 0 : (double) failed / (written + failed);
    }

    public int exitCode() {
      if (state != PipelineResult.State.DONE) {
        return 1;
      }
      return failureRatio() > maxFailureRatio ? 3 : 0;
    }

    public String line() {
      return String.format(
          "read %d / written %d / failed %d / skipped %d (%s)", read, written, failed, skipped,
          balanced() ? "balanced" : "UNBALANCED: items lost");
    }
  }

  /**
   * PyTorch's intra-op threads when the user set none: the cores divided among the runner's
   * workers, so that concurrent windows on every worker do not oversubscribe the machine.
   */
  static int torchThreads(PipelineOptions o) {
    int cores = Runtime.getRuntime().availableProcessors();
    String runner = o.getRunner().getSimpleName();
    int workers;
    if (runner.equals("DirectRunner")) {
      workers = o.as(org.apache.beam.runners.direct.DirectOptions.class).getTargetParallelism();
    } else if (runner.equals("FlinkRunner")) {
      workers = o.as(org.apache.beam.runners.flink.FlinkPipelineOptions.class).getParallelism();
    } else {
      return cores; // remote workers: one harness per machine, whose cores are its own
    }
    return Math.max(1, cores / Math.max(1, workers > 0 ? workers : cores));
  }

  /** Plans, runs and reports; messages go to {@code err}, the output folder to {@code out}. */
  public static Summary run(InferOptions o, PrintWriter out, PrintWriter err) throws IOException {
    FileSystems.setDefaultPipelineOptions(o);
    if (o.getMaxFailureRatio() < 0 || o.getMaxFailureRatio() > 1) {
      throw new IllegalArgumentException(
          "--maxFailureRatio must be in [0, 1], got " + o.getMaxFailureRatio());
    }
    Instant started = Instant.now();
    if (System.getProperty("medbeam.torch.threads") == null) {
      System.setProperty("medbeam.torch.threads", Integer.toString(torchThreads(o)));
    }
    InferPipeline.Plan plan = InferPipeline.plan(o);
    err.println("medbeam infer: " + plan.input + " → " + plan.output + " (model "
        + plan.model.uri() + ", config " + plan.config.source + ", "
        + (plan.dicom ? "DICOM archive" : "image files") + ", " + plan.state.doneCount()
        + " series done before)");
    err.flush();
    Pipeline p = Pipeline.create(o);
    InferPipeline.build(p, plan);
    PipelineResult result = p.run();
    Progress progress = o.getProgress() ? Progress.start(result, err, plan.dicom) : null;
    PipelineResult.State state;
    try {
      state = result.waitUntilFinish();
    } finally {
      if (progress != null) {
        progress.stop();
      }
    }
    Summary s = summarize(result, state, plan, o.getMaxFailureRatio());
    writeManifest(o, plan, s, started, Instant.now());
    err.println("medbeam infer: " + s.line() + "; failure ratio " + String.format("%.3f", s.failureRatio())
        + " (max " + o.getMaxFailureRatio() + "), pipeline " + state);
    err.println(table(result, plan.dicom));
    err.flush();
    out.println(plan.output);
    out.flush();
    return s;
  }

  static long counter(PipelineResult r, String name) {
    MetricQueryResults q = r.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named("medbeam", name)).build());
    long sum = 0;
    for (MetricResult<Long> c : q.getCounters()) {
      Long v;
      try {
        v = c.getCommitted();
      } catch (UnsupportedOperationException e) {
        v = c.getAttempted();
      }
      sum += v == null ? 0 : v;
    }
    return sum;
  }

  static Summary summarize(PipelineResult r, PipelineResult.State state, InferPipeline.Plan plan,
      double maxRatio) {
    long written = counter(r, "infer_written");
    long failed = counter(r, "infer_failed");
    long skipped;
    long read;
    if (plan.dicom) {
      skipped = counter(r, "dicom_series_skipped");
      read = counter(r, "dicom_series_assembled") + skipped + counter(r, "dicom_assemble_failures")
          + counter(r, "dicom_header_failures");
    } else {
      skipped = counter(r, "images_skipped");
      read = counter(r, "images_read") + skipped + counter(r, "read_failures");
    }
    return new Summary(read, written, failed, skipped, state, maxRatio, plan.output);
  }

  /** The per-stage table printed at the end. */
  static String table(PipelineResult r, boolean dicom) {
    Map<String, String> rows = new TreeMap<>();
    String[] names = dicom
        ? new String[] {"dicom_files", "dicom_headers_read", "dicom_header_failures",
            "dicom_non_image_files", "dicom_series_assembled", "dicom_series_skipped",
            "dicom_series_split", "dicom_assemble_failures"}
        : new String[] {"images_read", "images_skipped", "read_failures"};
    StringBuilder sb = new StringBuilder("  stage counters:");
    for (String n : names) {
      sb.append(String.format("%n    %-28s %8d", n, counter(r, n)));
    }
    for (String n : new String[] {"preprocess_samples", "preprocess_failures",
        "sliding_window_infer_processed", "sliding_window_infer_failures", "postprocess_samples",
        "postprocess_failures", "infer_written", "write_failures", "infer_failed"}) {
      sb.append(String.format("%n    %-28s %8d", n, counter(r, n)));
    }
    return sb.toString();
  }

  /** manifest.json (and a copy under .medbeam/runs/) recording what made these outputs. */
  static void writeManifest(InferOptions o, InferPipeline.Plan plan, Summary s, Instant started,
      Instant finished) throws IOException {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    ObjectNode versions = root.putObject("versions");
    versions.put("medbeam", Versions.medbeam());
    versions.put("beam", Versions.beam());
    versions.put("djl", ai.djl.engine.Engine.getDjlVersion());
    versions.put("java", System.getProperty("java.version"));
    root.put("runner", o.getRunner().getSimpleName());
    ObjectNode opts = root.putObject("options");
    Map<String, Object> optionMap = m.convertValue(
        m.valueToTree(o.as(PipelineOptions.class)), java.util.Map.class);
    Object inner = optionMap.get("options");
    opts.set("values", m.valueToTree(inner == null ? optionMap : inner));
    root.put("seed", plan.seed);
    root.putObject("config").put("uri", plan.config.source).put("sha256", plan.config.sha256);
    root.putObject("model").put("uri", plan.model.uri()).put("sha256", plan.modelSha);
    root.put("input", plan.input);
    ArrayNode inputs = root.putArray("inputs");
    List<InputHashes.Entry> entries = InputHashes.compute(
        InferPipeline.inputFiles(plan.pattern), plan.output, Runtime.getRuntime().availableProcessors());
    for (InputHashes.Entry e : entries) {
      inputs.addObject().put("path", e.path).put("size", e.size).put("sha256", e.sha256);
    }
    ObjectNode counts = root.putObject("counts");
    counts.put("read", s.read).put("written", s.written).put("failed", s.failed)
        .put("skipped", s.skipped).put("balanced", s.balanced());
    root.put("state", s.state.toString());
    root.put("started", started.toString());
    root.put("finished", finished.toString());
    byte[] json = m.writeValueAsBytes(root);
    String out = plan.output.endsWith("/") ? plan.output : plan.output + "/";
    write(out + "manifest.json", json);
    write(out + ".medbeam/runs/" + started.toString().replace(':', '-') + ".json", json);
  }

  private static void write(String path, byte[] bytes) throws IOException {
    ResourceId target = FileSystems.matchNewResource(path, false);
    ResourceId tmp = FileSystems.matchNewResource(path + ".tmp-" + UUID.randomUUID(), false);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.TEXT))) {
      os.write(bytes);
    }
    FileSystems.rename(List.of(tmp), List.of(target));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
