package org.medbeam.io.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageSource;
import org.medbeam.io.nifti.NiftiReader;
import org.medbeam.io.nifti.NiftiWriter;

/**
 * Workload W1 of BENCHMARKS.md: load a 512x512x256 int16 CT-like {@code .nii.gz} (spacing 0.7,
 * 0.7, 1.25 mm) into a {@link Volume}.
 *
 * <p>The volume is generated from a fixed seed (a circular field of view padded with -1024, air
 * with noise, a body ellipse of soft tissue with smooth organ-like variation, lungs, spine, a
 * table; Gaussian noise as a scanner gives), written by {@link NiftiWriter} at nibabel's default
 * gzip level 1 (byte-identical to nibabel's own file), then: the median of the timed loads after
 * warm-up, with one thread and with all cores ({@link NiftiReader#withThreads}); the raw {@link Inflater} time of the same deflate stream into one preallocated array
 * (the single-stream bound any gzip reader has); and, when {@code /usr/bin/python3} has nibabel,
 * nibabel's {@code np.asanyarray(nib.load(f).dataobj)} on the same file in the same run, with
 * the default allocator and with freed memory kept resident ({@code MALLOC_MMAP_MAX_=0}).
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -q -B -o -pl beam-io -am test-compile
 * mvn -q -B -o -pl beam-io dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/cp.txt
 * java -Xms3g -Xmx3g -XX:+AlwaysPreTouch \
 *     -cp core/target/classes:beam-io/target/classes:beam-io/target/test-classes:$(cat beam-io/target/cp.txt) \
 *     org.medbeam.io.bench.NiftiLoadBench [work-dir] [runs]
 * </pre>
 */
public final class NiftiLoadBench {
  static final int X = 512;
  static final int Y = 512;
  static final int Z = 256;
  static final long SEED = 20261127L;

  private NiftiLoadBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int warmups = 3;
    Files.createDirectories(dir);
    Path file = dir.resolve("medbeam_w1_ct_512x512x256_int16.nii.gz");
    if (!Files.exists(file)) {
      long t0 = System.nanoTime();
      Volume ct = ctLike();
      long t1 = System.nanoTime();
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        NiftiWriter.create().write(ct, file.getFileName().toString(), out);
      }
      Files.move(tmp, file);
      System.out.printf(Locale.ROOT, "generated in %.1f s, written in %.1f s%n",
          (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
    }
    long decoded = 352L + 2L * X * Y * Z;
    long compressed = Files.size(file);
    System.out.printf(Locale.ROOT, "file %s: %.1f MB compressed, %.1f MB decoded, ratio %.2f%n",
        file, compressed / 1e6, decoded / 1e6, decoded / (double) compressed);

    int cores = Runtime.getRuntime().availableProcessors();
    long check = 0;
    double[] ours1 = new double[runs];
    double[] oursN = new double[runs];
    for (int threads : new int[] {1, cores}) {
      NiftiReader reader = NiftiReader.create().withThreads(threads);
      for (int i = 0; i < warmups; i++) {
        check += checksum(reader.read(ImageSource.of(file)));
      }
      double[] times = threads == 1 ? ours1 : oursN;
      for (int i = 0; i < runs; i++) {
        long t = System.nanoTime();
        Volume v = reader.read(ImageSource.of(file));
        times[i] = (System.nanoTime() - t) / 1e9;
        check += checksum(v);
      }
    }

    byte[] comp = Files.readAllBytes(file);
    byte[] out = new byte[(int) decoded];
    for (int i = 0; i < warmups; i++) {
      inflateAll(comp, out);
    }
    double[] inflate = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      inflateAll(comp, out);
      inflate[i] = (System.nanoTime() - t) / 1e9;
    }
    double inflateMedian = median(inflate);
    double ours1Median = median(ours1);
    double oursMedian = median(oursN);
    System.out.printf(Locale.ROOT, "medbeam NiftiReader, 1 thread   median %.3f s  (runs %s)%n",
        ours1Median, fmt(ours1));
    System.out.printf(Locale.ROOT, "medbeam NiftiReader, %d threads  median %.3f s  (runs %s)%n",
        cores, oursMedian, fmt(oursN));
    System.out.printf(Locale.ROOT, "raw Inflater, array to array    median %.3f s  (%.0f MB/s of "
        + "output; runs %s)%n", inflateMedian, decoded / 1e6 / inflateMedian, fmt(inflate));
    System.out.printf(Locale.ROOT, "medbeam / single-stream inflate bound: 1 thread %.2f, %d "
        + "threads %.2f%n", ours1Median / inflateMedian, cores, oursMedian / inflateMedian);

