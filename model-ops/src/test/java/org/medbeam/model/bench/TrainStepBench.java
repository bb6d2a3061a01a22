package org.medbeam.model.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.medbeam.model.losses.DiceCELoss;
import org.medbeam.model.networks.NamedParameters;
import org.medbeam.model.networks.TorchOps;
import org.medbeam.model.networks.nets.UNet;
import org.medbeam.model.optimizers.Novograd;

/**
 * One training step (forward, {@code DiceCELoss(to_onehot_y, softmax)}, backward, Novograd step) of
 * the W5 network, MONAI's {@code UNet(3, 1, 2, (16, 32, 64, 128, 256), (2, 2, 2, 2),
 * num_res_units=2)}, on a batch {@code 2 x 1 x 96^3} (seeded random image, two-class label). Median
 * of the timed runs after warm-up.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -o -q -pl model-ops -am test-compile
 * mvn -o -q -pl model-ops dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * CP="core/target/classes:beam-io/target/classes:beam-transforms/target/classes:model-ops/target/classes"
 * java -Xmx4g -Dai.djl.offline=true -cp "$CP:model-ops/target/test-classes:$(cat model-ops/target/bench.cp)" \
 *     org.medbeam.model.bench.TrainStepBench --monai
 * </pre>
 *
 * Options: {@code --runs N} (default 5, at least 5), {@code --warmup N} (2), {@code --threads N}
 * (PyTorch intra-op threads, default the core count), {@code --size N} (cube edge, 96), {@code
 * --batch N} (2). {@code --monai} also times MONAI 1.4.0 with Debian's torch 1.13 on the same
 * network, loss, optimizer and shapes in a Python subprocess ({@code /usr/bin/python3}, {@code
 * PYTHONPATH=$MONAI_SRC} or /work/monai-src, {@code torch.set_num_threads(threads)}). The engines
 * differ (libtorch 2.7.1 under DJL vs torch 1.13), so the ratio measures engines as much as
 * medbeam. {@code --cpu} reports process CPU seconds (all threads) instead of wall seconds, which a
 * loaded, shared machine disturbs less.
 */
public final class TrainStepBench {
  private TrainStepBench() {}

