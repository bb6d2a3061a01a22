package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.RandomizableTrait;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code Rand3DElasticd}: one field per sample (prob from this transform's generator,
 * field and affine from the inner transform's, seeded alike), applied to every key with per-key
 * mode and padding. Not invertible (as MONAI).
 */
public final class Rand3DElasticd implements MapTransform, RandomizableTrait {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final List<Rand3DElastic> perKey;
  private final double prob;

  private Rand3DElasticd(KeySelection keys, List<Rand3DElastic> perKey, double prob) {
    this.keys = keys;
    this.perKey = perKey;
    this.prob = Args.prob("Rand3DElasticd", prob);
  }

  public static Rand3DElasticd of(
      KeySelection keys, double prob, Rand3DElastic base, List<String> modes,
      List<String> paddingModes) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<Rand3DElastic> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.withProb(1.0).forKey(m.get(i), p.get(i)));
    }
    return new Rand3DElasticd(keys, l, prob);
  }

  Rand3DElastic.Draw draw(RandomState r, int[] firstShape) {
    RandomState inner = r.copy();
    boolean d = r.rand() < prob;
    Rand3DElastic t = perKey.get(0);
    if (!d) {
      return t.withProb(0.0).randomize(inner, firstShape);
    }
    return t.randomize(inner, firstShape);
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    return applyWith(sample, context.random(sample), context.threads());
  }

  /** Applies {@code random}'s draw (as MONAI after {@code set_random_state}) to every key. */
  Sample applyWith(Sample sample, RandomState random, int threads) {
    List<KeySelection.Present> present = keys.present(sample);
    if (present.isEmpty()) {
      return sample;
    }
    Volume first = sample.volume(present.get(0).key);
    Rand3DElastic.Draw draw = draw(random, first.spatialShape());
    Sample out = sample;
    for (KeySelection.Present p : present) {
      out =
          out.with(
              p.key,
              perKey.get(p.index).withThreads(threads).apply(sample.volume(p.key), draw));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Rand3DElasticd(" + keys + ", " + perKey.get(0) + ")";
  }
}
