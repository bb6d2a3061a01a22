package org.medbeam.workflows.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.medbeam.core.Volume;
import org.medbeam.io.LoadImage;
import org.medbeam.model.NetworkFolder;
import org.medbeam.model.metrics.DiceMetric;
import org.medbeam.model.metrics.MetricTensor;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.transforms.spatial.Orientation;
import org.medbeam.workflows.infer.Bundled;
import org.medbeam.workflows.infer.InferJob;
import org.medbeam.workflows.infer.InferOptions;
import org.medbeam.workflows.train.Train;
import org.medbeam.workflows.train.TrainConfig;
import org.medbeam.workflows.train.TrainResult;

/**
 * {@code medbeam demo}, end to end on this machine:
 *
 * <ol>
 *   <li>writes a synthetic labelled CT archive ({@link SyntheticCt}: two organs with noise,
 *       varied spacing and orientation) as DICOM series plus NIfTI labels — training,
 *       validation and held-out cases;
 *   <li>trains a small 3D UNet on it with {@code medbeam train}'s pipeline and the bundled demo
 *       config ({@code classpath:/medbeam/demo/train.json}): Beam caches the preprocessing, one
 *       worker trains;
 *   <li>runs the batch-inference job ({@code medbeam infer}) on the held-out DICOM series with
 *       the trained model;
 *   <li>scores the masks against the held-out labels on the series' own grids (MONAI's Dice per
 *       organ) and reports the mean.
 * </ol>
 */
public final class Demo {
  /** The demo archive's seed (not the bundled sample's, so the sample stays unseen). */
  public static final long DEMO_SEED = 20261128L;
  /** The demo's training config. */
  public static final String CONFIG = "classpath:/medbeam/demo/train.json";

  private Demo() {}

  /** What to run. */
  public static final class Options {
    public Path output = Path.of("medbeam-demo");
    public long seed = DEMO_SEED;
    public int trainCases = 24;
    public int valCases = 4;
    public int testCases = 6;
    public int size = 64;
    public Integer epochs;
    public Path bundle;
  }

  /** The outcome: Dice per held-out case and organ, their mean, times. */
  public static final class Report {
    public final Map<String, double[]> dice;
    public final double meanDice;
    public final double wallSeconds;
    public final double cpuSeconds;
    public final TrainResult training;
    public final String json;

    Report(Map<String, double[]> dice, double meanDice, double wallSeconds, double cpuSeconds,
        TrainResult training, String json) {
      this.dice = dice;
      this.meanDice = meanDice;
      this.wallSeconds = wallSeconds;
      this.cpuSeconds = cpuSeconds;
      this.training = training;
      this.json = json;
    }
  }