  public static void main(String[] args) throws Exception {
    int runs = 5;
    int warmup = 2;
    int threads = Runtime.getRuntime().availableProcessors();
    int size = 96;
    int batch = 2;
    boolean monai = false;
    boolean cpu = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs":
          runs = Math.max(5, Integer.parseInt(args[++i]));
          break;
        case "--warmup":
          warmup = Integer.parseInt(args[++i]);
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--size":
          size = Integer.parseInt(args[++i]);
          break;
        case "--batch":
          batch = Integer.parseInt(args[++i]);
          break;
        case "--monai":
          monai = true;
          break;
        case "--cpu":
          cpu = true;
          break;
        default:
          throw new IllegalArgumentException(
              "unknown option "
                  + args[i]
                  + "; accepted: --runs N --warmup N --threads N --size N --batch N --monai --cpu");
      }
    }
    System.setProperty("ai.djl.offline", "true");
    Engine engine = Engine.getEngine("PyTorch");
    TorchOps.setNumThreads(threads);
    engine.setRandomSeed(0);
    System.out.printf(
        Locale.ROOT,
        "TrainStepBench: W5 UNet, batch %d x 1 x %d^3, DiceCELoss + Novograd, %d threads,"
            + " engine %s %s, %s%n",
        batch,
        size,
        threads,
        engine.getEngineName(),
        engine.getVersion(),
        cpu ? "process CPU seconds" : "wall seconds");

    double[] ours = timeDjl(runs, warmup, size, batch, cpu);
    System.out.printf(
        Locale.ROOT, "medbeam/DJL   median %.3f s  runs %s%n", median(ours), fmt(ours));
    if (monai) {
      double[] ref = timeMonai(runs, warmup, size, batch, threads, cpu);
      System.out.printf(
          Locale.ROOT, "MONAI/torch   median %.3f s  runs %s%n", median(ref), fmt(ref));
      System.out.printf(Locale.ROOT, "ratio medbeam / MONAI = %.2f%n", median(ours) / median(ref));
    }
  }

  static double[] timeDjl(int runs, int warmup, int size, int batch, boolean cpu) {
    UNet net =
        UNet.builder(3, 1, 2, new int[] {16, 32, 64, 128, 256}, new int[] {2, 2, 2, 2})
            .numResUnits(2)
            .build();
    System.out.println("parameters: " + NamedParameters.count(net));
    Shape shape = new Shape(batch, 1, size, size, size);
    double[] times = new double[runs];
    try (Model model = Model.newInstance("w5", "PyTorch");
        Novograd opt = Novograd.builder().lr(1e-3).build()) {
      model.setBlock(net);
      DiceCELoss loss = DiceCELoss.builder().toOnehotY(true).softmax(true).build();
      try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(opt))) {
        trainer.initialize(shape);
        NDManager m = trainer.getManager();
        NDArray x = m.randomNormal(shape);
        NDArray y = m.randomUniform(0f, 1f, shape).gt(0.7f).toType(DataType.FLOAT32, false);
        for (int i = -warmup; i < runs; i++) {
          long t0 = cpu ? processCpuNanos() : System.nanoTime();
          try (NDManager step = m.newSubManager()) {
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDList pred = trainer.forward(new NDList(x), new NDList(y));
              NDArray l = trainer.getLoss().evaluate(new NDList(y), pred);
              gc.backward(l);
              l.getFloat(); // the loss value, as a training loop reads it
            }
            trainer.step();
          }
          long t1 = cpu ? processCpuNanos() : System.nanoTime();
          if (i >= 0) {
            times[i] = (t1 - t0) / 1e9;
          }
        }
      }
    }
    return times;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static final String PYTHON =
      String.join(
          "\n",
          "import sys, time, statistics, torch",
          "from monai.networks.nets import UNet",
          "from monai.losses import DiceCELoss",
          "from monai.optimizers import Novograd",
          "runs, warmup, size, batch, threads, cpu = (int(a) for a in sys.argv[1:7])",
          "torch.set_num_threads(threads)",
          "torch.manual_seed(0)",
          "net = UNet(3, 1, 2, (16, 32, 64, 128, 256), (2, 2, 2, 2), num_res_units=2)",
          "net.train()",
          "loss_fn = DiceCELoss(to_onehot_y=True, softmax=True)",
          "opt = Novograd(net.parameters(), lr=1e-3)",
          "x = torch.randn(batch, 1, size, size, size)",
          "y = (torch.rand(batch, 1, size, size, size) > 0.7).float()",
          "clock = time.process_time if cpu else time.perf_counter",
          "times = []",
          "for i in range(warmup + runs):",
          "    t0 = clock()",
          "    opt.zero_grad()",
          "    loss = loss_fn(net(x), y)",
          "    loss.backward()",
          "    loss.item()",
          "    opt.step()",
          "    t1 = clock()",
          "    if i >= warmup:",
          "        times.append(t1 - t0)",
          "print('TIMES ' + ' '.join('%.6f' % t for t in times))",
          "");

  static double[] timeMonai(int runs, int warmup, int size, int batch, int threads, boolean cpu)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("medbeam-trainstep", ".py");
    try {
      Files.writeString(script, PYTHON);
      ProcessBuilder pb =
          new ProcessBuilder(
              "/usr/bin/python3",
              script.toString(),
              Integer.toString(runs),
              Integer.toString(warmup),
              Integer.toString(size),
              Integer.toString(batch),
              Integer.toString(threads),
              cpu ? "1" : "0");
      String src = System.getenv().getOrDefault("MONAI_SRC", "/work/monai-src");
      pb.environment().put("PYTHONPATH", src);
      pb.redirectErrorStream(true);
      Process p = pb.start();
      List<String> out = new ArrayList<>();
      double[] times = null;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          out.add(line);
          if (line.startsWith("TIMES ")) {
            times =
                Arrays.stream(line.substring(6).trim().split(" "))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
          }
        }
      }
      int rc = p.waitFor();
      if (rc != 0 || times == null) {
        throw new IOException(
            "MONAI reference failed (exit " + rc + "):\n" + String.join("\n", out));
      }
      return times;
    } finally {
      Files.deleteIfExists(script);
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String fmt(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", v[i]));
    }
    return sb.append(']').toString();
  }
}
