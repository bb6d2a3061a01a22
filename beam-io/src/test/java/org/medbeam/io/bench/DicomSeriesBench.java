package org.medbeam.io.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.io.dicom.DicomSeries;
import org.medbeam.io.dicom.DicomSeriesReader;
import org.medbeam.io.dicom.DicomSeriesWriter;

/**
 * Benchmark W7 (BENCHMARKS.md): a 200-slice 512 x 512 int16 CT series, one file per slice, into
 * one volume with its affine — header scan, grouping, slice ordering and pixel assembly, warm
 * page cache, in one JVM after warm-up; median of the timed runs. The same folder is then
 * converted by {@code dcm2niix -z n} and read by pydicom (read + sort + stack) when those are on
 * this machine, so the ratios are measured side by side.
 *
 * <p>Two variants: {@code raw} (no modality LUT: an int16 volume) and {@code hu} (RescaleIntercept
 * -1024: a float32 volume, MONAI's PydicomReader semantics).
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -q -B -o -pl beam-io -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * CP="$(cat beam-io/target/cp.txt):beam-io/target/test-classes:beam-io/target/classes"
 * java -Xmx3g -cp "$CP:core/target/classes" org.medbeam.io.bench.DicomSeriesBench [runs] [slices]
 * </pre>
 */
public final class DicomSeriesBench {
  private DicomSeriesBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    int slices = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path root = Files.createTempDirectory("medbeam-w7-");
    try {
      System.out.printf(Locale.ROOT, "W7: %d slices of 512 x 512 int16, %d timed runs after 3 "
          + "warm-up runs, %d cores%n", slices, runs, Runtime.getRuntime().availableProcessors());
      boolean haveDcm2niix = which("dcm2niix") != null;
      boolean havePython = Files.isExecutable(Path.of("/usr/bin/python3"));
      for (String variant : new String[] {"raw", "hu"}) {
        Path dir = root.resolve(variant);
        write(dir, slices, variant.equals("hu"));
        for (int threads : new int[] {1, 2}) {
          // medbeam and dcm2niix alternate run by run, so both see the same machine load
          DicomSeriesReader reader = DicomSeriesReader.create().withThreads(threads);
          for (int i = 0; i < 3; i++) {
            readOnce(reader, dir);
          }
          double[] ours = new double[runs];
          double[] theirs = new double[runs];
          double[] ratio = new double[runs];
          for (int i = 0; i < runs; i++) {
            ours[i] = readOnce(reader, dir);
            theirs[i] = haveDcm2niix ? runProcess(root, "dcm2niix", "-z", "n", "-b", "n", "-o",
                root.resolve("nii").toString(), dir.toString()) : Double.NaN;
            ratio[i] = ours[i] / theirs[i];
          }
          System.out.printf(Locale.ROOT, "%-3s threads=%d  medbeam median %.3f s (min %.3f)   "
              + "dcm2niix -z n median %.3f s (min %.3f)   medbeam/dcm2niix per run: median "
              + "%.2f%n", variant, threads, median(ours), min(ours), median(theirs),
              min(theirs), median(ratio));
        }
        if (havePython) {
          double[] py = new double[Math.min(runs, 5)];
          double[] empty = new double[py.length];
          for (int i = 0; i < py.length; i++) {
            py[i] = runProcess(root, "/usr/bin/python3", "-c", PYDICOM, dir.toString());
            empty[i] = runProcess(root, "/usr/bin/python3", "-c", "import numpy, pydicom");
          }
          System.out.printf(Locale.ROOT, "%-3s pydicom read+sort+stack: median %.3f s (process "
              + "time minus the median start-up of an empty script)%n", variant,
              median(py) - median(empty));
        }
      }
    } finally {
      deleteTree(root);
    }
  }

  /** pydicom read + sort by position along the normal + stack, as the reference row measures. */
  private static final String PYDICOM = String.join("\n",
      "import sys, glob, numpy as np, pydicom",
      "ds = [pydicom.dcmread(f) for f in glob.glob(sys.argv[1] + '/*')]",
      "n = np.cross(np.array(ds[0].ImageOrientationPatient[:3], float),",
      "             np.array(ds[0].ImageOrientationPatient[3:], float))",
      "ds.sort(key=lambda d: float(np.dot(np.array(d.ImagePositionPatient, float), n)))",
      "v = np.stack([d.pixel_array for d in ds])");

  private static void write(Path dir, int slices, boolean hu) throws IOException {
    int nx = 512;
    int ny = 512;
    RandomState rs = RandomState.of(7);
    float[] noise = new float[nx * ny];
    rs.fillNormal(noise, 0, 20);
    float[] hounsfield = new float[nx * ny * slices];
    // a body-like disc in air plus noise: CT-like values
    for (int z = 0; z < slices; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++) {
          double r = Math.hypot(x - 256, y - 256);
          double v = r < 200 ? 40 + 30 * Math.sin(z * 0.05 + x * 0.02) : -1000;
          hounsfield[x + nx * (y + ny * z)] =
              (float) Math.rint(v + noise[(x * 7 + y * 13 + z) % (nx * ny)]);
        }
      }
    }
    Affine a = Affine.of(-0.7, 0, 0, 180, 0, -0.7, 0, 200, 0, 0, 1.25, -300, 0, 0, 0, 1);
    int[] shape = {1, nx, ny, slices};
    DicomSeriesWriter w = DicomSeriesWriter.create().withModality("CT")
        .withUidSeed("w7-" + (hu ? "hu" : "raw")).withFileNamePattern("IM%05d");
    if (hu) {
      // stored = HU + 1024, RescaleIntercept -1024: read back as float32 HU
      w.withRescale(1, -1024).write(Volume.wrap(hounsfield, DType.FLOAT32, shape, a), dir);
    } else {
      short[] raw = new short[hounsfield.length];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = (short) hounsfield[i];
      }
      w.write(Volume.wrap(raw, DType.INT16, shape, a), dir);
    }
  }

  /** One scan + assembly of the folder; seconds. */
  private static double readOnce(DicomSeriesReader reader, Path dir) throws Exception {
    long start = System.nanoTime();
    DicomSeriesReader.ScanResult scan = reader.scan(dir);
    DicomSeries s = scan.series().get(0);
    Volume v = reader.read(s);
    long end = System.nanoTime();
    if (v.shape(3) != s.sliceCount() || !scan.failures().isEmpty()) {
      throw new IllegalStateException("bad benchmark read: " + scan.failures());
    }
    return (end - start) / 1e9;
  }

  /** Runs a process to completion (output discarded); seconds. */
  private static double runProcess(Path root, String... cmd) throws Exception {
    Path out = root.resolve("nii");
    deleteTree(out);
    Files.createDirectories(out);
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(Arrays.toString(cmd) + " failed");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  private static Path which(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] t) {
    return Arrays.stream(t).min().orElse(Double.NaN);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> w = Files.walk(root)) {
      w.forEach(all::add);
    }
    all.sort(Comparator.reverseOrder());
    for (Path p : all) {
      Files.delete(p);
    }
  }
}
