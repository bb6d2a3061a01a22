package org.medbeam.transforms.spatial;

import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;

/**
 * Shared shell of the spatial dictionary transforms (MONAI's {@code …d}): selects keys, draws
 * once per sample, applies the same draw to every key with that key's arguments, and inverts
 * each key through its recorded operation.
 */
abstract class SpatialMapTransform implements InvertibleMapTransform, LazySpatialMapTransform {
  private static final long serialVersionUID = 1L;

  protected final KeySelection keys;

  SpatialMapTransform(KeySelection keys) {
    this.keys = keys;
  }

  @Override
  public KeySelection keySelection() {
    return keys;
  }

  /** MONAI's class name of the array operation each key records. */
  abstract String recordedClass();

  /** Random transforms: the per-sample draw from {@code random}. Deterministic ones: null. */
  Object draw(RandomState random, Geometry first) {
    return null;
  }

  /** Whether this transform draws random parameters. */
  boolean isRandom() {
    return false;
  }

  @Override
  public Object lazyDraw(Sample sample, TransformContext context, Geometry first) {
    return isRandom() ? draw(context.random(sample), first) : null;
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    List<KeySelection.Present> present = keys.present(sample);
    if (present.isEmpty()) {
      return sample;
    }
    Geometry first = Geometry.of(sample.volume(present.get(0).key));
    return applyDrawn(sample, lazyDraw(sample, context, first), context.threads());
  }

  /** Applies {@code random}'s draw (as MONAI after {@code set_random_state}) to every key. */
  Sample applyWith(Sample sample, RandomState random, int threads) {
    List<KeySelection.Present> present = keys.present(sample);
    if (present.isEmpty()) {
      return sample;
    }
    Geometry first = Geometry.of(sample.volume(present.get(0).key));
    return applyDrawn(sample, isRandom() ? draw(random, first) : lazyDraw(sample, null, first),
        threads);
  }

  private Sample applyDrawn(Sample sample, Object draw, int threads) {
    List<KeySelection.Present> present = keys.present(sample);
    Sample out = sample;
    for (KeySelection.Present p : present) {
      Volume v = sample.volume(p.key);
      try {
        out = out.with(p.key, plan(p.index, Geometry.of(v), draw).execute(v, threads));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            getClass().getSimpleName() + ", key '" + p.key + "': " + e.getMessage(), e);
      }
    }
    return out;
  }

  @Override
  public Sample inverse(Sample sample) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out = out.with(p.key, Inversion.undoTop(sample.volume(p.key), recordedClass(), null));
    }
    return out;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + keys + ")";
  }
}
