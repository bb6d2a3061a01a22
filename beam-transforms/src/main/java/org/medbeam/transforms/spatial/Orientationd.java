package org.medbeam.transforms.spatial;

import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Orientationd}: {@link Orientation} on every selected key. */
public final class Orientationd extends PerKeyMapTransform<Orientation> {
  private static final long serialVersionUID = 1L;

  private Orientationd(KeySelection keys, Orientation t) {
    super(keys, same(keys, t), Orientation.NAME);
  }

  public static Orientationd of(KeySelection keys, Orientation t) {
    return new Orientationd(keys, t);
  }
}
