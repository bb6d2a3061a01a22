package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Rotated}: {@link Rotate} on every key with per-key mode, padding, ... */
public final class Rotated extends PerKeyMapTransform<Rotate> {
  private static final long serialVersionUID = 1L;

  private Rotated(KeySelection keys, List<Rotate> perKey) {
    super(keys, perKey, Rotate.NAME);
  }

  public static Rotated of(KeySelection keys, Rotate t) {
    return new Rotated(keys, same(keys, t));
  }

  /** Each list holds one value or one per key; null dtype entries keep the base's. */
  public static Rotated of(
      KeySelection keys, Rotate base, List<String> modes, List<String> paddingModes,
      List<Boolean> alignCorners, List<String> dtypes) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<Boolean> a = keys.broadcast("align_corners", alignCorners);
    List<String> d = keys.broadcast("dtype", dtypes);
    List<Rotate> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.forKey(m.get(i), p.get(i), a.get(i), d.get(i)));
    }
    return new Rotated(keys, l);
  }
}
