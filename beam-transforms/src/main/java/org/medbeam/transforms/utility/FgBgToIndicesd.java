package org.medbeam.transforms.utility;

import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code FgBgToIndicesd}: for each key, {@link FgBgToIndices} stored under {@code
 * <key><fg_postfix>} and {@code <key><bg_postfix>} (defaults {@code _fg_indices}, {@code
 * _bg_indices}) as {@code int[]}; {@code image_key} restricts the background.
 */
public final class FgBgToIndicesd implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final String fgPostfix;
  private final String bgPostfix;
  private final String imageKey;
  private final FgBgToIndices converter;

  public FgBgToIndicesd(
      KeySelection keys,
      String fgPostfix,
      String bgPostfix,
      String imageKey,
      double imageThreshold,
      int[] outputShape) {
    this.keys = keys;
    this.fgPostfix = fgPostfix == null ? "_fg_indices" : fgPostfix;
    this.bgPostfix = bgPostfix == null ? "_bg_indices" : bgPostfix;
    this.imageKey = imageKey;
    this.converter = new FgBgToIndices(imageThreshold, outputShape);
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    Volume image = imageKey == null ? null : sample.volume(imageKey);
    Sample d = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      Object[] v = converter.values(sample.volume(p.key), image, context.threads());
      d = d.with(p.key + fgPostfix, v[0]).with(p.key + bgPostfix, v[1]);
    }
    return d;
  }
}
