package org.medbeam.workflows.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.medbeam.model.DjlRuntime;
import org.medbeam.model.losses.Losses;
import org.medbeam.model.networks.Networks;
import org.medbeam.workflows.data.CacheDataset;
import org.medbeam.workflows.data.DataLoader;
import org.medbeam.workflows.data.Dataset;
import org.medbeam.workflows.data.PersistentDataset;
import org.medbeam.workflows.demo.Demo;
import org.medbeam.workflows.demo.SampleArchive;
import org.medbeam.workflows.infer.Bundled;
import org.medbeam.workflows.train.Events;
import org.medbeam.workflows.train.LearningRate;
import org.medbeam.workflows.train.Optimizers;
import org.medbeam.workflows.train.SupervisedTrainer;
import org.medbeam.workflows.train.Train;
import org.medbeam.workflows.train.TrainConfig;

/**
 * Training throughput of the demo network with cached vs uncached preprocessing (MONAI's {@code
 * CacheDataset} vs {@code Dataset}; MONAI reports about 10× for caching in its dataset
 * experiment, on a GPU where the network is cheap).
 *
 * <p>Data: the demo's synthetic archive ({@code --cases} DICOM series of {@code --size} voxels
 * plus NIfTI labels, seed {@link Demo#DEMO_SEED}) and the demo's config ({@code
 * classpath:/medbeam/demo/train.json}): UNet (8, 16, 32, 64), DiceCELoss, Adam; 4 crops of 32 x
 * 32 x 16 per item, batches of 2 items. Modes:
 *
 * <ul>
 *   <li>{@code cached}: the deterministic prefix (DICOM read, orientation, spacing, scaling)
 *       read from the Beam-written cache once; every epoch runs only the random crops, flips
 *       and shifts;
 *   <li>{@code uncached}: every epoch reads each series and label from disk and runs the whole
 *       chain (MONAI's plain {@code Dataset});
 * </ul>
 *
 * and for each, {@code train} (loader threads feeding a fresh trainer, as in {@code medbeam
 * train}) and {@code load} (the loader alone: what the data pipeline can deliver). Throughput is
 * crops per second over one epoch after {@code --warmup} epochs; median of {@code --runs} (at
 * least 5) rounds in one JVM, each round timing both modes in alternating order so that drift
 * on a shared machine hits both alike.
 *
 * <pre>
 * mvn -o -q -pl workflows -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/wf.cp
 * CP="core/target/classes:beam-io/target/classes:beam-transforms/target/classes"
 * CP="$CP:model-ops/target/classes:workflows/target/classes:workflows/target/test-classes"
 * java -Xmx4g -Dai.djl.offline=true -cp "$CP:$(cat /tmp/wf.cp)" \
 *     org.medbeam.workflows.bench.TrainThroughputBench
 * </pre>
 *
 * Options: {@code --cases N} (16), {@code --size N} (64), {@code --runs N} (5), {@code --warmup
 * N} (1), {@code --workers N} (loader threads, 1 as in the demo), {@code --threads N} (PyTorch
 * intra-op threads, default the core count), {@code --dir PATH} (work folder, default a temp
 * folder, deleted afterwards).
 */
