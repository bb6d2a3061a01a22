package org.medbeam.transforms;

import java.util.List;
import org.medbeam.core.Sample;

/**
 * A dictionary transform that returns several samples per input (MONAI's transforms with {@code
 * num_samples}, such as {@code RandCropByPosNegLabeld}). Each output gets the id {@link
 * Sample#derivedId(int)} of its index, so later random transforms draw independently per output.
 */
public interface MultiSampleTransform extends MapTransform {
  List<Sample> applyMulti(Sample sample, TransformContext context);

  /** The first output; chains use {@link #applyMulti}. */
  @Override
  default Sample apply(Sample sample, TransformContext context) {
    return applyMulti(sample, context).get(0);
  }
}
