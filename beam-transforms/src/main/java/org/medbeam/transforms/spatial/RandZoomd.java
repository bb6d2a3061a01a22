package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.RandomizableTrait;

/**
 * MONAI's {@code RandZoomd}: {@code rand() < prob} from the transform's generator, the factors
 * from the inner {@code RandZoom}'s (seeded alike), the same zoom on every key with per-key mode
 * and padding.
 */
public final class RandZoomd extends PerKeyMapTransform<RandZoom>
    implements RandomizableTrait {
  private static final long serialVersionUID = 1L;

  private final double prob;

  private RandZoomd(KeySelection keys, List<RandZoom> perKey, double prob) {
    super(keys, perKey, RandZoom.NAME);
    this.prob = Args.prob("RandZoomd", prob);
  }

  public static RandZoomd of(KeySelection keys, double prob, RandZoom t) {
    return new RandZoomd(keys, same(keys, t.withProb(1.0)), prob);
  }

  public static RandZoomd of(
      KeySelection keys, double prob, RandZoom base, List<String> modes,
      List<String> paddingModes, List<Boolean> alignCorners, List<String> dtypes) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<Boolean> a = keys.broadcast("align_corners", alignCorners);
    List<String> d = keys.broadcast("dtype", dtypes);
    List<RandZoom> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.withProb(1.0).forKey(m.get(i), p.get(i), a.get(i), d.get(i)));
    }
    return new RandZoomd(keys, l, prob);
  }

  RandZoom.Draw draw(RandomState r) {
    RandomState inner = r.copy();
    if (!(r.rand() < prob)) {
      return new RandZoom.Draw(false, new double[0]);
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
