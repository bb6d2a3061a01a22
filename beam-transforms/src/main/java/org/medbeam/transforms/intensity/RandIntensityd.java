package org.medbeam.transforms.intensity;

import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.RandomizableTransform;
import org.medbeam.transforms.utility.RandomKeyedTransform;

/**
 * The dictionary shell of a random intensity transform: one draw per sample (from the first key's
 * volume, MONAI's {@code first_key}), the same draw applied to every key. MONAI's dictionary form
 * draws {@code rand() < prob} with its own generator and the array transform (built with {@code
 * prob=1}) continues with a generator of the same seed, which consumes that same first value; one
 * generator drawing the array transform's sequence with the dictionary's {@code prob} is therefore
 * draw for draw the same.
 */
abstract class RandIntensityd<D> extends RandomKeyedTransform<D> {
  private static final long serialVersionUID = 1L;

  final RandomizableTransform<D> transform;

  RandIntensityd(KeySelection keys, RandomizableTransform<D> transform) {
    super(keys);
    this.transform = transform;
  }

  @Override
  protected D randomize(RandomState random, Sample sample, Volume first) {
    return transform.randomize(random, first);
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, D draw, int threads) {
    return transform.apply(img, draw);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + keys + ", " + transform + ")";
  }
}
