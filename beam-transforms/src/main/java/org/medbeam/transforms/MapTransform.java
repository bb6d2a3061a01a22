package org.medbeam.transforms;

import java.io.Serializable;
import org.medbeam.core.Sample;

/**
 * A dictionary-level transform (MONAI's {@code MapTransform}, the {@code …d} classes): picks
 * volumes from a {@link Sample} by key and returns a new sample. Random ones draw from {@link
 * TransformContext#random(Sample)}, so the result depends only on (seed, sample id, position,
 * epoch).
 */
@FunctionalInterface
public interface MapTransform extends Serializable {
  Sample apply(Sample sample, TransformContext context);
}
