package org.medbeam.transforms.spatial;

import java.io.Serializable;
import org.medbeam.core.RandomState;

/**
 * An array-level spatial transform that can describe its effect as a {@link SpatialPlan} without
 * touching voxels, so a {@link org.medbeam.transforms.Compose} with lazy resampling can compose
 * consecutive ones into one matrix and resample once (MONAI's {@code LazyTransform}).
 */
public interface LazySpatialTransform extends Serializable {
  /**
   * The parameters of one application: null for deterministic transforms; random ones draw from
   * {@code random} exactly as their {@code randomize} does.
   */
  Object lazyDraw(RandomState random, Geometry geometry);

  /** The plan for a volume of {@code geometry} with the drawn parameters. */
  SpatialPlan plan(Geometry geometry, Object draw);

  /** Intra-op threads this transform uses. */
  int threads();
}
