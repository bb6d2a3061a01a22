package org.medbeam.transforms.utility;

import java.io.Serializable;

/**
 * A per-voxel selection, MONAI's {@code select_fn} for foreground-driven transforms (default {@link
 * #IS_POSITIVE}, MONAI's {@code is_positive}: {@code x > 0}).
 */
@FunctionalInterface
public interface VoxelPredicate extends Serializable {
  boolean test(double value);

  /** MONAI's {@code is_positive}. */
  VoxelPredicate IS_POSITIVE = v -> v > 0;
}
