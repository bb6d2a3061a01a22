package org.medbeam.transforms.spatial;

import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Rand2DElasticd}: see {@link ElasticDictionary}. */
public final class Rand2DElasticd extends ElasticDictionary<Rand2DElastic, Rand2DElastic.Draw> {
  private static final long serialVersionUID = 1L;

  private Rand2DElasticd(KeySelection keys, List<Rand2DElastic> perKey, double prob) {
    super("Rand2DElasticd", keys, perKey, prob);
  }

  public static Rand2DElasticd of(
      KeySelection keys, double prob, Rand2DElastic base, List<String> modes,
      List<String> paddingModes) {
    return new Rand2DElasticd(keys,
        perKey(keys, modes, paddingModes, (m, p) -> base.withProb(1.0).forKey(m, p)), prob);
  }

  @Override
  Rand2DElastic.Draw randomize(
      Rand2DElastic t, boolean apply, RandomState inner, int[] firstShape) {
    return (apply ? t : t.withProb(0.0)).randomize(inner, firstShape);
  }

  @Override
  Volume deform(Rand2DElastic t, int threads, Volume img, Rand2DElastic.Draw draw) {
    return t.withThreads(threads).apply(img, draw);
  }
}
