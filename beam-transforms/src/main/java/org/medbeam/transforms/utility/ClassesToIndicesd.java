package org.medbeam.transforms.utility;

import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code ClassesToIndicesd}: for each key, {@link ClassesToIndices} stored under {@code
 * <key><indices_postfix>} (default {@code _cls_indices}) as a list of {@code int[]}.
 */
public final class ClassesToIndicesd implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final String postfix;
  private final String imageKey;
  private final ClassesToIndices converter;

  public ClassesToIndicesd(
      KeySelection keys,
      String indicesPostfix,
      Integer numClasses,
      String imageKey,
      double imageThreshold,
      int[] outputShape,
      Integer maxSamplesPerClass) {
    this.keys = keys;
    this.postfix = indicesPostfix == null ? "_cls_indices" : indicesPostfix;
    this.imageKey = imageKey;
    this.converter =
        new ClassesToIndices(numClasses, imageThreshold, outputShape, maxSamplesPerClass);
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    Volume image = imageKey == null ? null : sample.volume(imageKey);
    Sample d = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      d = d.with(p.key + postfix, converter.values(sample.volume(p.key), image, context.threads()));
    }
    return d;
  }
}
