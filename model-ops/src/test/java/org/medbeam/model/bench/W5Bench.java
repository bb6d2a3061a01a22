package org.medbeam.model.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.model.DjlRuntime;
import org.medbeam.model.LoadedModel;
import org.medbeam.model.ModelSpec;
import org.medbeam.model.inferers.DjlNetwork;
import org.medbeam.model.inferers.Network;
import org.medbeam.model.inferers.NetworkOutput;
import org.medbeam.model.inferers.SlidingWindowInferer;

/**
 * Benchmark W5 (BENCHMARKS.md): sliding-window inference of MONAI's 3D UNet(channels=(16, 32,
 * 64, 128, 256), strides=(2, 2, 2, 2), num_res_units=2) as TorchScript on a 1×1×192×192×128
 * input, roi 96³, sw_batch_size 4, overlap 0.25 gaussian and 0.5 constant (18 windows each),
 * PyTorch intra-op threads 2, on the CPU.
 *
 * <p>Reports the median total of {@code --runs} (default 5) runs after {@code --warmup} (default
 * 2), one forward pass of a 4×96³ batch in the same engine, our overhead = total − windows × (that
 * forward / 4), also as total − the time spent inside the network during the run, in process CPU
 * seconds (robust on a shared, loaded machine), and with the network replaced by one that costs
 * nothing (our work alone); and peak memory sampled every 5 ms (JVM heap used, direct buffers,
 * process RSS).
 *
 * <p>{@code --own-only} times our work alone (no model needed; pass any path). {@code
 * -Dw5.threads=N} sets our gather/blend threads (default 2).
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * PYTHONPATH=/work/monai-src /usr/bin/python3 \
 *     model-ops/src/test/resources/bench/make_w5_unet.py /tmp/w5
 * mvn -q -o -pl model-ops -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.cp -Dmdep.includeScope=test
 * java -Xmx2g -cp model-ops/target/test-classes:model-ops/target/classes:$(cat \
 *     model-ops/target/test.cp) org.medbeam.model.bench.W5Bench /tmp/w5/unet_w5.pt \
 *     [--runs 5] [--warmup 2] [--monai]
 * </pre>
 *
 * {@code --monai} also times MONAI itself on the same model file and machine (a Python
 * subprocess: Debian's torch 1.13, while DJL runs PyTorch 2.7.1).
 */
public final class W5Bench {
  private W5Bench() {}

  /** Wraps a network and adds up the time spent inside {@code forward}. */
  static final class TimedNetwork implements Network {
    final Network inner;
    long nanos;
    int calls;

    TimedNetwork(Network inner) {
      this.inner = inner;
    }

    @Override
    public NetworkOutput forward(ByteBuffer batch, int[] shape) {
      long t0 = System.nanoTime();
      NetworkOutput out = inner.forward(batch, shape);
      nanos += System.nanoTime() - t0;
      calls++;
      return out;
    }
  }

  /**
   * A stand-in network that costs nothing: returns one preallocated direct output of the right
   * shape, so a run measures only our own work (gather, blend, normalise, allocations).
   */
  static final class NullNetwork implements Network {
    final ByteBuffer out;

    NullNetwork(int maxBatch, int outChannels, int voxels) {
      out = ByteBuffer.allocateDirect(maxBatch * outChannels * voxels * 4)
          .order(ByteOrder.nativeOrder());
      FloatBuffer f = out.asFloatBuffer();
      RandomState rs = RandomState.of(11);
      for (int i = 0; i < f.capacity(); i++) {
        f.put(i, (float) rs.rand());
      }
    }

    @Override
    public NetworkOutput forward(ByteBuffer batch, int[] shape) {
      int[] os = shape.clone();
      os[1] = 2;
      FloatBuffer f = out.duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
      return new NetworkOutput() {
        @Override
        public int size() {
          return 1;
        }

        @Override
        public int[] shape(int i) {
          return os.clone();
        }

        @Override
        public FloatBuffer data(int i) {
          return f;
        }

        @Override
        public void close() {}
      };
    }
  }