    double[] nib = nibabel(file, runs, false);
    double[] nibResident = nibabel(file, runs, true);
    if (nib != null) {
      System.out.printf(Locale.ROOT, "nibabel raw dataobj (default)   median %.3f s  (runs %s)%n",
          median(nib), fmt(nib));
    }
    if (nibResident != null) {
      double m = median(nibResident);
      System.out.printf(Locale.ROOT, "nibabel raw dataobj (resident)  median %.3f s  (runs %s)%n",
          m, fmt(nibResident));
      System.out.printf(Locale.ROOT, "medbeam / nibabel resident      1 thread %.2f, %d threads "
          + "%.2f  (W1 target <= 0.50)%n", ours1Median / m, cores, oursMedian / m);
    }
    if (nib == null && nibResident == null) {
      System.out.println("nibabel: /usr/bin/python3 with nibabel not available, skipped");
    }
    System.out.println("(checksum " + check + ")");
  }

  /** The synthetic CT: HU values, first index fastest, fixed seed. */
  static Volume ctLike() {
    short[] data = new short[X * Y * Z];
    SplittableRandom rnd = new SplittableRandom(SEED);
    double cx = (X - 1) / 2.0;
    double cy = (Y - 1) / 2.0;
    for (int z = 0; z < Z; z++) {
      double zn = (z - Z / 2.0) / (Z / 2.0);
      double taper = Math.sqrt(Math.max(0, 1 - 0.35 * zn * zn));
      for (int y = 0; y < Y; y++) {
        for (int x = 0; x < X; x++) {
          double dx = x - cx;
          double dy = y - cy;
          double hu;
          if (dx * dx + dy * dy > 250.0 * 250.0) {
            hu = -1024; // outside the reconstructed field of view
          } else {
            double bx = dx / (200 * taper);
            double by = (dy + 10) / (140 * taper);
            double body = bx * bx + by * by;
            if (dy > 150 && dy < 162) {
              hu = 150 + 12 * rnd.nextGaussian(); // table
            } else if (body > 1) {
              hu = -1000 + 6 * rnd.nextGaussian(); // air
            } else {
              double lx = (Math.abs(dx) - 85) / (60 * taper);
              double ly = (dy + 25) / (80 * taper);
              double sx = dx / 18;
              double sy = (dy - 95) / 18;
              if (zn < 0.4 && lx * lx + ly * ly < 1) {
                hu = -850 + 25 * rnd.nextGaussian(); // lungs
              } else if (sx * sx + sy * sy < 1) {
                hu = 450 + 60 * rnd.nextGaussian(); // spine
              } else if (body > 0.88) {
                hu = -90 + 15 * rnd.nextGaussian(); // subcutaneous fat
              } else {
                hu = 45 + 25 * Math.sin(x / 37.0) * Math.cos(y / 53.0) * Math.sin(z / 29.0)
                    + 12 * rnd.nextGaussian(); // soft tissue
              }
            }
          }
          data[x + X * (y + Y * z)] = (short) Math.round(hu);
        }
      }
    }
    Affine affine = Affine.of(
        -0.7, 0, 0, 178.5,
        0, -0.7, 0, 178.5,
        0, 0, 1.25, -160,
        0, 0, 0, 1);
    return Volume.wrap(data, DType.INT16, new int[] {1, X, Y, Z}, affine);
  }

  /** Inflates the single gzip member of {@code comp} (no optional header fields) into out. */
  static void inflateAll(byte[] comp, byte[] out) throws DataFormatException {
    if ((comp[3] & 0xFF) != 0) {
      throw new IllegalStateException("expected a gzip header without optional fields");
    }
    Inflater inf = new Inflater(true);
    try {
      inf.setInput(comp, 10, comp.length - 18);
      int n = 0;
      while (!inf.finished() && n < out.length) {
        n += inf.inflate(out, n, out.length - n);
      }
      if (n != out.length) {
        throw new IllegalStateException("inflated " + n + " of " + out.length);
      }
    } finally {
      inf.end();
    }
  }

  private static long checksum(Volume v) {
    short[] s = v.shorts();
    long h = 0;
    for (int i = 0; i < s.length; i += 4099) {
      h = 31 * h + s[i];
    }
    return h;
  }

  /** nibabel's raw int16 load timed in a python subprocess, or null when unavailable. */
  static double[] nibabel(Path file, int runs, boolean resident) throws IOException,
      InterruptedException {
    if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
      return null;
    }
    String script = String.join("\n",
        "import sys, time",
        "try:",
        "    import nibabel as nib, numpy as np",
        "except ImportError:",
        "    sys.exit(3)",
        "f, runs = sys.argv[1], int(sys.argv[2])",
        "for _ in range(3):",
        "    a = np.asanyarray(nib.load(f).dataobj); assert a.dtype == np.int16; del a",
        "ts = []",
        "for _ in range(runs):",
        "    t = time.perf_counter(); a = np.asanyarray(nib.load(f).dataobj)",
        "    ts.append(time.perf_counter() - t); del a",
        "print(' '.join('%.6f' % t for t in ts))");
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "-c", script, file.toString(),
        Integer.toString(runs)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (resident) {
      // glibc: never mmap large blocks and never trim, so freed arrays stay resident
      pb.environment().put("MALLOC_MMAP_MAX_", "0");
      pb.environment().put("MALLOC_TRIM_THRESHOLD_", "68719476736");
    }
    Process p = pb.start();
    String outText = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      return null;
    }
    return Arrays.stream(outText.split("\\s+")).mapToDouble(Double::parseDouble).toArray();
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String fmt(double[] v) {
    StringBuilder sb = new StringBuilder();
    for (double d : v) {
      sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", d));
    }
    return sb.toString();
  }
}
