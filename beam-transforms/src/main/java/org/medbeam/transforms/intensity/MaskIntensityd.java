package org.medbeam.transforms.intensity;

import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.utility.KeyedTransform;
import org.medbeam.transforms.utility.VoxelPredicate;

/**
 * MONAI's {@code MaskIntensityd}: {@link MaskIntensity} on every key with the mask under {@code
 * mask_key} (or a fixed {@code mask_data}).
 */
public final class MaskIntensityd extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  private final MaskIntensity masker;
  private final String maskKey;

  public MaskIntensityd(
      KeySelection keys, Volume maskData, String maskKey, VoxelPredicate selectFn) {
    super(keys);
    if (maskData == null && maskKey == null) {
      throw new IllegalArgumentException(
          "MaskIntensityd: give mask_key (or mask_data) to take the mask from");
    }
    this.masker = new MaskIntensity(maskData, selectFn);
    this.maskKey = maskKey;
  }

  @Override
  public Sample apply(Sample sample, int threads) {
    Volume mask = maskKey == null ? null : sample.volume(maskKey);
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out = out.with(p.key, masker.apply(sample.volume(p.key), mask));
    }
    return out;
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return masker.apply(img, (Volume) null);
  }
}
