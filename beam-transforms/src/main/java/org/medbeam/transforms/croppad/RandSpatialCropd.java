package org.medbeam.transforms.croppad;

import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.utility.RandomKeyedTransform;

/**
 * MONAI's {@code RandSpatialCropd}: one {@link RandSpatialCrop} draw from the first key's shape,
 * the same box cropped from every key.
 */
public final class RandSpatialCropd extends RandomKeyedTransform<RandSpatialCrop.Draw>
    implements InvertibleMapTransform {
  private static final long serialVersionUID = 1L;

  private final RandSpatialCrop cropper;

  public RandSpatialCropd(
      KeySelection keys,
      int[] roiSize,
      int[] maxRoiSize,
      boolean randomCenter,
      boolean randomSize) {
    super(keys);
    this.cropper = new RandSpatialCrop(roiSize, maxRoiSize, randomCenter, randomSize);
  }

  @Override
  protected RandSpatialCrop.Draw randomize(RandomState random, Sample sample, Volume first) {
    if (first == null) {
      throw new IllegalArgumentException(
          "RandSpatialCropd: none of the keys "
              + keys.keys()
              + " is in sample '"
              + sample.id()
              + "'; the first key must exist to draw the crop");
    }
    return cropper.randomize(random, first.spatialShape());
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, RandSpatialCrop.Draw draw, int threads) {
    return cropper.apply(img, draw);
  }

  @Override
  public Sample inverse(Sample sample) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out = out.with(p.key, Inversion.undoTop(sample.volume(p.key), "RandSpatialCrop", null));
    }
    return out;
  }
}