  /** Runs the demo; progress to {@code err}, the report table to {@code out}. */
  public static Report run(Options o, PrintWriter out, PrintWriter err) throws IOException {
    long t0 = System.nanoTime();
    long cpu0 = cpuNanos();
    Path dir = o.output.toAbsolutePath();
    Files.createDirectories(dir);
    Map<String, Double> stages = new LinkedHashMap<>();

    // 1. the archive
    long t = System.nanoTime();
    int fitCases = o.trainCases + o.valCases;
    List<SampleArchive.Written> fit = SampleArchive.write(dir.resolve("archive/train"), o.seed,
        0, fitCases, o.size, true);
    List<SampleArchive.Written> test = SampleArchive.write(dir.resolve("archive/test"), o.seed,
        fitCases, o.testCases, o.size, true);
    writeDatalist(dir, fit.subList(0, o.trainCases), fit.subList(o.trainCases, fitCases), test);
    stages.put("archive_s", seconds(t));
    err.printf(Locale.ROOT, "medbeam demo: wrote %d training, %d validation and %d held-out "
        + "synthetic CT series (%d voxels across) in %.1f s%n", o.trainCases, o.valCases,
        o.testCases, o.size, stages.get("archive_s"));
    err.flush();

    // 2. training
    t = System.nanoTime();
    Path configFile = dir.resolve("train.json");
    Files.write(configFile, Bundled.readAll(CONFIG));
    Map<String, Object> overrides = new LinkedHashMap<>();
    if (o.epochs != null) {
      overrides.put("epochs", o.epochs);
      @SuppressWarnings("unchecked")
      Map<String, Object> doc = (Map<String, Object>) ChainConfig.parse(
          Files.readString(configFile));
      @SuppressWarnings("unchecked")
      Map<String, Object> sched = new LinkedHashMap<>((Map<String, Object>) doc.get(
          "lr_scheduler"));
      sched.put("t_total", o.epochs);
      overrides.put("lr_scheduler", sched);
    }
    TrainConfig cfg = TrainConfig.load(configFile.toString(), overrides);
    Path trainOut = dir.resolve("train");
    Train.Outcome outcome = Train.runLocally(cfg, trainOut.toString(), directOptions(), err);
    TrainResult training = outcome.result;
    stages.put("train_s", seconds(t));
    err.printf(Locale.ROOT, "medbeam demo: trained %d epochs in %.1f s, best val_mean_dice %.4f "
        + "(epoch %d)%n", training.epochs, stages.get("train_s"), training.bestMetric,
        training.bestMetricEpoch);
    err.flush();

    // 3. batch inference on the held-out series
    t = System.nanoTime();
    Path model = trainOut.resolve("model");
    Path inferOut = dir.resolve("infer");
    PipelineOptionsFactory.register(InferOptions.class);
    InferOptions io = PipelineOptionsFactory.fromArgs(
        "--input=" + dir.resolve("archive/test/dicom"), "--output=" + inferOut,
        "--model=" + model, "--config=" + model.resolve("inference.json"), "--force=true",
        "--progress=false").withValidation().as(InferOptions.class);
    io.as(DirectOptions.class).setEnforceImmutability(false);
    io.as(DirectOptions.class).setEnforceEncodability(false);
    StringWriter inferLog = new StringWriter();
    InferJob.Summary s = InferJob.run(io, new PrintWriter(new StringWriter()),
        new PrintWriter(inferLog));
    if (s.exitCode() != 0) {
      throw new IllegalStateException("the inference job failed: " + s.line() + "\n" + inferLog);
    }
    stages.put("infer_s", seconds(t));

    // 4. Dice on the series' own grids
    t = System.nanoTime();
    Map<String, double[]> dice = score(inferOut, test);
    stages.put("score_s", seconds(t));
    double sum = 0;
    int n = 0;
    for (double[] d : dice.values()) {
      for (double v : d) {
        if (!Double.isNaN(v)) {
          sum += v;
          n++;
        }
      }
    }
    double mean = n == 0 ? Double.NaN : sum / n;
    if (o.bundle != null) {
      NetworkFolder.zip(model, o.bundle);
      Files.copy(model.resolve("inference.json"),
          o.bundle.resolveSibling("inference.json"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    double wall = seconds(t0);
    double cpu = (cpuNanos() - cpu0) / 1e9;

    out.println("case       organ(1)  organ(2)");
    for (Map.Entry<String, double[]> e : dice.entrySet()) {
      out.printf(Locale.ROOT, "%-10s %8.4f  %8.4f%n", e.getKey(), e.getValue()[0],
          e.getValue()[1]);
    }
    out.printf(Locale.ROOT, "mean Dice over held-out cases and organs: %.4f%n", mean);
    out.printf(Locale.ROOT, "wall %.1f s, process CPU %.1f s (archive %.1f, train %.1f, infer "
        + "%.1f, score %.1f)%n", wall, cpu, stages.get("archive_s"), stages.get("train_s"),
        stages.get("infer_s"), stages.get("score_s"));
    out.flush();

    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("mean_dice", mean);
    ObjectNode cases = root.putObject("dice");
    for (Map.Entry<String, double[]> e : dice.entrySet()) {
      ArrayNode a = cases.putArray(e.getKey());
      for (double v : e.getValue()) {
        a.add(v);
      }
    }
    root.put("wall_s", wall);
    root.put("cpu_s", cpu);
    ObjectNode st = root.putObject("stages");
    stages.forEach(st::put);
    root.set("training", m.readTree(training.toJson()));
    root.put("seed", o.seed);
    root.put("size", o.size);
    root.put("train_cases", o.trainCases);
    root.put("val_cases", o.valCases);
    root.put("test_cases", o.testCases);
    root.put("cores", Runtime.getRuntime().availableProcessors());
    String json = m.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    Files.writeString(dir.resolve("demo_report.json"), json + "\n");
    return new Report(dice, mean, wall, cpu, training, json);
  }

  /** Dice of labels 1 and 2 per held-out case, mask against label on the series' grid. */
  static Map<String, double[]> score(Path inferOut, List<SampleArchive.Written> test)
      throws IOException {
    ObjectMapper m = new ObjectMapper();
    Map<String, double[]> out = new java.util.TreeMap<>();
    for (String row : Files.readAllLines(inferOut.resolve("predictions.jsonl"))) {
      if (row.isBlank()) {
        continue;
      }
      JsonNode j = m.readTree(row);
      String source = j.get("source").asText();
      SampleArchive.Written c = null;
      for (SampleArchive.Written w : test) {
        if (source.startsWith(w.series.toString())) {
          c = w;
        }
      }
      if (c == null) {
        throw new IllegalStateException("prediction of " + source + " matches no held-out case");
      }
      Volume mask = LoadImage.create().apply(inferOut.resolve(j.get("mask").asText()).toString());
      Volume label = LoadImage.create().apply(c.label.toString());
      MetricTensor d = DiceMetric.create().withIncludeBackground(false).withNumClasses(3)
          .computeCase(mask, onGridOf(label, mask, c.id));
      out.put(c.id, new double[] {d.getFlat(0), d.getFlat(1)});
    }
    if (out.size() != test.size()) {
      throw new IllegalStateException("the inference job wrote " + out.size() + " masks for "
          + test.size() + " held-out series");
    }
    return out;
  }

  /**
   * {@code label} on {@code grid}'s voxels. The DICOM reader orders a series' voxels as dcm2niix
   * does (rows flipped, axes as stored), the label keeps the generator's order: the same voxel
   * centres in another axis order and direction. Both are brought to RAS order and must then
   * share their affine.
   */
  public static Volume onGridOf(Volume label, Volume grid, String id) {
    Orientation ras = Orientation.of("RAS");
    Volume l = ras.apply(label);
    Volume g = ras.apply(grid);
    if (!l.affine().almostEquals(g.affine(), 1e-3)
        || !java.util.Arrays.equals(l.shape(), g.shape())) {
      throw new IllegalStateException(id + ": the mask's grid " + grid.affine() + " "
          + java.util.Arrays.toString(grid.shape()) + " is not the label's "
          + label.affine() + " " + java.util.Arrays.toString(label.shape()));
    }
    // the grid's own reorientation, undone on the label's voxels
    Volume back = ras.inverse(l.withAppliedOperations(g.appliedOperations()));
    if (!back.affine().almostEquals(grid.affine(), 1e-3)) {
      throw new IllegalStateException(id + ": label not brought onto the mask's grid");
    }
    return back;
  }

  private static void writeDatalist(Path dir, List<SampleArchive.Written> train,
      List<SampleArchive.Written> val, List<SampleArchive.Written> test) throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode root = m.createObjectNode();
    root.put("description", "medbeam demo: synthetic CT (DICOM series) with organ labels");
    root.set("training", items(m, dir, train));
    root.set("validation", items(m, dir, val));
    root.set("test", items(m, dir, test));
    Files.writeString(dir.resolve("datalist.json"),
        m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
        StandardCharsets.UTF_8);
  }

  private static ArrayNode items(ObjectMapper m, Path dir, List<SampleArchive.Written> cases) {
    ArrayNode a = m.createArrayNode();
    for (SampleArchive.Written w : cases) {
      a.addObject().put("image", dir.relativize(w.series).toString().replace('\\', '/'))
          .put("label", dir.relativize(w.label).toString().replace('\\', '/'));
    }
    return a;
  }

  private static org.apache.beam.sdk.options.PipelineOptions directOptions() {
    DirectOptions d = PipelineOptionsFactory.create().as(DirectOptions.class);
    d.setEnforceImmutability(false);
    d.setEnforceEncodability(false);
    return d;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static List<String> ids(List<SampleArchive.Written> w) {
    List<String> out = new ArrayList<>();
    w.forEach(x -> out.add(x.id));
    return out;
  }
}
