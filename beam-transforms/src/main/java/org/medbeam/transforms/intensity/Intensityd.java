package org.medbeam.transforms.intensity;

import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.utility.KeyedTransform;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * The dictionary shell of a deterministic intensity transform: the same array transform per key.
 */
abstract class Intensityd extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  final ThreadedTransform transform;

  Intensityd(KeySelection keys, ThreadedTransform transform) {
    super(keys);
    this.transform = transform;
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return transform.apply(img, threads);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + keys + ", " + transform + ")";
  }
}
