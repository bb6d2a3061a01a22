package org.medbeam.transforms.croppad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandSpatialCropSamples}: {@code num_samples} independent {@link RandSpatialCrop}
 * draws from one generator, one crop each. Each output records {@code RandSpatialCropSamples} (with
 * the inner {@code RandSpatialCrop} entry nested, as MONAI's {@code replace=True}) and carries
 * {@code patch_index}. {@link #apply(Volume, Object)} returns the first crop; {@link #applyMulti}
 * all of them.
 */
public final class RandSpatialCropSamples
    implements RandomizableTransform<List<RandSpatialCrop.Draw>>, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final RandSpatialCrop cropper;
  private final int numSamples;

  public RandSpatialCropSamples(
      int[] roiSize, int numSamples, int[] maxRoiSize, boolean randomCenter, boolean randomSize) {
    if (numSamples < 1) {
      throw new IllegalArgumentException(
          "RandSpatialCropSamples: num_samples must be positive, got " + numSamples);
    }
    this.cropper = new RandSpatialCrop(roiSize, maxRoiSize, randomCenter, randomSize);
    this.numSamples = numSamples;
  }

  public int numSamples() {
    return numSamples;
  }

  @Override
  public List<RandSpatialCrop.Draw> randomize(RandomState random, Volume img) {
    return randomize(random, img.spatialShape());
  }

  public List<RandSpatialCrop.Draw> randomize(RandomState random, int[] imgSize) {
    List<RandSpatialCrop.Draw> draws = new ArrayList<>(numSamples);
    for (int i = 0; i < numSamples; i++) {
      draws.add(cropper.randomize(random, imgSize));
    }
    return Collections.unmodifiableList(draws);
  }

  @Override
  public Volume apply(Volume img, List<RandSpatialCrop.Draw> draw) {
    return applyMulti(img, draw).get(0);
  }

  /** All {@code num_samples} crops. */
  public List<Volume> applyMulti(Volume img, List<RandSpatialCrop.Draw> draws) {
    List<Volume> out = new ArrayList<>(draws.size());
    int[] shape = img.spatialShape();
    for (int i = 0; i < draws.size(); i++) {
      out.add(
          Cropping.sampleCrop(
              img,
              draws.get(i).box(shape),
              "RandSpatialCrop",
              "RandSpatialCropSamples",
              i,
              null,
              1));
    }
    return out;
  }

  public List<Volume> applyMulti(Volume img, RandomState random) {
    return applyMulti(img, randomize(random, img));
  }

  /** Pads one of the crops back to the original grid (zeros outside the crop). */
  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, "RandSpatialCropSamples", null);
  }
}
