package org.medbeam.transforms.utility;

import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.RandomizableTrait;
import org.medbeam.transforms.TransformContext;

/**
 * The shell of MONAI's random dictionary transforms: one draw per sample, from {@link
 * TransformContext#random(Sample)}, applied to every selected key alike (an image and its label get
 * the same flip, the same noise, the same crop).
 *
 * <p>{@link #apply(Sample, RandomState)} takes the generator explicitly: with {@code
 * RandomState.of(seed)} it reproduces MONAI's {@code Xd(...).set_random_state(seed)} draw for draw.
 *
 * @param <D> the drawn parameters; immutable
 */
public abstract class RandomKeyedTransform<D> implements MapTransform, RandomizableTrait {
  private static final long serialVersionUID = 1L;

  protected final KeySelection keys;

  protected RandomKeyedTransform(KeySelection keys) {
    if (keys == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": keys must be given");
    }
    this.keys = keys;
  }

  public KeySelection keys() {
    return keys;
  }

  /**
   * Draws the parameters once for the sample, in MONAI's order. {@code first} is the volume of the
   * first selected key present (MONAI's {@code first_key}), or null when none is present.
   */
  protected abstract D randomize(RandomState random, Sample sample, Volume first);

  /** Applies the draw to one key's volume. */
  protected abstract Volume applyKey(Volume img, int keyIndex, D draw, int threads);

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    return apply(sample, context.random(sample), context.threads());
  }

  /** Draws from {@code random} and applies the draw to every key (one intra-op thread). */
  public Sample apply(Sample sample, RandomState random) {
    return apply(sample, random, 1);
  }

  public Sample apply(Sample sample, RandomState random, int threads) {
    java.util.List<KeySelection.Present> present = keys.present(sample);
    Volume first = present.isEmpty() ? null : sample.volume(present.get(0).key);
    D draw = randomize(random, sample, first);
    Sample out = sample;
    for (KeySelection.Present p : present) {
      out = out.with(p.key, applyKey(sample.volume(p.key), p.index, draw, threads));
    }
    return out;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + keys + ")";
  }
}
