package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandWeightedCropd}: centres drawn once from the weight map under {@code w_key}
 * ({@link RandWeightedCrop}), every key cropped at them; {@code num_samples} outputs.
 */
public final class RandWeightedCropd extends MultiCropd<int[][]> {
  private static final long serialVersionUID = 1L;

  private final String wKey;
  private final int[] spatialSize;
  private final int numSamples;

  public RandWeightedCropd(KeySelection keys, String wKey, int[] spatialSize, int numSamples) {
    super(keys);
    if (wKey == null || wKey.isEmpty()) {
      throw new IllegalArgumentException("RandWeightedCropd: w_key must be given");
    }
    new RandWeightedCrop(spatialSize, numSamples, null); // validates
    this.wKey = wKey;
    this.spatialSize = spatialSize.clone();
    this.numSamples = numSamples;
  }

  @Override
  int numSamples() {
    return numSamples;
  }

  @Override
  String operation() {
    return "RandWeightedCrop";
  }

  @Override
  int[][] randomize(RandomState random, Sample sample, int threads) {
    return RandWeightedCrop.weightedPatchSamples(
        spatialSize, sample.volume(wKey), numSamples, random);
  }

  @Override
  List<Volume> crop(Volume img, int keyIndex, int[][] centers) {
    return RandCropByPosNegLabel.cropAll(img, centers, spatialSize, "RandWeightedCrop");
  }
}