  static double processCpuSeconds() {
    java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e9;
    }
    return Double.NaN;
  }

  /** Samples heap used, direct buffers and RSS while running. */
  static final class MemorySampler extends Thread {
    volatile boolean stop;
    long maxHeap;
    long maxDirect;
    long maxRss;

    MemorySampler() {
      setDaemon(true);
      setName("w5-memory-sampler");
    }

    @Override
    public void run() {
      BufferPoolMXBean direct = null;
      for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
        if (b.getName().equals("direct")) {
          direct = b;
        }
      }
      while (!stop) {
        maxHeap = Math.max(maxHeap,
            ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        if (direct != null) {
          maxDirect = Math.max(maxDirect, direct.getMemoryUsed());
        }
        maxRss = Math.max(maxRss, rssBytes());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  static long rssBytes() {
    try {
      String[] f = Files.readString(Paths.get("/proc/self/statm")).trim().split("\\s+");
      return Long.parseLong(f[1]) * 4096L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }

  static String mib(long b) {
    return String.format(Locale.ROOT, "%.0f MiB", b / 1048576.0);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args[0].startsWith("--")) {
      System.err.println(
          "usage: W5Bench MODEL.pt [--runs N] [--warmup N] [--monai]\n"
              + "make the model with:  PYTHONPATH=/work/monai-src /usr/bin/python3"
              + " model-ops/src/test/resources/bench/make_w5_unet.py /tmp/w5");
      System.exit(2);
    }
    Path model = Paths.get(args[0]);
    int runs = 5;
    int warmup = 2;
    boolean monai = false;
    boolean ownOnly = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--runs":
          runs = Integer.parseInt(args[++i]);
          break;
        case "--warmup":
          warmup = Integer.parseInt(args[++i]);
          break;
        case "--monai":
          monai = true;
          break;
        case "--own-only":
          ownOnly = true;
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!ownOnly && !Files.isRegularFile(model)) {
      System.err.println(model + " not found; make it with: PYTHONPATH=/work/monai-src"
          + " /usr/bin/python3 model-ops/src/test/resources/bench/make_w5_unet.py /tmp/w5");
      System.exit(2);
    }
    System.setProperty("ai.djl.pytorch.num_threads", "2");
    DjlRuntime.setIntraOpThreads(2);
    System.out.printf(Locale.ROOT, "W5 on %d cores, PyTorch (DJL) intra-op threads %d, %s%n",
        Runtime.getRuntime().availableProcessors(), DjlRuntime.intraOpThreads(),
        DjlRuntime.engine().getVersion());

    // 1 x 192 x 192 x 128 input, seeded
    int[] shape = {1, 192, 192, 128};
    float[] data = new float[192 * 192 * 128];
    RandomState rs = RandomState.of(5);
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) rs.rand();
    }
    Volume input = Volume.of(data, shape);

    if (ownOnly) {
      ownOnly(input, warmup, runs);
      return;
    }
    try (LoadedModel m = ModelSpec.of(model.toString()).withDevice("cpu").load();
        DjlNetwork net = new DjlNetwork(m)) {
      // one forward pass, batch 4 x 96^3 (and 2 x 96^3: the last batch of 18 windows)
      double[] cpu4 = new double[1];
      double fwd4 = forwardMedian(net, 4, warmup, runs, cpu4);
      double fwd2 = forwardMedian(net, 2, warmup, runs, new double[1]);
      System.out.printf(Locale.ROOT, "forward 4x1x96^3: median %.3f s (%.3f s/window), process"
          + " CPU %.3f s; forward 2x1x96^3: %.3f s%n", fwd4, fwd4 / 4, cpu4[0], fwd2);
      NullNetwork nothing = new NullNetwork(4, 2, 96 * 96 * 96);

      Object[][] configs = {{0.25, "gaussian"}, {0.5, "constant"}};
      for (Object[] c : configs) {
        SlidingWindowInferer sw =
            SlidingWindowInferer.of(96, 96, 96)
                .withSwBatchSize(4)
                .withOverlap((Double) c[0])
                .withMode((String) c[1])
                .withThreads(2);
        for (int i = 0; i < warmup; i++) {
          sw.inferVolume(input, net);
        }
        // our work alone, the network replaced by one that costs nothing
        List<Double> own = new ArrayList<>();
        List<Double> ownCpu = new ArrayList<>();
        for (int i = 0; i < warmup + runs; i++) {
          double c0 = processCpuSeconds();
          long t0 = System.nanoTime();
          sw.inferVolume(input, nothing);
          if (i >= warmup) {
            own.add((System.nanoTime() - t0) / 1e9);
            ownCpu.add(processCpuSeconds() - c0);
          }
        }
        System.gc();
        MemorySampler sampler = new MemorySampler();
        sampler.start();
        List<Double> totals = new ArrayList<>();
        List<Double> cpus = new ArrayList<>();
        List<Double> inside = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
          TimedNetwork tn = new TimedNetwork(net);
          double c0 = processCpuSeconds();
          long t0 = System.nanoTime();
          Volume out = sw.inferVolume(input, tn);
          totals.add((System.nanoTime() - t0) / 1e9);
          cpus.add(processCpuSeconds() - c0);
          inside.add(tn.nanos / 1e9);
          if (out.channels() != 2) {
            throw new IllegalStateException("expected 2 output channels");
          }
        }
        sampler.stop = true;
        sampler.join();
        int[] img = {192, 192, 128};
        int[][] starts =
            SlidingWindowInferer.windowStarts(img, new int[] {96, 96, 96},
                SlidingWindowInferer.scanInterval(img, new int[] {96, 96, 96},
                    new double[] {(Double) c[0], (Double) c[0], (Double) c[0]}));
        int windows = starts[0].length * starts[1].length * starts[2].length;
        double total = median(totals);
        double modelEst = windows * fwd4 / 4;
        List<Double> overheadRun = new ArrayList<>();
        for (int i = 0; i < totals.size(); i++) {
          overheadRun.add(totals.get(i) - inside.get(i));
        }
        double over = median(overheadRun);
        double ownMed = median(own);
        double cpuMed = median(cpus);
        double cpuModel = windows * cpu4[0] / 4;
        System.out.printf(Locale.ROOT,
            "overlap %.2f %-8s: %d windows, total median %.3f s (runs %s), process CPU %.3f s%n"
                + "    overhead = total - windows x forward/4: %.3f s (%.1f%% of total)%n"
                + "    overhead = total - time inside the network in that run: %.3f s (%.1f%%)%n"
                + "    overhead in CPU time = CPU - windows x forward CPU/4: %.3f s (%.1f%%)%n"
                + "    our work alone (network costs nothing): median %.3f s wall, %.3f s CPU"
                + " (runs %s) = %.1f%% of (it + windows x forward/4)%n"
                + "    peak sampled: heap used %s, direct buffers %s, process RSS %s%n",
            (Double) c[0], c[1], windows, total, fmt(totals), cpuMed, total - modelEst,
            100 * (total - modelEst) / total, over, 100 * over / total, cpuMed - cpuModel,
            100 * (cpuMed - cpuModel) / cpuMed, ownMed, median(ownCpu), fmt(own),
            100 * ownMed / (ownMed + modelEst),
            mib(sampler.maxHeap), mib(sampler.maxDirect), mib(sampler.maxRss));
      }
      long vox = 192L * 192 * 128;
      System.out.printf(Locale.ROOT,
          "volume-sized arrays: input %s, output 2 ch %s, count map %s; batch buffer %s%n",
          mib(vox * 4), mib(vox * 8), mib(vox * 4), mib(4L * 96 * 96 * 96 * 4));
    }
    if (monai) {
      runMonai(model, runs);
    }
  }

  /** Only our own work (no model): for profiling gather/blend. */
  static void ownOnly(Volume input, int warmup, int runs) {
    NullNetwork nothing = new NullNetwork(4, 2, 96 * 96 * 96);
    for (Object[] c : new Object[][] {{0.25, "gaussian"}, {0.5, "constant"}}) {
      SlidingWindowInferer sw = SlidingWindowInferer.of(96, 96, 96).withSwBatchSize(4)
          .withOverlap((Double) c[0]).withMode((String) c[1])
          .withThreads(Integer.getInteger("w5.threads", 2));
      List<Double> own = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      for (int i = 0; i < warmup + runs; i++) {
        double c0 = processCpuSeconds();
        long t0 = System.nanoTime();
        sw.inferVolume(input, nothing);
        if (i >= warmup) {
          own.add((System.nanoTime() - t0) / 1e9);
          cpu.add(processCpuSeconds() - c0);
        }
      }
      System.out.printf(Locale.ROOT, "own work, overlap %.2f %s: median %.3f s wall, %.3f s CPU"
          + " %s%n", (Double) c[0], c[1], median(own), median(cpu), fmt(own));
    }
  }

  static String fmt(List<Double> v) {
    StringBuilder sb = new StringBuilder("[");
    for (double d : v) {
      sb.append(sb.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", d));
    }
    return sb.append("]").toString();
  }

  static double forwardMedian(DjlNetwork net, int batch, int warmup, int runs, double[] cpu) {
    int n = batch * 96 * 96 * 96;
    ByteBuffer buf = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
    FloatBuffer f = buf.asFloatBuffer();
    RandomState rs = RandomState.of(7);
    for (int i = 0; i < n; i++) {
      f.put(i, (float) rs.rand());
    }
    int[] shape = {batch, 1, 96, 96, 96};
    for (int i = 0; i < warmup; i++) {
      net.forward(buf, shape).close();
    }
    List<Double> t = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      double c0 = processCpuSeconds();
      long t0 = System.nanoTime();
      try (NetworkOutput o = net.forward(buf, shape)) {
        if (!Arrays.equals(o.shape(0), new int[] {batch, 2, 96, 96, 96})) {
          throw new IllegalStateException("unexpected output " + Arrays.toString(o.shape(0)));
        }
      }
      t.add((System.nanoTime() - t0) / 1e9);
      c.add(processCpuSeconds() - c0);
    }
    cpu[0] = median(c);
    return median(t);
  }

  static void runMonai(Path model, int runs) throws IOException, InterruptedException {
    Path script = Paths.get("model-ops/src/test/resources/bench/make_w5_unet.py");
    if (!Files.exists(script)) {
      script = Paths.get("src/test/resources/bench/make_w5_unet.py");
    }
    Path dir = Files.createTempDirectory("w5-monai");
    ProcessBuilder pb =
        new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString(), "--time",
            "--runs", Integer.toString(runs));
    pb.environment().put("PYTHONPATH", "/work/monai-src");
    pb.redirectErrorStream(true);
    System.out.println("MONAI on the same machine (torch 1.13, 2 threads; a freshly scripted"
        + " copy of the same network):");
    Process p = pb.start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("{")) {
          System.out.println("    " + line);
        }
      }
    }
    System.out.println("    (exit " + p.waitFor() + ")");
  }
}
