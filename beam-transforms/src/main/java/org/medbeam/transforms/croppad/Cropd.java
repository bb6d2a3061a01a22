package org.medbeam.transforms.croppad;

import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.utility.KeyedTransform;

/** MONAI's {@code Cropd}: one deterministic array crop applied to every key. */
abstract class Cropd extends KeyedTransform implements InvertibleMapTransform {
  private static final long serialVersionUID = 1L;

  private final Transform cropper;
  private final String operation;

  Cropd(KeySelection keys, Transform cropper, String operation) {
    super(keys);
    this.cropper = cropper;
    this.operation = operation;
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return cropper.apply(img);
  }

  @Override
  public Sample inverse(Sample sample) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out = out.with(p.key, Inversion.undoTop(sample.volume(p.key), operation, null));
    }
    return out;
  }
}
