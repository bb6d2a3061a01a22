package org.medbeam.transforms.spatial;

import org.medbeam.core.RandomState;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.RandomizableTrait;

/** MONAI's {@code RandFlipd}: one {@code rand() < prob} per sample, the same flip on every key. */
public final class RandFlipd extends PerKeyMapTransform<RandFlip>
    implements RandomizableTrait {
  private static final long serialVersionUID = 1L;

  private RandFlipd(KeySelection keys, RandFlip t) {
    super(keys, same(keys, t), RandFlip.NAME);
  }

  public static RandFlipd of(KeySelection keys, RandFlip t) {
    return new RandFlipd(keys, t);
  }

  @Override
  boolean isRandom() {
    return true;
  }

  @Override
  Object draw(RandomState random, Geometry first) {
    return random.rand() < perKey.get(0).prob();
  }

}
