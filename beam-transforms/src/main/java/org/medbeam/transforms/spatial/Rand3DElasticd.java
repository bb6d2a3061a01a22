package org.medbeam.transforms.spatial;

import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code Rand3DElasticd}: see {@link ElasticDictionary}. */
public final class Rand3DElasticd extends ElasticDictionary<Rand3DElastic, Rand3DElastic.Draw> {
  private static final long serialVersionUID = 1L;

  private Rand3DElasticd(KeySelection keys, List<Rand3DElastic> perKey, double prob) {
    super("Rand3DElasticd", keys, perKey, prob);
  }

  public static Rand3DElasticd of(
      KeySelection keys, double prob, Rand3DElastic base, List<String> modes,
      List<String> paddingModes) {
    return new Rand3DElasticd(keys,
        perKey(keys, modes, paddingModes, (m, p) -> base.withProb(1.0).forKey(m, p)), prob);
  }

  @Override
  Rand3DElastic.Draw randomize(
      Rand3DElastic t, boolean apply, RandomState inner, int[] firstShape) {
    return (apply ? t : t.withProb(0.0)).randomize(inner, firstShape);
  }

  @Override
  Volume deform(Rand3DElastic t, int threads, Volume img, Rand3DElastic.Draw draw) {
    return t.withThreads(threads).apply(img, draw);
  }
}
