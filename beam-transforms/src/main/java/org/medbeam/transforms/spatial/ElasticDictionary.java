package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.RandomizableTrait;
import org.medbeam.transforms.TransformContext;

/**
 * The dictionary form of an elastic deformation ({@code Rand2DElasticd}, {@code
 * Rand3DElasticd}): one deformation per sample — prob from this transform's generator, the
 * deformation from the inner transform's, seeded alike (a copy taken before the prob draw) —
 * applied to every key with per-key mode and padding. Not invertible (as MONAI).
 *
 * @param <T> the array transform
 * @param <D> its drawn parameters
 */
abstract class ElasticDictionary<T, D> implements MapTransform, RandomizableTrait {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final KeySelection keys;
  private final List<T> perKey;
  private final double prob;

  ElasticDictionary(String name, KeySelection keys, List<T> perKey, double prob) {
    this.name = name;
    this.keys = keys;
    this.perKey = perKey;
    this.prob = Args.prob(name, prob);
  }

  /** One array transform per key, made by {@code forKey(mode, padding)} with the broadcast modes. */
  static <T> List<T> perKey(KeySelection keys, List<String> modes, List<String> paddingModes,
      BiFunction<String, String, T> forKey) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<T> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(forKey.apply(m.get(i), p.get(i)));
    }
    return l;
  }

  /** {@code t}'s draw from {@code inner}, with its own prob forced to 1 or 0 by {@code apply}. */
  abstract D randomize(T t, boolean apply, RandomState inner, int[] firstShape);

  /** {@code t} applied to one key's volume with the sample's draw. */
  abstract Volume deform(T t, int threads, Volume img, D draw);

  D draw(RandomState r, int[] firstShape) {
    RandomState inner = r.copy();
    boolean apply = r.rand() < prob;
    return randomize(perKey.get(0), apply, inner, firstShape);
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
    D draw = draw(random, sample.volume(present.get(0).key).spatialShape());
    Sample out = sample;
    for (KeySelection.Present p : present) {
      out = out.with(p.key, deform(perKey.get(p.index), threads, sample.volume(p.key), draw));
    }
    return out;
  }

  @Override
  public String toString() {
    return name + "(" + keys + ", " + perKey.get(0) + ")";
  }
}
