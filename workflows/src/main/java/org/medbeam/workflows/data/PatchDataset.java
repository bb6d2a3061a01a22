package org.medbeam.workflows.data;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.MultiSampleTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code PatchDataset(data, patch_func, samples_per_image, transform)}: each item of
 * {@code images} becomes {@code samplesPerImage} patches drawn by {@code patchFunc} (e.g. {@code
 * RandSpatialCropSamplesd}, drawing anew every epoch), each then run through {@code transform}.
 * One item here yields all of its image's patches (the loader flattens them into the batch), so
 * {@link #size()} counts images and {@link #patchCount()} is MONAI's {@code len(ds)}.
 */
public final class PatchDataset implements Dataset {
  private final Dataset images;
  private final Compose chain;
  private final int samplesPerImage;
  private final long seed;

  private PatchDataset(Dataset images, Compose chain, int samplesPerImage, long seed) {
    this.images = images;
    this.chain = chain;
    this.samplesPerImage = samplesPerImage;
    this.seed = seed;
  }

  /**
   * @param transform applied to every patch (may be empty)
   * @param seed seeds the patch draws (position 0) and the patch transform (positions 1, ...)
   */
  public static PatchDataset of(Dataset images, MultiSampleTransform patchFunc,
      int samplesPerImage, Compose transform, long seed) {
    if (samplesPerImage < 1) {
      throw new IllegalArgumentException(
          "samples_per_image must be a positive integer, got " + samplesPerImage);
    }
    List<Object> items = new ArrayList<>();
    items.add(patchFunc);
    items.addAll(transform.transforms());
    return new PatchDataset(images, Compose.of(items).withLazy(transform.lazy()), samplesPerImage,
        seed);
  }

  /** Number of patches per epoch: images × samples per image. */
  public int patchCount() {
    return images.size() * samplesPerImage;
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public void prepareEpoch(long epoch) {
    images.prepareEpoch(epoch);
  }

  @Override
  public List<Sample> get(int index, long epoch) {
    TransformContext c = TransformContext.of(seed).withEpoch(epoch);
    List<Sample> out = new ArrayList<>();
    for (Sample image : images.get(index, epoch)) {
      List<Sample> patches = chain.applyAll(image, c, 0, 1);
      if (patches.size() != samplesPerImage) {
        throw new IllegalStateException("patch_func must return a sequence of length: "
            + "samples_per_image=" + samplesPerImage + ", got " + patches.size());
      }
      for (Sample p : patches) {
        out.addAll(chain.applyAll(p, c, 1, chain.transforms().size()));
      }
    }
    return out;
  }
}
