package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Resized}: {@link Resize} on every key with per-key mode, anti-aliasing, ... */
public final class Resized extends PerKeyMapTransform<Resize> {
  private static final long serialVersionUID = 1L;

  private Resized(KeySelection keys, List<Resize> perKey) {
    super(keys, perKey, Resize.NAME);
  }

  public static Resized of(KeySelection keys, Resize t) {
    return new Resized(keys, same(keys, t));
  }

  /** Each list holds one value or one per key (null entries: unset / base's value). */
  public static Resized of(
      KeySelection keys, Resize base, List<String> modes, List<Boolean> alignCorners,
      List<Boolean> antiAliasing, List<double[]> antiAliasingSigma, List<String> dtypes) {
    List<String> m = keys.broadcast("mode", modes);
    List<Boolean> a = keys.broadcast("align_corners", alignCorners);
    List<Boolean> aa = keys.broadcast("anti_aliasing", antiAliasing);
    List<double[]> s = keys.broadcast("anti_aliasing_sigma", antiAliasingSigma);
    List<String> d = keys.broadcast("dtype", dtypes);
    List<Resize> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.forKey(m.get(i), a.get(i), aa.get(i), s.get(i), d.get(i)));
    }
    return new Resized(keys, l);
  }
}
