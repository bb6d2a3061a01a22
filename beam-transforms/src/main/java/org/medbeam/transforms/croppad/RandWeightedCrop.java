package org.medbeam.transforms.croppad;

import java.util.Arrays;
import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.RandomizableTransform;
import org.medbeam.transforms.utility.LabelIndices;
import org.medbeam.transforms.utility.Tuples;

/**
 * MONAI's {@code RandWeightedCrop}: {@code num_samples} crops of {@code spatial_size} whose centres
 * are drawn with probability proportional to the first channel of {@code weight_map}, restricted to
 * centres whose crop fits (MONAI's {@code weighted_patch_samples}: the cumulative sum over the
 * "valid" box in C order, {@code random(n)} draws searched with {@code side="right"}; all-zero
 * weights draw uniformly with {@code randint}). Negative weights are shifted by the minimum.
 */
public final class RandWeightedCrop implements RandomizableTransform<int[][]>, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final int[] spatialSize;
  private final int numSamples;
  private final Volume weightMap;

  public RandWeightedCrop(int[] spatialSize, int numSamples, Volume weightMap) {
    this.spatialSize = Tuples.nonEmpty("RandWeightedCrop", "spatial_size", spatialSize);
    if (numSamples < 1) {
      throw new IllegalArgumentException(
          "RandWeightedCrop: num_samples must be positive, got " + numSamples);
    }
    this.numSamples = numSamples;
    this.weightMap = weightMap;
  }

  public int numSamples() {
    return numSamples;
  }

  @Override
  public int[][] randomize(RandomState random, Volume img) {
    if (weightMap == null) {
      throw new IllegalArgumentException(
          "RandWeightedCrop: weight map must be provided for weighted patch sampling");
    }
    return weightedPatchSamples(spatialSize, weightMap, numSamples, random);
  }

  /** MONAI's {@code weighted_patch_samples} on channel 0 of {@code w}. */
  public static int[][] weightedPatchSamples(
      int[] spatialSize, Volume w, int nSamples, RandomState random) {
    int[] img = w.spatialShape();
    int r = img.length;
    int[] win = Tuples.fallBack("RandWeightedCrop", "spatial_size", spatialSize, img);
    int[] lo = new int[r];
    int[] hi = new int[r];
    for (int i = 0; i < r; i++) {
      if (img[i] > win[i]) {
        lo[i] = win[i] / 2;
        hi[i] = img[i] - win[i] + win[i] / 2;
      } else {
        lo[i] = img[i] / 2;
        hi[i] = img[i] / 2 + 1;
      }
    }
    int[] vSize = new int[r];
    int n = 1;
    for (int i = 0; i < r; i++) {
      vSize[i] = hi[i] - lo[i];
      n *= vSize[i];
    }
    // the valid box in C order (last axis fastest)
    double[] v = new double[n];
    int[] s3 = {1, 1, 1};
    System.arraycopy(img, 0, s3, 0, r);
    int[] l3 = new int[3];
    int[] h3 = {1, 1, 1};
    System.arraycopy(lo, 0, l3, 0, r);
    System.arraycopy(hi, 0, h3, 0, r);
    int p = 0;
    double min = Double.POSITIVE_INFINITY;
    for (int x = l3[0]; x < h3[0]; x++) {
      for (int y = l3[1]; y < h3[1]; y++) {
        for (int z = l3[2]; z < h3[2]; z++) {
          double val = w.getDouble(x + s3[0] * (y + s3[1] * z));
          v[p++] = val;
          min = Math.min(min, val);
        }
      }
    }
    boolean single = w.dtype() != DType.FLOAT64;
    if (min < 0) {
      for (int i = 0; i < n; i++) {
        v[i] = single ? (float) (v[i] - min) : v[i] - min;
      }
    }
    // cumulative sum, accumulated in double and stored in the map's precision (torch.cumsum)
    double acc = 0;
    for (int i = 0; i < n; i++) {
      acc += v[i];
      v[i] = single ? (float) acc : acc;
    }
    double last = v[n - 1];
    long[] idx = new long[nSamples];
    if (last == 0 || !Double.isFinite(last) || last < 0) {
      for (int i = 0; i < nSamples; i++) {
        idx[i] = random.randint(0, n);
      }
    } else {
      for (int i = 0; i < nSamples; i++) {
        double target = random.rand() * last;
        int a = 0;
        int b = n;
        while (a < b) {
          int mid = (a + b) >>> 1;
          if (v[mid] <= target) {
            a = mid + 1;
          } else {
            b = mid;
          }
        }
        idx[i] = a;
      }
    }
    int[][] centers = new int[nSamples][];
    for (int i = 0; i < nSamples; i++) {
      int[] c = LabelIndices.unravelC(Math.min(idx[i], n - 1), vSize);
      for (int d = 0; d < r; d++) {
        c[d] += Math.min(win[d], img[d]) / 2;
      }
      centers[i] = c;
    }
    return centers;
  }

  @Override
  public Volume apply(Volume img, int[][] centers) {
    return applyMulti(img, centers).get(0);
  }

  public List<Volume> applyMulti(Volume img, int[][] centers) {
    return RandCropByPosNegLabel.cropAll(img, centers, spatialSize, "RandWeightedCrop");
  }

  public List<Volume> applyMulti(Volume img, RandomState random) {
    return applyMulti(img, randomize(random, img));
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, "RandWeightedCrop", null);
  }

  @Override
  public String toString() {
    return "RandWeightedCrop(spatial_size="
        + Arrays.toString(spatialSize)
        + ", num_samples="
        + numSamples
        + ")";
  }
}
