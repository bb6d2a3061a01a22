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

  /** Runs {@code work} {@code warmup} times untimed, then {@code runs} times; median seconds. */
  static double median(int warmup, int runs, Supplier<Object> work) {
    Object sink = null;
    for (int i = 0; i < warmup; i++) {
      sink = work.get();
    }
    double[] t = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      sink = work.get();
      t[i] = (System.nanoTime() - t0) / 1e9;
    }
    if (sink == null) {
      throw new IllegalStateException("benchmark produced nothing");
    }
    Arrays.sort(t);
    return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
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
