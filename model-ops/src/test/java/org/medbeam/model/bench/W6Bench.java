package org.medbeam.model.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.model.metrics.DiceMetric;
import org.medbeam.model.metrics.HausdorffDistanceMetric;
import org.medbeam.model.metrics.SurfaceDistanceMetric;

/**
 * Benchmark W6 (BENCHMARKS.md): {@code DiceMetric}, {@code HausdorffDistanceMetric(percentile=95)}
 * and {@code SurfaceDistanceMetric(symmetric=True)} on two one-hot 1×2×192×192×128 masks (two
 * overlapping blob-like ellipsoids with perturbed boundaries, fixed seed), median of the timed runs
 * after warm-up. Each timed run is a fresh metric object: {@code metric(y_pred=[p], y=[l])} then
 * {@code aggregate()}, MONAI's usage.
 *
 * <p>Run from the repository root:
 *
 * <pre>
 * mvn -o -q -pl model-ops -am test-compile
 * mvn -o -q -pl model-ops -am dependency:build-classpath -Dmdep.outputFile=target/bench.cp
 * CP="core/target/classes:model-ops/target/classes:model-ops/target/test-classes"
 * java -Xmx4g -cp "$CP:$(cat model-ops/target/bench.cp)" org.medbeam.model.bench.W6Bench --monai
 * </pre>
 *
 * Options: {@code --runs N} (default 7, at least 5), {@code --warmup N} (3), {@code --threads N}
 * (intra-op threads, 2 like the reference machine), {@code --dtype float32|uint8} (mask storage,
 * default float32 as MONAI's one-hot tensors). {@code --monai} also times MONAI 1.4.0 on the very
 * same masks in a Python subprocess ({@code /usr/bin/python3}, {@code PYTHONPATH=$MONAI_SRC} or
 * /work/monai-src, {@code torch.set_num_threads(threads)}), for a same-machine ratio. {@code --cpu}
 * times CPU seconds instead of wall seconds, single-threaded on both sides (Java thread CPU time,
 * Python {@code time.process_time}): a figure that a loaded, shared machine disturbs much less.
 */
public final class W6Bench {
  static final int X = 192;
  static final int Y = 192;
  static final int Z = 128;

  private W6Bench() {}

  /**
   * A blob: ellipsoid {@code sum(((p - c) / r)^2) <= 1 + amp * f(p)} with {@code f} a sum of seeded
   * low-frequency sinusoids (a perturbed boundary).
   */
  static byte[] blob(double[] c, double[] r, double amp, long seed) {
    Random rnd = new Random(seed);
    int waves = 6;
    double[][] k = new double[waves][3];
    double[] ph = new double[waves];
    for (int w = 0; w < waves; w++) {
      for (int a = 0; a < 3; a++) {
        k[w][a] = (rnd.nextDouble() * 2 - 1) * 0.12;
      }
      ph[w] = rnd.nextDouble() * 2 * Math.PI;
    }
    byte[] m = new byte[X * Y * Z];
    for (int z = 0; z < Z; z++) {
      for (int y = 0; y < Y; y++) {
        for (int x = 0; x < X; x++) {
          double dx = (x - c[0]) / r[0];
          double dy = (y - c[1]) / r[1];
          double dz = (z - c[2]) / r[2];
          double d = dx * dx + dy * dy + dz * dz;
          if (d > 1.6) {
            continue;
          }
          double f = 0;
          for (int w = 0; w < waves; w++) {
            f += Math.sin(k[w][0] * x + k[w][1] * y + k[w][2] * z + ph[w]);
          }
          if (d <= 1 + amp * f / waves) {
            m[x + X * (y + Y * z)] = 1;
          }
        }
      }
    }
    return m;
  }

