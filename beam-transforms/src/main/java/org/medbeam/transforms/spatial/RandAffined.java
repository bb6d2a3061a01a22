package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.RandomizableTrait;

/**
 * MONAI's {@code RandAffined}: {@code rand() < prob} from the transform's generator, the affine
 * from the inner {@code RandAffine} (its own prob draw and the grid generator's second parameter
 * set, all seeded alike), the same affine on every key with per-key mode and padding.
 */
public final class RandAffined extends PerKeyMapTransform<RandAffine>
    implements RandomizableTrait {
  private static final long serialVersionUID = 1L;

  private final double prob;

  private RandAffined(KeySelection keys, List<RandAffine> perKey, double prob) {
    super(keys, perKey, RandAffine.NAME);
    this.prob = Args.prob("RandAffined", prob);
  }

  public static RandAffined of(KeySelection keys, double prob, RandAffine t) {
    return new RandAffined(keys, same(keys, t.withProb(1.0)), prob);
  }

  public static RandAffined of(
      KeySelection keys, double prob, RandAffine base, List<String> modes,
      List<String> paddingModes) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<RandAffine> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.withProb(1.0).forKey(m.get(i), p.get(i)));
    }
    return new RandAffined(keys, l, prob);
  }

  RandAffine.Draw draw(RandomState r) {
    RandomState inner = r.copy();
    if (!(r.rand() < prob)) {
      return new RandAffine.Draw(false, RandAffineGrid.Params.identity());
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