public final class TrainThroughputBench {
  private TrainThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int cases = 16;
    int size = 64;
    int runs = 5;
    int warmup = 1;
    int workers = 1;
    int threads = Runtime.getRuntime().availableProcessors();
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--cases":
          cases = Integer.parseInt(args[++i]);
          break;
        case "--size":
          size = Integer.parseInt(args[++i]);
          break;
        case "--runs":
          runs = Math.max(5, Integer.parseInt(args[++i]));
          break;
        case "--warmup":
          warmup = Integer.parseInt(args[++i]);
          break;
        case "--workers":
          workers = Integer.parseInt(args[++i]);
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--dir":
          dir = Path.of(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i] + "; accepted: --cases N"
              + " --size N --runs N --warmup N --workers N --threads N --dir PATH");
      }
    }
    boolean temp = dir == null;
    if (temp) {
      dir = Files.createTempDirectory("medbeam-train-bench");
    }
    try {
      run(dir, cases, size, runs, warmup, workers, threads);
    } finally {
      if (temp) {
        delete(dir);
      }
    }
  }

  static void run(Path dir, int cases, int size, int runs, int warmup, int workers, int threads)
      throws IOException {
    System.setProperty("ai.djl.offline", "true");
    DjlRuntime.setIntraOpThreads(threads);
    List<SampleArchive.Written> w = SampleArchive.write(dir.resolve("archive"), Demo.DEMO_SEED, 0,
        cases, size, true);
    StringBuilder dl = new StringBuilder("{\"training\": [");
    for (int i = 0; i < w.size(); i++) {
      dl.append(i > 0 ? ", " : "").append("{\"image\": \"")
          .append(dir.relativize(w.get(i).series)).append("\", \"label\": \"")
          .append(dir.relativize(w.get(i).label)).append("\"}");
    }
    Files.writeString(dir.resolve("datalist.json"), dl.append("]}").toString());
    Path cfgFile = dir.resolve("train.json");
    Files.write(cfgFile, Bundled.readAll(Demo.CONFIG));
    TrainConfig cfg = TrainConfig.load(cfgFile.toString(), Map.of("num_workers", workers));

    // the cache, written by Beam (timed once: its cost is paid once per input/prefix change)
    DirectOptions o = PipelineOptionsFactory.create().as(DirectOptions.class);
    o.setEnforceImmutability(false);
    o.setEnforceEncodability(false);
    long t0 = System.nanoTime();
    Train.runLocally(TrainConfig.load(cfgFile.toString(), Map.of("epochs", 1)),
        dir.resolve("prime").toString(), o, new PrintWriter(new StringWriter()));
    double primeSeconds = (System.nanoTime() - t0) / 1e9;
    Path cacheRoot = dir.resolve("prime/cache");
    String key = PersistentDataset.cacheKey(cfg.training(), cfg.loadKeys(),
        cfg.trainChain().prefixFingerprint(), threads);
    PersistentDataset.Cached cached = PersistentDataset.read(
        PersistentDataset.folder(cacheRoot.toString(), key), threads);
    Dataset cachedDs = CacheDataset.of(cfg.training(), cached.samples, cfg.trainChain(),
        cfg.seed());
    Dataset plainDs = Dataset.of(cfg.training(), cfg.trainChain(), cfg.loadKeys(), cfg.seed());

    System.out.printf(Locale.ROOT, "TrainThroughputBench: %d series of %d voxels, demo UNet, "
        + "%d loader thread(s), %d PyTorch threads, %d cores; median of %d rounds, each one "
        + "epoch after %d warm-up epoch(s)%n",
        cases, size, workers, threads, Runtime.getRuntime().availableProcessors(), runs, warmup);
    System.out.printf(Locale.ROOT, "(caching run incl. Beam pipeline, 1 epoch: %.1f s)%n",
        primeSeconds);
    // rounds alternate the order of the modes, so drift on a shared machine hits both alike
    double[][] results = new double[4][2 * runs];
    String[] names = {"cached   load ", "uncached load ", "cached   train", "uncached train"};
    Dataset[] ds = {cachedDs, plainDs};
    for (int r = 0; r < runs; r++) {
      for (int k = 0; k < 2; k++) {
        int mode = (r % 2 == 0) ? k : 1 - k;
        double[] l = load(ds[mode], warmup, workers);
        results[mode][2 * r] = l[0];
        results[mode][2 * r + 1] = l[1];
      }
      for (int k = 0; k < 2; k++) {
        int mode = (r % 2 == 0) ? k : 1 - k;
        double[] t = train(ds[mode], cfg, warmup, workers);
        results[2 + mode][2 * r] = t[0];
        results[2 + mode][2 * r + 1] = t[1];
      }
    }
    for (int i = 0; i < 4; i++) {
      System.out.printf(Locale.ROOT, "%s  %8.1f crops/s  (cpu %5.2f s/epoch)  runs %s%n",
          names[i], median(results[i], 0), median(results[i], 1), fmt(results[i]));
    }
    System.out.printf(Locale.ROOT, "speed-up of caching: loader %.1fx, training %.1fx%n",
        median(results[0], 0) / median(results[1], 0),
        median(results[2], 0) / median(results[3], 0));
  }

  /** One timed epoch of the loader alone after {@code warmup}: {crops/s, process CPU s}. */
  static double[] load(Dataset ds, int warmup, int workers) {
    double[] out = new double[2];
    try (DataLoader loader = DataLoader.of(ds, "image", "label").withBatchSize(2)
        .withShuffle(true, 0).withNumWorkers(workers)) {
      for (int e = 0; e <= warmup; e++) {
        long t = System.nanoTime();
        long c = cpu();
        int crops = 0;
        for (var it = loader.epoch(e); it.hasNext(); ) {
          crops += it.next().size();
        }
        out[0] = crops / ((System.nanoTime() - t) / 1e9);
        out[1] = (cpu() - c) / 1e9;
      }
    }
    return out;
  }

  /** One timed training epoch of a fresh trainer after {@code warmup}: {crops/s, CPU s}. */
  static double[] train(Dataset ds, TrainConfig cfg, int warmup, int workers) {
    double[] out = new double[2];
    LearningRate lr = LearningRate.of(0.003);
    DataLoader loader = DataLoader.of(ds, "image", "label").withBatchSize(2)
        .withShuffle(true, 0).withNumWorkers(workers);
    try (SupervisedTrainer t = SupervisedTrainer.builder()
        .network(Networks.create(cfg.network()), cfg.network())
        .loss(Losses.create(Map.of("_target_", "DiceCELoss", "to_onehot_y", true,
            "softmax", true)))
        .optimizer(Optimizers.create(Map.of("_target_", "Adam", "lr", 0.003), lr), lr)
        .trainLoader(loader).maxEpochs(warmup + 1).seed(0).build()) {
      long[] start = new long[2];
      int[] crops = new int[1];
      t.addEventHandler(Events.EPOCH_STARTED, e -> {
        start[0] = System.nanoTime();
        start[1] = cpu();
        crops[0] = 0;
      });
      t.addEventHandler(Events.ITERATION_COMPLETED, e -> crops[0] += e.state().batchSamples());
      t.addEventHandler(Events.EPOCH_COMPLETED, e -> {
        out[0] = crops[0] / ((System.nanoTime() - start[0]) / 1e9);
        out[1] = (cpu() - start[1]) / 1e9;
      });
      t.run();
    }
    return out;
  }

  static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static double median(double[] interleaved, int field) {
    double[] v = new double[interleaved.length / 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = interleaved[2 * i + field];
    }
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static String fmt(double[] interleaved) {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < interleaved.length; i += 2) {
      s.add(String.format(Locale.ROOT, "%.1f", interleaved[i]));
    }
    return s.toString();
  }

  static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
