package org.medbeam.io.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * table; Gaussian noise as a scanner gives; about 2.6:1 at level 1) and written by {@link
 * NiftiWriter} at nibabel's default gzip level 1 (byte-identical to nibabel's own file). Then,
 * interleaved run by run so that a shared machine's load falls on all alike, after warm-up:
 * medbeam's load with one thread and with all cores ({@link NiftiReader#withThreads}); the raw
 * {@link Inflater} time of the same deflate stream into one preallocated array (the
 * single-stream bound of any zlib-based reader); and, when {@code /usr/bin/python3} has
 * nibabel, nibabel's {@code np.asanyarray(nib.load(f).dataobj)} on the same file, with the
 * default allocator and with freed memory kept resident ({@code MALLOC_MMAP_MAX_=0}). Medians of
 * wall-clock and process CPU seconds are printed, and for the multi-threaded load the
 * critical-path CPU (the caller's CPU plus the busiest pool thread's), which estimates the wall
 * time on idle cores when the machine is shared.
 *
 * <p>Run from the repository root ({@code work-dir} defaults to {@code java.io.tmpdir}, where
 * the 51 MB file is generated once; {@code runs} defaults to 7):
 *
 * <pre>
 * mvn -q -B -o -pl beam-io -am test-compile
 * mvn -q -B -o -pl beam-io dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/cp.txt
 * java -Xms3g -Xmx3g -XX:+AlwaysPreTouch -cp core/target/classes:beam-io/target/classes:\
 * beam-io/target/test-classes:$(cat beam-io/target/cp.txt) \
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
    NiftiReader one = NiftiReader.create().withThreads(1);
    NiftiReader all = NiftiReader.create().withThreads(cores);
    byte[] comp = Files.readAllBytes(file);
    byte[] out = new byte[(int) decoded];
    Nibabel nibDefault = Nibabel.start(file, false);
    Nibabel nibResident = nibDefault == null ? null : Nibabel.start(file, true);
    long check = 0;
    // warm-up, then the five measurements interleaved run by run, so that the shared machine's
    // load falls on all of them alike
    double[][] t = new double[5][runs];
    double[][] cpu = new double[5][runs];
    double[] crit = new double[runs];
    for (int r = -warmups; r < runs; r++) {
      int i = Math.max(r, 0);
      long c0 = cpuNanos();
      long w0 = System.nanoTime();
      check += checksum(one.read(ImageSource.of(file)));
      long w1 = System.nanoTime();
      long c1 = cpuNanos();
      long[] before = threadCpu();
      check += checksum(all.read(ImageSource.of(file)));
      long w2 = System.nanoTime();
      long c2 = cpuNanos();
      long path = criticalPath(before, threadCpu());
      inflateAll(comp, out);
      long w3 = System.nanoTime();
      long c3 = cpuNanos();
      double[] nd = nibDefault == null ? new double[] {Double.NaN, Double.NaN}
          : nibDefault.load();
      double[] nr = nibResident == null ? new double[] {Double.NaN, Double.NaN}
          : nibResident.load();
      if (r >= 0) {
        t[0][i] = (w1 - w0) / 1e9;
        t[1][i] = (w2 - w1) / 1e9;
        t[2][i] = (w3 - w2) / 1e9;
        t[3][i] = nd[0];
        t[4][i] = nr[0];
        cpu[3][i] = nd[1];
        cpu[4][i] = nr[1];
        cpu[0][i] = (c1 - c0) / 1e9;
        cpu[1][i] = (c2 - c1) / 1e9;
        cpu[2][i] = (c3 - c2) / 1e9;
        crit[i] = path / 1e9;
      }
    }
    if (nibDefault != null) {
      nibDefault.close();
      nibResident.close();
    }
    double one1 = median(t[0]);
    double allN = median(t[1]);
    double inflate = median(t[2]);
    System.out.printf(Locale.ROOT, "%d cores; medians of %d interleaved runs after %d warm-ups "
        + "(wall s; process CPU s)%n", cores, runs, warmups);
    System.out.printf(Locale.ROOT, "medbeam NiftiReader, 1 thread   %.3f  cpu %.3f  (%s)%n",
        one1, median(cpu[0]), fmt(t[0]));
    System.out.printf(Locale.ROOT, "medbeam NiftiReader, %d threads  %.3f  cpu %.3f  critical-path "
        + "cpu %.3f  (%s)%n", cores, allN, median(cpu[1]), median(crit), fmt(t[1]));
    System.out.printf(Locale.ROOT, "raw Inflater, array to array    %.3f  cpu %.3f  (%s; %.0f MB/s"
        + " of output)%n", inflate, median(cpu[2]), fmt(t[2]), decoded / 1e6 / inflate);
    System.out.printf(Locale.ROOT, "medbeam / single-stream inflate bound: 1 thread %.2f, %d "
        + "threads %.2f%n", one1 / inflate, cores, allN / inflate);
    if (nibDefault == null) {
      System.out.println("nibabel: /usr/bin/python3 with nibabel not available, skipped");
    } else {
      double nd = median(t[3]);
      double nr = median(t[4]);
      System.out.printf(Locale.ROOT, "nibabel raw dataobj (default)   %.3f  cpu %.3f  (%s)%n", nd,
          median(cpu[3]), fmt(t[3]));
      System.out.printf(Locale.ROOT, "nibabel raw dataobj (resident)  %.3f  cpu %.3f  (%s)%n", nr,
          median(cpu[4]), fmt(t[4]));
      double strict = Math.min(nd, nr);
      double strictCpu = Math.min(median(cpu[3]), median(cpu[4]));
      System.out.printf(Locale.ROOT, "medbeam / nibabel, stricter column (W1 target <= 0.50): "
          + "wall 1 thread %.2f, %d threads %.2f; cpu 1 thread %.2f, %d threads (critical path) "
          + "%.2f%n", one1 / strict, cores, allN / strict, median(cpu[0]) / strictCpu, cores,
          median(crit) / strictCpu);
    }
    System.out.println("(checksum " + check + ")");
  }

  /** CPU nanoseconds of every live Java thread, by thread id. */
  private static long[] threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long[] ids = mx.getAllThreadIds();
    long max = 0;
    for (long id : ids) {
      max = Math.max(max, id);
    }
    long[] cpu = new long[(int) max + 1];
    for (long id : ids) {
      cpu[(int) id] = Math.max(0, mx.getThreadCpuTime(id));
    }
    return cpu;
  }

  /**
   * The wall-clock time a load would take on idle cores, estimated from CPU time: the calling
   * thread's CPU plus the largest CPU of any other thread (the pool threads run concurrently;
   * the caller waits for them). On a loaded, shared machine this is steadier than wall time.
   */
  private static long criticalPath(long[] before, long[] after) {
    long self = Thread.currentThread().getId();
    long caller = 0;
    long most = 0;
    for (int id = 0; id < after.length; id++) {
      long d = after[id] - (id < before.length ? before[id] : 0);
      if (id == self) {
        caller = d;
      } else {
        most = Math.max(most, d);
      }
    }
    return caller + most;
  }

  private static long cpuNanos() {
    java.lang.management.OperatingSystemMXBean os =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
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

  /**
   * A python process that loads the file with nibabel on request ({@code
   * np.asanyarray(nib.load(f).dataobj)}) and reports the seconds; {@code resident} keeps freed
   * memory in the process (glibc never maps large blocks and never trims), the state a warmed JVM
   * heap is in.
   */
  static final class Nibabel implements AutoCloseable {
    private static final String SCRIPT = String.join("\n",
        "import sys, time",
        "import nibabel as nib, numpy as np",
        "f = sys.argv[1]",
        "print('ready', flush=True)",
        "for line in sys.stdin:",
        "    c = time.process_time(); t = time.perf_counter()",
        "    a = np.asanyarray(nib.load(f).dataobj)",
        "    dt = time.perf_counter() - t; dc = time.process_time() - c",
        "    assert a.dtype == np.int16 and a.shape == (512, 512, 256); del a",
        "    print('%.6f %.6f' % (dt, dc), flush=True)");
    private final Process process;
    private final java.io.BufferedReader in;
    private final java.io.Writer out;

    private Nibabel(Process p) {
      this.process = p;
      this.in = new java.io.BufferedReader(
          new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      this.out = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    }

    static Nibabel start(Path file, boolean resident) throws IOException {
      if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
        return null;
      }
      ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT, file.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      if (resident) {
        pb.environment().put("MALLOC_MMAP_MAX_", "0");
        pb.environment().put("MALLOC_TRIM_THRESHOLD_", "68719476736");
      }
      Nibabel n = new Nibabel(pb.start());
      String ready = n.in.readLine();
      if (!"ready".equals(ready)) {
        n.close();
        return null; // no nibabel
      }
      return n;
    }

    /** One load: {wall seconds, CPU seconds}. */
    double[] load() throws IOException {
      out.write("load\n");
      out.flush();
      String[] f = in.readLine().trim().split(" ");
      return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    @Override
    public void close() throws IOException {
      out.close();
      try {
        process.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process.destroy();
    }
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
