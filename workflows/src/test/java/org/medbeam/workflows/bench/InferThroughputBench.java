package org.medbeam.workflows.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.io.SaveImage;
import org.medbeam.io.dicom.DicomSeries;
import org.medbeam.io.dicom.DicomSeriesReader;
import org.medbeam.io.nifti.NiftiWriter;
import org.medbeam.model.LoadedModel;
import org.medbeam.model.ModelSpec;
import org.medbeam.model.inferers.DjlNetwork;
import org.medbeam.model.inferers.SlidingWindowInferer;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.workflows.demo.SampleArchive;
import org.medbeam.workflows.infer.InferJob;
import org.medbeam.workflows.infer.InferOptions;

/**
 * Throughput of the inference job (issue 6): series per minute on DirectRunner and Flink
 * {@code [local]} with 1 and 2 workers, against the same Java code in a plain loop (read series,
 * preprocess, sliding window, postprocess, write). Synthetic archive from a fixed seed.
 *
 * <pre>
 * scripts/bench.sh infer [N_SERIES] [MODEL|-] [CONFIG|-] [SIZE]
 * </pre>
 *
 * Defaults: 8 series of size 64 (voxels across before spacing variation), the bundled model and
 * config ({@code -} keeps a default). Every configuration runs once to
 * warm up (JIT, Flink's mini-cluster start, model load) and is timed on its second run; the job's
 * own fixed costs (planning, matching, the manifest with its SHA-256 of every input) are part of
 * the time, so few or cheap series show them as overhead.
 */
public final class InferThroughputBench {
  private InferThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    String model = args.length > 1 && !args[1].equals("-") ? args[1]
        : org.medbeam.workflows.infer.Bundled.MODEL;
    String config = args.length > 2 && !args[2].equals("-") ? args[2]
        : org.medbeam.workflows.infer.Bundled.CONFIG;
    int size = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    Path root = Files.createTempDirectory("medbeam-throughput");
    SampleArchive.write(root, 99, n, size, false);
    Path dicom = root.resolve("dicom");
    System.out.printf(Locale.ROOT, "inference throughput, %d series (synthetic CT, size %d), %d cores, max heap %d MiB%n",
        n, size, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

    // warm-up: JIT and model load, on the plain loop
    plainLoop(dicom, root.resolve("warm"), model, config);
    double loop = plainLoop(dicom, root.resolve("loop"), model, config);
    report("plain Java loop (1 thread)", n, loop, loop);
    double direct1 = warm(dicom, root, "d1", model, config, "--targetParallelism=1");
    report("DirectRunner, 1 worker", n, direct1, loop);
    double direct2 = warm(dicom, root, "d2", model, config, "--targetParallelism=2");
    report("DirectRunner, 2 workers", n, direct2, loop);
    double flink1 = warm(dicom, root, "f1", model, config, "--runner=FlinkRunner",
        "--flinkMaster=[local]", "--parallelism=1");
    report("Flink [local], parallelism 1", n, flink1, loop);
    double flink2 = warm(dicom, root, "f2", model, config, "--runner=FlinkRunner",
        "--flinkMaster=[local]", "--parallelism=2");
    report("Flink [local], parallelism 2", n, flink2, loop);
    System.out.printf(Locale.ROOT, "Flink 2 workers / 1 worker speed-up: %.2fx; Direct: %.2fx%n",
        flink1 / flink2, direct1 / direct2);
    System.out.printf(Locale.ROOT, "peak heap committed %d MiB%n",
        Runtime.getRuntime().totalMemory() >> 20);
  }

  /** A warm-up run into one folder, then the timed run into a fresh one (the job's second run). */
  static double warm(Path dicom, Path root, String name, String model, String config,
      String... runner) throws Exception {
    job(dicom, root.resolve(name + "-warm"), model, config, runner);
    lastRun = root.resolve(name);
    return job(dicom, lastRun, model, config, runner);
  }

  /** The folder of the last timed job, whose stage timings {@link #report} prints. */
  private static Path lastRun;

  static void report(String what, int n, double seconds, double loopSeconds) throws Exception {
    System.out.printf(Locale.ROOT, "  %-32s %7.2f s  %6.1f series/min  overhead vs loop %+5.1f%%%n",
        what, seconds, n / seconds * 60, (seconds / loopSeconds - 1) * 100);
    if (lastRun != null) {
      stages(lastRun);
      lastRun = null;
    } else {
      System.out.print(loopStages);
    }
  }

