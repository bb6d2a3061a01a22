package org.medbeam.transforms.spatial;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Rotate90d}: {@link Rotate90} on every selected key. */
public final class Rotate90d extends PerKeyMapTransform<Rotate90> {
  private static final long serialVersionUID = 1L;

  private Rotate90d(KeySelection keys, Rotate90 t) {
    super(keys, same(keys, t), Rotate90.NAME);
  }

  public static Rotate90d of(KeySelection keys, Rotate90 t) {
    return new Rotate90d(keys, t);
  }
}
