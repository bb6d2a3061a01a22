package org.medbeam.transforms.spatial;

import org.medbeam.core.RandomState;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.RandomizableTrait;

/**
 * MONAI's {@code RandRotate90d}: draws {@code k = randint(max_k) + 1} first, then {@code rand() <
 * prob} (the dictionary form's order), and rotates every key alike.
 */
public final class RandRotate90d extends PerKeyMapTransform<RandRotate90>
    implements RandomizableTrait {
  private static final long serialVersionUID = 1L;

  private RandRotate90d(KeySelection keys, RandRotate90 t) {
    super(keys, same(keys, t), RandRotate90.NAME);
  }

  public static RandRotate90d of(KeySelection keys, RandRotate90 t) {
    return new RandRotate90d(keys, t);
  }

  /** The draw MONAI's {@code RandRotate90d.randomize} makes. */
  RandRotate90.Draw draw(RandomState r) {
    RandRotate90 t = perKey.get(0);
    int k = (int) r.randint(t.maxK()) + 1;
    boolean d = r.rand() < t.prob();
    return new RandRotate90.Draw(d, k);
  }

  @Override
  boolean isRandom() {
    return true;
  }

  @Override
  Object draw(RandomState random, Geometry first) {
    return draw(random);
  }

}
