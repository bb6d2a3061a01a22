package org.medbeam.transforms.spatial;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Flipd}: {@link Flip} on every selected key. */
public final class Flipd extends PerKeyMapTransform<Flip> {
  private static final long serialVersionUID = 1L;

  private Flipd(KeySelection keys, Flip t) {
    super(keys, same(keys, t), Flip.NAME);
  }

  public static Flipd of(KeySelection keys, Flip t) {
    return new Flipd(keys, t);
  }
}
