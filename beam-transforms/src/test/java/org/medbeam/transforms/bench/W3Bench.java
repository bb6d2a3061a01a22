package org.medbeam.transforms.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.croppad.RandCropByPosNegLabeld;
import org.medbeam.transforms.intensity.ScaleIntensityRanged;

/**
 * Benchmark W3 of BENCHMARKS.md, the part built in this tree: on a 1x256x256x128 float32 image +
 * label pair, {@code ScaleIntensityRanged(image, -57, 164, 0, 1, clip)} then {@code
 * RandCropByPosNegLabeld([image, label], 96^3, pos=1, neg=1, num_samples=4, image_key=image,
 * image_threshold=0)}, then {@code RandFlipd(prob=0.5, spatial_axis=0)} and {@code
 * RandRotate90d(prob=0.5, max_k=3)} on each crop — the whole W3 chain. Synthetic data from a fixed seed; each timed run uses a new epoch, so new
 * crops; median of the timed runs after warm-up.
 *
 * <p>Run from the repository root (arguments: timed runs, default 15; one thread count, default
 * both 1 and 2):
 *
 * <pre>
 * mvn -q -o -pl beam-transforms -am test-compile
 * mvn -q -o -pl beam-transforms dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -Xmx3g -cp "$(cat beam-transforms/target/bench.cp):beam-transforms/target/classes:\
 * beam-transforms/target/test-classes" org.medbeam.transforms.bench.W3Bench 21
 * </pre>
 */
public final class W3Bench {
  private W3Bench() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int[] threadCounts = args.length > 1 ? new int[] {Integer.parseInt(args[1])} : new int[] {1, 2};
    Sample sample = data();
    Compose chain =
        Compose.of(
            new ScaleIntensityRanged(
                KeySelection.of("image"), -57, 164, 0.0, 1.0, true, DType.FLOAT32),
            new RandCropByPosNegLabeld(
                KeySelection.of("image", "label"),
                "label",
                new int[] {96, 96, 96},
                1,
                1,
                4,
                "image",
                0,
                null,
                null,
                false),
            // the spatial part of W3, with BENCHMARKS.md's parameters
            org.medbeam.transforms.config.ChainConfig.fromText(
                "[{\"_target_\": \"RandFlipd\", \"keys\": [\"image\", \"label\"], \"prob\": 0.5,"
                    + " \"spatial_axis\": 0},"
                    + " {\"_target_\": \"RandRotate90d\", \"keys\": [\"image\", \"label\"],"
                    + " \"prob\": 0.5, \"max_k\": 3}]"));
    System.out.println(
        "W3 (ScaleIntensityRanged + RandCropByPosNegLabeld, 1x256x256x128 float32,"
            + " 4 crops of 96^3, RandFlipd, RandRotate90d)");
    for (int threads : threadCounts) {
      TransformContext ctx = TransformContext.of(42).withThreads(threads);
      for (int w = 0; w < 10; w++) {
        check(chain.applyAll(sample, ctx.withEpoch(1000 + w)));
      }
      double[] t = new double[runs];
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        List<Sample> out = chain.applyAll(sample, ctx.withEpoch(r));
        t[r] = (System.nanoTime() - t0) / 1e9;
        check(out);
      }
      Arrays.sort(t);
      System.out.printf(
          "threads=%d  median %.4f s  (min %.4f, max %.4f, %d runs)%n",
          threads, t[runs / 2], t[0], t[runs - 1], runs);
    }
  }

  private static void check(List<Sample> out) {
    if (out.size() != 4) {
      throw new IllegalStateException("expected 4 crops, got " + out.size());
    }
    for (Sample s : out) {
      if (!Arrays.equals(s.volume("image").shape(), new int[] {1, 96, 96, 96})) {
        throw new IllegalStateException("crop shape " + Arrays.toString(s.volume("image").shape()));
      }
    }
  }

  /** A CT-like image (air, soft tissue, noise) and a label of a few ellipsoids, seed 2026. */
  static Sample data() {
    int nx = 256;
    int ny = 256;
    int nz = 128;
    int n = nx * ny * nz;
    float[] img = new float[n];
    float[] lab = new float[n];
    RandomState r = RandomState.of(2026);
    double[][] blobs = new double[6][];
    for (int b = 0; b < blobs.length; b++) {
      blobs[b] =
          new double[] {
            r.uniform(40, 216),
            r.uniform(40, 216),
            r.uniform(20, 108),
            r.uniform(6, 20),
            r.uniform(6, 20),
            r.uniform(4, 12)
          };
    }
    List<Float> noise = new ArrayList<>();
    for (int i = 0; i < 4096; i++) {
      noise.add((float) r.normal(0, 15));
    }
    int i = 0;
    for (int z = 0; z < nz; z++) {
      for (int y = 0; y < ny; y++) {
        for (int x = 0; x < nx; x++, i++) {
          double dx = (x - 128) / 110.0;
          double dy = (y - 128) / 90.0;
          boolean body = dx * dx + dy * dy < 1;
          float v = body ? 40f : -1000f;
          for (double[] b : blobs) {
            double ex = (x - b[0]) / b[3];
            double ey = (y - b[1]) / b[4];
            double ez = (z - b[2]) / b[5];
            if (ex * ex + ey * ey + ez * ez < 1) {
              lab[i] = 1f;
              v = 120f;
            }
          }
          img[i] = v + noise.get((i * 31 + z) & 4095);
        }
      }
    }
    Affine a = Affine.scaling(0.8, 0.8, 2.5);
    int[] shape = {1, nx, ny, nz};
    return Sample.of("w3")
        .with("image", Volume.wrap(img, DType.FLOAT32, shape, a))
        .with("label", Volume.wrap(lab, DType.FLOAT32, shape, a));
  }
}
