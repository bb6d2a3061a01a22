package org.medbeam.transforms;

import org.medbeam.core.Volume;

/**
 * A transform that records what it did on the volume's applied-operations stack and can undo it
 * (MONAI's {@code InvertibleTransform}). {@link #inverse} pops the top entry, which must have
 * been pushed by this transform's class, and restores the geometry (shape and affine exactly,
 * values within interpolation tolerance).
 */
public interface InvertibleTransform {
  Volume inverse(Volume img);
}
