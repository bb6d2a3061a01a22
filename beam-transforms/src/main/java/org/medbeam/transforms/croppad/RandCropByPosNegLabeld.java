package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code RandCropByPosNegLabeld}: the centres of {@link RandCropByPosNegLabel} drawn once
 * from {@code label_key} (and {@code image_key}), every key cropped at the same centres; {@code
 * num_samples} output samples with ids {@code <id>#<i>}. Precomputed indices under {@code
 * fg_indices_key}/{@code bg_indices_key} ({@code FgBgToIndicesd}) are used and removed from the
 * outputs, as MONAI pops them.
 */
public final class RandCropByPosNegLabeld extends MultiCropd<int[][]> {
  private static final long serialVersionUID = 1L;

  private final String labelKey;
  private final String imageKey;
  private final String fgIndicesKey;
  private final String bgIndicesKey;
  private final RandCropByPosNegLabel cropper;

  public RandCropByPosNegLabeld(
      KeySelection keys,
      String labelKey,
      int[] spatialSize,
      double pos,
      double neg,
      int numSamples,
      String imageKey,
      double imageThreshold,
      String fgIndicesKey,
      String bgIndicesKey,
      boolean allowSmaller) {
    super(keys);
    if (labelKey == null || labelKey.isEmpty()) {
      throw new IllegalArgumentException("RandCropByPosNegLabeld: label_key must be given");
    }
    this.labelKey = labelKey;
    this.imageKey = imageKey;
    this.fgIndicesKey = fgIndicesKey;
    this.bgIndicesKey = bgIndicesKey;
    this.cropper =
        new RandCropByPosNegLabel(
            spatialSize,
            null,
            pos,
            neg,
            numSamples,
            null,
            imageThreshold,
            null,
            null,
            allowSmaller);
  }

  /** MONAI's defaults: pos = neg = 1, no image, no precomputed indices, allow_smaller false. */
  public RandCropByPosNegLabeld(
      KeySelection keys, String labelKey, int[] spatialSize, int numSamples) {
    this(keys, labelKey, spatialSize, 1, 1, numSamples, null, 0, null, null, false);
  }

  @Override
  int numSamples() {
    return cropper.numSamples();
  }

  @Override
  String operation() {
    return "RandCropByPosNegLabel";
  }

  @Override
  Sample consumed(Sample sample) {
    Sample s = sample;
    if (fgIndicesKey != null) {
      s = s.without(fgIndicesKey);
    }
    if (bgIndicesKey != null) {
      s = s.without(bgIndicesKey);
    }
    return s;
  }

  @Override
  int[][] randomize(RandomState random, Sample sample, int threads) {
    Volume label = sample.has(labelKey) ? sample.volume(labelKey) : null;
    Volume image = imageKey != null && sample.has(imageKey) ? sample.volume(imageKey) : null;
    long[] fg = fgIndicesKey == null ? null : Indices.of(sample, fgIndicesKey);
    long[] bg = bgIndicesKey == null ? null : Indices.of(sample, bgIndicesKey);
    return cropper.randomize(random, label, image, fg, bg, threads);
  }

  @Override
  List<Volume> crop(Volume img, int keyIndex, int[][] centers) {
    return cropper.applyMulti(img, centers);
  }

  @Override
  List<Volume> crop(Volume img, int keyIndex, int[][] centers, int threads) {
    return cropper.applyMulti(img, centers, threads);
  }
}
