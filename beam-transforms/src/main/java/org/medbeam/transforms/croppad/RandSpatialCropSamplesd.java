package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandSpatialCropSamplesd}: draws one {@code sub_seed = randint(2^32)} per sample
 * and, for every key, reseeds the {@link RandSpatialCropSamples} cropper with it, so all keys get
 * the same boxes (each drawn against its own shape, as in MONAI).
 */
public final class RandSpatialCropSamplesd extends MultiCropd<Long> {
  private static final long serialVersionUID = 1L;

  private final RandSpatialCropSamples cropper;

  public RandSpatialCropSamplesd(
      KeySelection keys,
      int[] roiSize,
      int numSamples,
      int[] maxRoiSize,
      boolean randomCenter,
      boolean randomSize) {
    super(keys);
    this.cropper =
        new RandSpatialCropSamples(roiSize, numSamples, maxRoiSize, randomCenter, randomSize);
  }

  @Override
  int numSamples() {
    return cropper.numSamples();
  }

  @Override
  String operation() {
    return "RandSpatialCropSamples";
  }

  @Override
  Long randomize(RandomState random, Sample sample, int threads) {
    return random.randint(0, 1L << 32);
  }

  @Override
  List<Volume> crop(Volume img, int keyIndex, Long subSeed) {
    return cropper.applyMulti(img, RandomState.of(subSeed));
  }
}