  /** One-hot (2, X, Y, Z) of a foreground mask, in the requested dtype. */
  static Volume oneHot(byte[] fg, DType dtype) {
    int n = fg.length;
    Affine a = Affine.identity();
    if (dtype == DType.UINT8) {
      byte[] d = new byte[2 * n];
      for (int i = 0; i < n; i++) {
        d[i] = (byte) (1 - fg[i]);
        d[n + i] = fg[i];
      }
      return Volume.wrap(d, DType.UINT8, new int[] {2, X, Y, Z}, a);
    }
    float[] d = new float[2 * n];
    for (int i = 0; i < n; i++) {
      d[i] = 1 - fg[i];
      d[n + i] = fg[i];
    }
    return Volume.wrap(d, DType.FLOAT32, new int[] {2, X, Y, Z}, a);
  }

  static byte[] labelMask() {
    return blob(new double[] {96, 96, 64}, new double[] {62, 50, 40}, 0.35, 20261127L);
  }

  static byte[] predMask() {
    return blob(new double[] {99, 93, 66}, new double[] {58, 53, 38}, 0.35, 7L);
  }

  interface Body {
    double run();
  }

  static double[] time(Body b, int warmup, int runs, boolean cpu) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    double sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += b.run();
    }
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime();
      sink += b.run();
      t[i] = ((cpu ? mx.getCurrentThreadCpuTime() : System.nanoTime()) - t0) / 1e9;
    }
    if (sink == 42.4242) {
      System.out.println("");
    }
    return t;
  }

  static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  public static void main(String[] args) throws Exception {
    int runs = 7;
    int warmup = 3;
    int threads = 2;
    boolean monai = false;
    boolean cpu = false;
    DType dtype = DType.FLOAT32;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs":
          runs = Integer.parseInt(args[++i]);
          break;
        case "--warmup":
          warmup = Integer.parseInt(args[++i]);
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--dtype":
          dtype = DType.valueOf(args[++i].toUpperCase());
          break;
        case "--monai":
          monai = true;
          break;
        case "--cpu":
          cpu = true;
          break;
        default:
          throw new IllegalArgumentException(
              "unknown argument "
                  + args[i]
                  + "; use --runs N --warmup N --threads N "
                  + "--dtype float32|uint8 --monai --cpu");
      }
    }
    if (cpu) {
      threads = 1; // CPU time of this thread only means something single-threaded
    }
    if (runs < 5) {
      throw new IllegalArgumentException("--runs must be >= 5 (median of >= 5 runs), got " + runs);
    }
    byte[] lab = labelMask();
    byte[] pred = predMask();
    List<Volume> p = List.of(oneHot(pred, dtype));
    List<Volume> l = List.of(oneHot(lab, dtype));
    final int th = threads;
    System.out.printf(
        "W6 masks 1x2x%dx%dx%d %s, foreground pred %d label %d voxels; "
            + "threads %d, %d warm-up + %d timed runs, median %s%n",
        X,
        Y,
        Z,
        dtype.numpyName(),
        count(pred),
        count(lab),
        threads,
        warmup,
        runs,
        cpu ? "CPU time" : "wall time");
    String[] names = {
      "DiceMetric",
      "HausdorffDistanceMetric(percentile=95)",
      "SurfaceDistanceMetric(symmetric=True)"
    };
    Body[] bodies = {
      () -> {
        DiceMetric m = DiceMetric.create().withThreads(th);
        m.call(p, l);
        return m.aggregate().item();
      },
      () -> {
        HausdorffDistanceMetric m =
            HausdorffDistanceMetric.create().withPercentile(95.0).withThreads(th);
        m.call(p, l);
        return m.aggregate().item();
      },
      () -> {
        SurfaceDistanceMetric m =
            SurfaceDistanceMetric.create().withSymmetric(true).withThreads(th);
        m.call(p, l);
        return m.aggregate().item();
      }
    };
    double[] ours = new double[3];
    for (int k = 0; k < 3; k++) {
      double value = bodies[k].run();
      ours[k] = median(time(bodies[k], warmup, runs, cpu));
      System.out.printf("medbeam %-40s %8.4f s   value %.6f%n", names[k], ours[k], value);
    }
    if (monai) {
      double[] ref = runMonai(pred, lab, threads, warmup, runs, dtype, cpu);
      for (int k = 0; k < 3; k++) {
        System.out.printf(
            "MONAI   %-40s %8.4f s   ratio medbeam/MONAI %.3f%n",
            names[k], ref[k], ours[k] / ref[k]);
      }
    }
  }

  static int count(byte[] m) {
    int n = 0;
    for (byte b : m) {
      n += b;
    }
    return n;
  }

  /** Times MONAI on the same masks (raw bytes handed over in a temp directory). */
  static double[] runMonai(
      byte[] pred, byte[] lab, int threads, int warmup, int runs, DType dtype, boolean cpu)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("w6bench");
    try {
      Files.write(dir.resolve("pred.u8"), pred);
      Files.write(dir.resolve("label.u8"), lab);
      Path script = dir.resolve("w6_monai.py");
      Files.write(script, MONAI_SCRIPT.getBytes(StandardCharsets.UTF_8));
      String src = System.getenv().getOrDefault("MONAI_SRC", "/work/monai-src");
      ProcessBuilder pb =
          new ProcessBuilder(
              "/usr/bin/python3",
              script.toString(),
              dir.toString(),
              Integer.toString(X),
              Integer.toString(Y),
              Integer.toString(Z),
              Integer.toString(threads),
              Integer.toString(warmup),
              Integer.toString(runs),
              dtype.numpyName(),
              cpu ? "process_time" : "perf_counter");
      pb.environment().put("PYTHONPATH", src);
      pb.redirectErrorStream(true);
      Process proc = pb.start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      }
      if (proc.waitFor() != 0) {
        throw new IOException("MONAI timing failed:\n" + String.join("\n", lines));
      }
      double[] out = new double[3];
      int k = 0;
      for (String line : lines) {
        if (line.startsWith("W6 ")) {
          String[] f = line.split(" ");
          out[k++] = Double.parseDouble(f[2]);
          System.out.println("        (MONAI value " + f[3] + ")");
        }
      }
      if (k != 3) {
        throw new IOException("unexpected MONAI output:\n" + String.join("\n", lines));
      }
      return out;
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
      }
    }
  }

  static final String MONAI_SCRIPT =
      String.join(
          "\n",
          "import sys, time, warnings",
          "import numpy as np, torch",
          "warnings.filterwarnings('ignore')",
          "from monai.metrics import DiceMetric, HausdorffDistanceMetric, SurfaceDistanceMetric",
          "d, X, Y, Z, th, warm, runs, dt = sys.argv[1], *map(int, sys.argv[2:8]), sys.argv[8]",
          "clock = getattr(time, sys.argv[9])",
          "torch.set_num_threads(th)",
          "def load(n):",
          "    fg = np.fromfile(f'{d}/{n}.u8', dtype=np.uint8).reshape(Z, Y, X).transpose(2, 1, 0)",
          "    oh = np.stack([1 - fg, fg])[None].astype(dt)",
          "    return torch.as_tensor(np.ascontiguousarray(oh))",
          "p, l = load('pred'), load('label')",
          "for name, make in (('dice', lambda: DiceMetric()),",
          "                   ('hd95', lambda: HausdorffDistanceMetric(percentile=95)),",
          "                   ('asd', lambda: SurfaceDistanceMetric(symmetric=True))):",
          "    def once():",
          "        m = make(); m(y_pred=p, y=l); return m.aggregate().item()",
          "    for _ in range(warm): once()",
          "    ts = []",
          "    for _ in range(runs):",
          "        t0 = clock(); v = once(); ts.append(clock() - t0)",
          "    print('W6', name, np.median(ts), v, flush=True)",
          "");
}
