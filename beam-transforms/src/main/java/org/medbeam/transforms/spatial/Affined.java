package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Affined}: {@link Affine} on every key with per-key mode and padding. */
public final class Affined extends PerKeyMapTransform<Affine> {
  private static final long serialVersionUID = 1L;

  private Affined(KeySelection keys, List<Affine> perKey) {
    super(keys, perKey, Affine.NAME);
  }

  public static Affined of(KeySelection keys, Affine t) {
    return new Affined(keys, same(keys, t));
  }

  public static Affined of(
      KeySelection keys, Affine base, List<String> modes, List<String> paddingModes) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<Affine> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.forKey(m.get(i), p.get(i)));
    }
    return new Affined(keys, l);
  }
}