  static double job(Path dicom, Path out, String model, String config, String... runner)
      throws Exception {
    List<String> a = new ArrayList<>(List.of("--input=" + dicom, "--output=" + out,
        "--model=" + model, "--config=" + config, "--progress=false"));
    a.addAll(List.of(runner));
    PipelineOptionsFactory.register(InferOptions.class);
    InferOptions o = PipelineOptionsFactory.fromArgs(a.toArray(new String[0])).as(InferOptions.class);
    if (o.getRunner().getSimpleName().equals("DirectRunner")) {
      org.apache.beam.runners.direct.DirectOptions d =
          o.as(org.apache.beam.runners.direct.DirectOptions.class);
      d.setEnforceImmutability(false);
      d.setEnforceEncodability(false);
    }
    long t0 = System.nanoTime();
    InferJob.Summary s = InferJob.run(o, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    double sec = (System.nanoTime() - t0) / 1e9;
    if (s.written != Files.list(dicom).count()) {
      throw new IllegalStateException("job wrote " + s.written + ": " + s.line());
    }
    return sec;
  }

  /** The same work without Beam: one series after the other on this thread. */
  static double plainLoop(Path dicom, Path out, String model, String config) throws Exception {
    Object doc = ChainConfig.parse(new String(org.medbeam.workflows.infer.Bundled.readAll(config),
        java.nio.charset.StandardCharsets.UTF_8));
    Compose pre = ChainConfig.section(doc, "preprocessing");
    Compose post = ChainConfig.section(doc, "postprocessing");
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> inf =
        (java.util.Map<String, Object>) ((java.util.Map<?, ?>) doc).get("inferer");
    SlidingWindowInferer sw =
        (SlidingWindowInferer) org.medbeam.model.inferers.Inferers.fromConfig(inf);
    long t0 = System.nanoTime();
    double[] ms = new double[5]; // read, preprocess, inference, postprocess, write
    DicomSeriesReader reader = DicomSeriesReader.create();
    try (LoadedModel m = ModelSpec.of(model).load(); DjlNetwork net = new DjlNetwork(m)) {
      long t = System.nanoTime();
      for (DicomSeries s : reader.scan(dicom).series()) {
        Volume v = reader.read(s);
        t = lap(ms, 0, t);
        Sample sample = pre.apply(Sample.of(s.id(), "image", v), TransformContext.of(0));
        t = lap(ms, 1, t);
        Volume pred = sw.inferVolume(sample.volume("image"), net);
        t = lap(ms, 2, t);
        Sample done = post.apply(sample.with("pred", pred), TransformContext.of(0));
        t = lap(ms, 3, t);
        Path f = out.resolve("masks").resolve(s.id().replaceAll("[^A-Za-z0-9.]", "_") + ".nii.gz");
        Files.createDirectories(f.getParent());
        SaveImage.writeAtomically(done.volume("pred").astype(org.medbeam.core.DType.UINT8),
            f.toString(), NiftiWriter.create());
        t = lap(ms, 4, t);
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    loopStages = String.format(Locale.ROOT,
        "    stages (s): read+scan %.2f, preprocess %.2f, inference %.2f, postprocess %.2f,"
            + " write %.2f%n", ms[0] / 1e3, ms[1] / 1e3, ms[2] / 1e3, ms[3] / 1e3, ms[4] / 1e3);
    return seconds;
  }

  private static String loopStages = "";

  private static long lap(double[] ms, int stage, long since) {
    long now = System.nanoTime();
    ms[stage] += (now - since) / 1e6;
    return now;
  }

  /** Sums the per-stage timings the job's prediction rows report (milliseconds per series). */
  static void stages(Path out) throws Exception {
    java.util.Map<String, Double> sum = new java.util.TreeMap<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : Files.readAllLines(out.resolve("predictions.jsonl"))) {
      json.readTree(line).get("timings_ms").fields().forEachRemaining(
          e -> sum.merge(e.getKey(), e.getValue().asDouble(), Double::sum));
    }
    StringBuilder b = new StringBuilder("    stages summed over series (s):");
    sum.forEach((k, v) -> b.append(String.format(Locale.ROOT, " %s %.2f", k, v / 1e3)));
    System.out.println(b);
  }
}
