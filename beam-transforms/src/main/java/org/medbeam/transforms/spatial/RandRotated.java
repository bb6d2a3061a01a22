package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.RandomizableTrait;

/**
 * MONAI's {@code RandRotated}: {@code rand() < prob} from the transform's generator, the angles
 * from the inner {@code RandRotate}'s generator (seeded alike: a copy taken before the prob draw),
 * the same rotation on every key with per-key mode and padding.
 */
public final class RandRotated extends PerKeyMapTransform<RandRotate>
    implements RandomizableTrait {
  private static final long serialVersionUID = 1L;

  private final double prob;

  private RandRotated(KeySelection keys, List<RandRotate> perKey, double prob) {
    super(keys, perKey, RandRotate.NAME);
    this.prob = Args.prob("RandRotated", prob);
  }

  public static RandRotated of(KeySelection keys, double prob, RandRotate t) {
    return new RandRotated(keys, same(keys, t.withProb(1.0)), prob);
  }

  public static RandRotated of(
      KeySelection keys, double prob, RandRotate base, List<String> modes,
      List<String> paddingModes, List<Boolean> alignCorners, List<String> dtypes) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<Boolean> a = keys.broadcast("align_corners", alignCorners);
    List<String> d = keys.broadcast("dtype", dtypes);
    List<RandRotate> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.withProb(1.0).forKey(m.get(i), p.get(i), a.get(i), d.get(i)));
    }
    return new RandRotated(keys, l, prob);
  }

  RandRotate.Draw draw(RandomState r) {
    RandomState inner = r.copy();
    if (!(r.rand() < prob)) {
      return new RandRotate.Draw(false, 0, 0, 0);
    }
    return perKey.get(0).randomize(inner, null);
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
