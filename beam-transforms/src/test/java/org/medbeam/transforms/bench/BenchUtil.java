package org.medbeam.transforms.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.function.Supplier;

/** Timing helpers shared by the spatial benchmarks: warm-up, then the median of timed runs. */
final class BenchUtil {
  private BenchUtil() {}

  /** Median wall-clock and process-CPU seconds of a workload. */
  static final class Timing {
    final double wall;
    final double cpu;

    Timing(double wall, double cpu) {
      this.wall = wall;
      this.cpu = cpu;
    }

    @Override
    public String toString() {
      return String.format("%.3f s  (process CPU %.3f s)", wall, cpu);
    }
  }

  /**
   * Runs {@code work} {@code warmup} times untimed, then {@code runs} times; median wall and
   * process-CPU seconds (CPU time shows how much of the wall time a loaded machine took away).
   */
  static Timing time(int warmup, int runs, Supplier<Object> work) {
    Object sink = null;
    for (int i = 0; i < warmup; i++) {
      sink = work.get();
    }
    double[] t = new double[runs];
    double[] c = new double[runs];
    for (int i = 0; i < runs; i++) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      sink = work.get();
      t[i] = (System.nanoTime() - t0) / 1e9;
      c[i] = (processCpuNanos() - c0) / 1e9;
    }
    if (sink == null) {
      throw new IllegalStateException("benchmark produced nothing");
    }
    return new Timing(median(t), median(c));
  }

  static double median(double[] v) {
    double[] t = v.clone();
    Arrays.sort(t);
    int n = t.length;
    return n % 2 == 1 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
  }

  static long processCpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean) {
      return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
    }
    return 0;
  }

  /** One line about the machine's state: cores and load average. */
  static String machine() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return String.format("%d cores, load average %.2f, %s", os.getAvailableProcessors(),
        os.getSystemLoadAverage(), java.time.LocalDate.now());
  }

  static int intArg(String[] args, String name, int def) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return def;
  }

  static boolean flag(String[] args, String name) {
    return Arrays.asList(args).contains(name);
  }

  /**
   * Runs a Python snippet (MONAI on the same machine) and returns its last output line; the
   * interpreter is {@code -Dmonai.python} (default /usr/bin/python3), MONAI's source {@code
   * -Dmonai.src} (default /work/monai-src).
   */
  static String python(String code) throws IOException, InterruptedException {
    File f = File.createTempFile("medbeam-bench", ".py");
    try {
      Files.writeString(f.toPath(), code, StandardCharsets.UTF_8);
      ProcessBuilder pb =
          new ProcessBuilder(System.getProperty("monai.python", "/usr/bin/python3"), f.getPath());
      pb.environment().put("PYTHONPATH", System.getProperty("monai.src", "/work/monai-src"));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String last = null;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (!line.isBlank()) {
            last = line;
          }
        }
      }
      int rc = p.waitFor();
      if (rc != 0) {
        throw new IOException("python exited with " + rc + ": " + last);
      }
      return last;
    } finally {
      Files.deleteIfExists(f.toPath());
    }
  }
}
