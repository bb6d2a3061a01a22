package org.medbeam.transforms.spatial;

import org.medbeam.core.Sample;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * The dictionary-level counterpart of {@link LazySpatialTransform}: one draw per sample (from
 * {@link TransformContext#random(Sample)}), then one plan per selected key, each with that key's
 * mode and padding.
 */
public interface LazySpatialMapTransform extends MapTransform {
  KeySelection keySelection();

  /**
   * The draw for this sample, or null for deterministic transforms.
   *
   * @param first geometry of the first selected key present (MONAI's {@code first_key})
   */
  Object lazyDraw(Sample sample, TransformContext context, Geometry first);

  /** The plan for the key at {@code keyIndex} of {@link #keySelection()}. */
  SpatialPlan plan(int keyIndex, Geometry geometry, Object draw);
}
