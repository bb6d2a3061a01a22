package org.medbeam.transforms.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.spatial.Orientation;
import org.medbeam.transforms.spatial.Spacing;

/**
 * BENCHMARKS.md W2: {@code Orientation("RAS")} then {@code Spacing((1.5, 1.5, 2.0), bilinear)} on
 * a 1×512×512×256 int16 CT-like volume, spacing (0.7, 0.7, 1.25), LPS affine (so Orientation
 * flips two axes); output 239×239×160. Reports eager (two passes) and fused (MONAI's lazy
 * resampling: one pass) medians of 7 runs after 5 warm-ups, 2 intra-op threads. The heap is
 * pre-touched so freed memory stays resident (the "resident" column of BENCHMARKS.md).
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * mvn -q -o -pl beam-transforms -am test-compile
 * mvn -q -o -pl beam-transforms dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * CP=core/target/classes:beam-io/target/classes:beam-transforms/target/classes
 * CP=$CP:beam-transforms/target/test-classes:$(cat beam-transforms/target/cp.txt)
 * java -Xms4g -Xmx4g -XX:+AlwaysPreTouch -cp $CP org.medbeam.transforms.bench.W2Bench \
 *   [--threads 2] [--runs 7] [--monai]
 * </pre>
 *
 * {@code --monai} also times MONAI 1.4.0 on the same data shape in a Python subprocess ({@code
 * torch.set_num_threads(threads)}) for the same-machine ratio.
 */
public final class W2Bench {
  private W2Bench() {}

  /** A CT-like int16 volume: body ellipse, organs, bone, noise; fixed seed. */
  static Volume ctVolume(int nx, int ny, int nz, long seed) {
    short[] d = new short[nx * ny * nz];
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        double dy = (y - ny / 2.0) / (ny * 0.4);
        for (int x = 0; x < nx; x++) {
          double dx = (x - nx / 2.0) / (nx * 0.45);
          double r2 = dx * dx + dy * dy;
          double v = r2 < 1 ? 40 + 30 * Math.sin(0.05 * x + 0.03 * z) : -1000;
          if (r2 < 0.04) {
            v = 700;
          }
          d[x + nx * (y + ny * z)] = (short) (v + rnd.nextInt(41) - 20);
        }
      }
    }
    Affine lps =
        Affine.of(-0.7, 0, 0, 180, 0, -0.7, 0, 180, 0, 0, 1.25, -160, 0, 0, 0, 1);
    return Volume.wrap(d, DType.INT16, new int[] {1, nx, ny, nz}, lps);
  }

  public static void main(String[] args) throws Exception {
    int threads = BenchUtil.intArg(args, "--threads", 2);
    int runs = BenchUtil.intArg(args, "--runs", 7);
    Volume img = ctVolume(512, 512, 256, 42);
    Orientation orientation = Orientation.of("RAS").withThreads(threads);
    Spacing spacing = Spacing.of(1.5, 1.5, 2.0).withMode("bilinear").withThreads(threads);
    Compose eager = Compose.of(orientation, spacing);
    Compose fused = Compose.of(orientation, spacing).withLazy(true);
    Volume check = fused.apply(img);
    if (!Arrays.equals(check.shape(), new int[] {1, 239, 239, 160})) {
      throw new IllegalStateException("unexpected output shape " + Arrays.toString(check.shape()));
    }
    BenchUtil.Timing tOrient = BenchUtil.time(5, runs, () -> orientation.apply(img));
    Volume oriented = orientation.apply(img);
    BenchUtil.Timing tSpacing = BenchUtil.time(5, runs, () -> spacing.apply(oriented));
    BenchUtil.Timing tEager = BenchUtil.time(5, runs, () -> eager.apply(img));
    BenchUtil.Timing tFused = BenchUtil.time(5, runs, () -> fused.apply(img));
    System.out.printf(
        "W2 1x512x512x256 int16 -> 1x239x239x160, %d threads, median of %d; %s%n", threads, runs,
        BenchUtil.machine());
    System.out.printf("  Orientation(RAS)                 %s%n", tOrient);
    System.out.printf("  Spacing(1.5,1.5,2.0) bilinear    %s%n", tSpacing);
    System.out.printf("  both, eager (two passes)         %s%n", tEager);
    System.out.printf("  both, fused (lazy, one pass)     %s%n", tFused);
    System.out.printf("  target <= 0.14 s (0.2x MONAI's 0.70 s)%n");
    if (BenchUtil.flag(args, "--monai")) {
      String code =
          "import time, warnings, numpy as np, torch\n"
              + "warnings.filterwarnings('ignore')\n"
              + "torch.set_num_threads(" + threads + ")\n"
              + "from monai.data import MetaTensor\n"
              + "from monai.transforms import Orientation, Spacing, Compose\n"
              + "rng = np.random.default_rng(42)\n"
              + "a = rng.integers(-1000, 1000, size=(1, 512, 512, 256), dtype=np.int16)\n"
              + "aff = np.array([[-0.7,0,0,180],[0,-0.7,0,180],[0,0,1.25,-160],[0,0,0,1.0]])\n"
              + "c = Compose([Orientation('RAS'), Spacing((1.5,1.5,2.0), mode='bilinear')])\n"
              + "img = MetaTensor(torch.as_tensor(a), affine=torch.as_tensor(aff))\n"
              + "for _ in range(2): c(img)\n"
              + "t = []\n"
              + "for _ in range(" + runs + "):\n"
              + "    t0 = time.perf_counter(); o = c(img); t.append(time.perf_counter() - t0)\n"
              + "print(float(np.median(t)), tuple(o.shape))\n";
      String out = BenchUtil.python(code);
      double monai = Double.parseDouble(out.split(" ")[0]);
      System.out.printf("  MONAI 1.4.0 same machine        %.3f s  (%s)%n", monai, out);
      System.out.printf("  ratio fused/MONAI %.3f, eager/MONAI %.3f%n", tFused.wall / monai,
          tEager.wall / monai);
    }
  }
}
