package org.medbeam.model.inferers;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.medbeam.core.DType;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.post.Invertd;

/**
 * MONAI's {@code TestTimeAugmentation}: runs the network on {@code num_examples} randomly
 * augmented copies of an input, maps each prediction back onto the input's grid by inverting the
 * augmentation ({@link Invertd}, nearest by default), and summarises them voxel by voxel: the mode,
 * the mean, the standard deviation (unbiased, as {@code torch.std}) and the volume variation
 * coefficient {@code vvc = std(all) / mean(all)} over every value of every realization.
 *
 * <p>Realization {@code i} draws its augmentation from the sample's {@link TransformContext} with
 * epoch {@code i}, so results are reproducible from the seed. Every random transform in the chain
 * must be invertible (spatial transforms are; intensity ones need no inverse).
 */
public final class TestTimeAugmentation implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Compose transform;
  private final Inferer inferer;
  private final String imageKey;
  private final int numExamples;
  private final boolean nearestInterp;

  private TestTimeAugmentation(Compose transform, Inferer inferer, String imageKey,
      int numExamples, boolean nearestInterp) {
    this.transform = transform;
    this.inferer = inferer;
    this.imageKey = imageKey;
    this.numExamples = numExamples;
    this.nearestInterp = nearestInterp;
  }

  /** MONAI's defaults: 10 examples, image key {@code "image"}, nearest interpolation. */
  public static TestTimeAugmentation of(Compose transform, Inferer inferer) {
    return new TestTimeAugmentation(Objects.requireNonNull(transform, "transform"),
        Objects.requireNonNull(inferer, "inferer"), "image", 10, true);
  }

  public TestTimeAugmentation withNumExamples(int n) {
    if (n < 2) {
      throw new IllegalArgumentException("num_examples must be >= 2 (a std needs two), got " + n);
    }
    return new TestTimeAugmentation(transform, inferer, imageKey, n, nearestInterp);
  }

  public TestTimeAugmentation withImageKey(String key) {
    return new TestTimeAugmentation(transform, inferer, Objects.requireNonNull(key), numExamples,
        nearestInterp);
  }

  /** MONAI's {@code nearest_interp}: false inverts with each operation's own interpolation. */
  public TestTimeAugmentation withNearestInterp(boolean nearest) {
    return new TestTimeAugmentation(transform, inferer, imageKey, numExamples, nearest);
  }

  public int numExamples() {
    return numExamples;
  }

  /** The four summaries MONAI returns. */
  public static final class Result {
    public final Volume mode;
    public final Volume mean;
    public final Volume std;
    public final double vvc;

    Result(Volume mode, Volume mean, Volume std, double vvc) {
      this.mode = mode;
      this.mean = mean;
      this.std = std;
      this.vvc = vvc;
    }
  }

  /** Runs the realizations for one sample and summarises them. */
  public Result apply(Sample sample, Network network, TransformContext context) {
    List<float[]> outs = new ArrayList<>(numExamples);
    Volume first = null;
    Invertd inverter = new Invertd("pred", imageKey);
    if (!nearestInterp) {
      inverter = new Invertd(
          org.medbeam.transforms.KeySelection.of("pred"), List.of(imageKey), false);
    }
    for (int i = 0; i < numExamples; i++) {
      Sample aug = transform.apply(sample, context.withEpoch(i));
      Volume image = aug.volume(imageKey);
      Volume pred = inferer.infer(image, network).get(0).volume();
      Volume back = inverter.apply(aug.with("pred", pred), context).volume("pred")
          .astype(DType.FLOAT32);
      if (first == null) {
        first = back;
      } else if (!Arrays.equals(first.shape(), back.shape())) {
        throw new IllegalStateException(
            "TestTimeAugmentation: realization " + i + " inverted to shape "
                + Arrays.toString(back.shape()) + ", the first to " + Arrays.toString(first.shape())
                + "; every random transform must be invertible");
      }
      outs.add(back.floats());
    }
    int n = outs.get(0).length;
    float[] mode = new float[n];
    float[] mean = new float[n];
    float[] std = new float[n];
    float[] column = new float[numExamples];
    double total = 0;
    double totalSq = 0;
    for (int v = 0; v < n; v++) {
      double s = 0;
      for (int k = 0; k < numExamples; k++) {
        column[k] = outs.get(k)[v];
        s += column[k];
      }
      double m = s / numExamples;
      double ss = 0;
      for (int k = 0; k < numExamples; k++) {
        double d = column[k] - m;
        ss += d * d;
        total += column[k];
        totalSq += (double) column[k] * column[k];
      }
      mean[v] = (float) m;
      std[v] = (float) Math.sqrt(ss / (numExamples - 1));
      mode[v] = modeOf(column);
    }
    long count = (long) n * numExamples;
    double allMean = total / count;
    double allVar = (totalSq - count * allMean * allMean) / (count - 1);
    double vvc = Math.sqrt(Math.max(0, allVar)) / allMean;
    int[] shape = first.shape();
    return new Result(first.withData(mode, DType.FLOAT32, shape),
        first.withData(mean, DType.FLOAT32, shape), first.withData(std, DType.FLOAT32, shape), vvc);
  }

  /** torch.mode: the most frequent value; among equally frequent ones, the smallest. */
  static float modeOf(float[] values) {
    float[] v = values.clone();
    Arrays.sort(v);
    float best = v[0];
    int bestCount = 0;
    int i = 0;
    while (i < v.length) {
      int j = i;
      while (j < v.length && v[j] == v[i]) {
        j++;
      }
      if (j - i > bestCount) {
        bestCount = j - i;
        best = v[i];
      }
      i = j;
    }
    return best;
  }
}
