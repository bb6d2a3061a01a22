package org.medbeam.transforms.bench;

import java.util.SplittableRandom;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.spatial.Rand3DElastic;

/**
 * BENCHMARKS.md W4: {@code Rand3DElastic(sigma_range=(5, 8), magnitude_range=(100, 200),
 * prob=1)} on a 1×128×128×128 float32 volume: the draw (3×128³ uniforms, MONAI's order), the
 * separable Gaussian smoothing of the field and the threaded trilinear resample. Median of 7 runs
 * after 5 warm-ups, each run with a fresh seeded generator, 2 intra-op threads.
 *
 * <p>Run as {@link W2Bench} with main class {@code org.medbeam.transforms.bench.W4Bench} ({@code
 * [--threads 2] [--runs 7] [--monai]}).
 */
public final class W4Bench {
  private W4Bench() {}

  public static void main(String[] args) throws Exception {
    int threads = BenchUtil.intArg(args, "--threads", 2);
    int runs = BenchUtil.intArg(args, "--runs", 7);
    int n = 128;
    float[] d = new float[n * n * n];
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) rnd.nextDouble();
    }
    Volume img = Volume.of(d, 1, n, n, n);
    Rand3DElastic t =
        Rand3DElastic.of(new double[] {5, 8}, new double[] {100, 200}, 1.0).withThreads(threads);
    long[] seed = {0};
    Rand3DElastic.Draw draw = t.randomize(RandomState.of(99), img);
    BenchUtil.Timing drawOnly =
        BenchUtil.time(5, runs, () -> t.randomize(RandomState.of(seed[0]++), img));
    BenchUtil.Timing applyOnly = BenchUtil.time(5, runs, () -> t.apply(img, draw));
    BenchUtil.Timing total =
        BenchUtil.time(5, runs, () -> t.apply(img, RandomState.of(seed[0]++)));
    System.out.printf("W4 Rand3DElastic 1x128x128x128 float32, %d threads, median of %d; %s%n",
        threads, runs, BenchUtil.machine());
    System.out.printf("  draw (3x128^3 uniforms)           %s%n", drawOnly);
    System.out.printf("  smooth + resample                 %s%n", applyOnly);
    System.out.printf("  total                             %s%n", total);
    System.out.printf("  target <= 0.46 s (0.25x MONAI's 1.85 s)%n");
    if (BenchUtil.flag(args, "--monai")) {
      String code =
          "import time, warnings, numpy as np, torch\n"
              + "warnings.filterwarnings('ignore')\n"
              + "torch.set_num_threads(" + threads + ")\n"
              + "from monai.transforms import Rand3DElastic\n"
              + "img = torch.rand(1, 128, 128, 128)\n"
              + "t = Rand3DElastic(sigma_range=(5, 8), magnitude_range=(100, 200), prob=1)\n"
              + "t.set_random_state(0)\n"
              + "for _ in range(2): t(img)\n"
              + "ts = []\n"
              + "for _ in range(" + runs + "):\n"
              + "    t0 = time.perf_counter(); o = t(img); ts.append(time.perf_counter() - t0)\n"
              + "print(float(np.median(ts)))\n";
      double monai = Double.parseDouble(BenchUtil.python(code));
      System.out.printf("  MONAI 1.4.0 same machine          %.3f s%n", monai);
      System.out.printf("  ratio %.3f%n", total.wall / monai);
    }
  }
}
