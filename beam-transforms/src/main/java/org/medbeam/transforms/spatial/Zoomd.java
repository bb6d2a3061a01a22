package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Zoomd}: {@link Zoom} on every key with per-key mode, padding, ... */
public final class Zoomd extends PerKeyMapTransform<Zoom> {
  private static final long serialVersionUID = 1L;

  private Zoomd(KeySelection keys, List<Zoom> perKey) {
    super(keys, perKey, Zoom.NAME);
  }

  public static Zoomd of(KeySelection keys, Zoom t) {
    return new Zoomd(keys, same(keys, t));
  }

  /** Each list holds one value or one per key (align_corners/dtype entries may be null). */
  public static Zoomd of(
      KeySelection keys, Zoom base, List<String> modes, List<String> paddingModes,
      List<Boolean> alignCorners, List<String> dtypes) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<Boolean> a = keys.broadcast("align_corners", alignCorners);
    List<String> d = keys.broadcast("dtype", dtypes);
    List<Zoom> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.forKey(m.get(i), p.get(i), a.get(i), d.get(i)));
    }
    return new Zoomd(keys, l);
  }
}
