package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandCropByLabelClassesd}: the centres of {@link RandCropByLabelClasses} drawn once
 * from {@code label_key} (and {@code image_key}, or precomputed {@code indices_key}), every key
 * cropped at the same centres; {@code num_samples} outputs with ids {@code <id>#<i>}.
 */
public final class RandCropByLabelClassesd extends MultiCropd<int[][]> {
  private static final long serialVersionUID = 1L;

  private final String labelKey;
  private final String imageKey;
  private final String indicesKey;
  private final RandCropByLabelClasses cropper;

  public RandCropByLabelClassesd(
      KeySelection keys,
      String labelKey,
      int[] spatialSize,
      double[] ratios,
      Integer numClasses,
      int numSamples,
      String imageKey,
      double imageThreshold,
      String indicesKey,
      boolean allowSmaller,
      boolean warn,
      Integer maxSamplesPerClass) {
    super(keys);
    if (labelKey == null || labelKey.isEmpty()) {
      throw new IllegalArgumentException("RandCropByLabelClassesd: label_key must be given");
    }
    this.labelKey = labelKey;
    this.imageKey = imageKey;
    this.indicesKey = indicesKey;
    this.cropper =
        new RandCropByLabelClasses(
            spatialSize,
            ratios,
            null,
            numClasses,
            numSamples,
            null,
            imageThreshold,
            null,
            allowSmaller,
            warn,
            maxSamplesPerClass);
  }

  @Override
  int numSamples() {
    return cropper.numSamples();
  }

  @Override
  String operation() {
    return "RandCropByLabelClasses";
  }

  @Override
  int[][] randomize(RandomState random, Sample sample, int threads) {
    Volume label = sample.has(labelKey) ? sample.volume(labelKey) : null;
    Volume image = imageKey != null && sample.has(imageKey) ? sample.volume(imageKey) : null;
    List<long[]> idx = indicesKey == null ? null : Indices.listOf(sample, indicesKey);
    return cropper.randomize(random, label, image, idx, threads);
  }

  @Override
  List<Volume> crop(Volume img, int keyIndex, int[][] centers) {
    return cropper.applyMulti(img, centers);
  }
}
