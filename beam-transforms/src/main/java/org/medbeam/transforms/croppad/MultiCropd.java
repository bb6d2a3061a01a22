package org.medbeam.transforms.croppad;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MultiSampleTransform;
import org.medbeam.transforms.RandomizableTrait;
import org.medbeam.transforms.TransformContext;

/**
 * The shell of MONAI's multi-sample dictionary crops: one draw per input sample, applied to every
 * key; output {@code i} keeps every other entry and gets the id {@link Sample#derivedId(int)}.
 *
 * @param <D> the draw
 */
abstract class MultiCropd<D>
    implements MultiSampleTransform, InvertibleMapTransform, RandomizableTrait {
  private static final long serialVersionUID = 1L;

  final KeySelection keys;

  MultiCropd(KeySelection keys) {
    if (keys == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": keys must be given");
    }
    this.keys = keys;
  }

  public KeySelection keys() {
    return keys;
  }

  abstract int numSamples();

  /** The operation name each crop records (for the inverse). */
  abstract String operation();

  abstract D randomize(RandomState random, Sample sample, int threads);

  /** The crops of one key's volume. */
  abstract List<Volume> crop(Volume img, int keyIndex, D draw);

  /** The crops with {@code threads} intra-op threads (default: one). */
  List<Volume> crop(Volume img, int keyIndex, D draw, int threads) {
    return crop(img, keyIndex, draw);
  }

  /** The input with entries the transform consumes removed (MONAI pops them). */
  Sample consumed(Sample sample) {
    return sample;
  }

  @Override
  public List<Sample> applyMulti(Sample sample, TransformContext context) {
    return applyMulti(sample, context.random(sample), context.threads());
  }

  /** With an explicit generator: {@code RandomState.of(seed)} reproduces MONAI's seeded draws. */
  public List<Sample> applyMulti(Sample sample, RandomState random) {
    return applyMulti(sample, random, 1);
  }

  public List<Sample> applyMulti(Sample sample, RandomState random, int threads) {
    D draw = randomize(random, sample, threads);
    Sample base = consumed(sample);
    int n = numSamples();
    List<Sample> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(base.withId(sample.derivedId(i)));
    }
    for (KeySelection.Present p : keys.present(base)) {
      List<Volume> crops = crop(base.volume(p.key), p.index, draw, threads);
      for (int i = 0; i < n; i++) {
        out.set(i, out.get(i).with(p.key, crops.get(i)));
      }
    }
    return out;
  }

  /** Pads each key of one output sample back to the input grid (zeros outside the crop). */
  @Override
  public Sample inverse(Sample sample) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out =
          out.with(
              p.key,
              org.medbeam.transforms.Inversion.undoTop(sample.volume(p.key), operation(), null));
    }
    return out;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + keys + ", num_samples=" + numSamples() + ")";
  }
}
