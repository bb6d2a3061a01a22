package org.medbeam.transforms.utility;

import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * The shell every deterministic dictionary transform shares (MONAI's {@code MapTransform} with
 * {@code key_iterator}): applies {@link #applyKey} to each selected key present in the sample, in
 * key order, and keeps every other entry as it is. Missing keys follow {@code allow_missing_keys}.
 */
public abstract class KeyedTransform implements MapTransform {
  private static final long serialVersionUID = 1L;

  protected final KeySelection keys;

  protected KeyedTransform(KeySelection keys) {
    if (keys == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": keys must be given");
    }
    this.keys = keys;
  }

  public KeySelection keys() {
    return keys;
  }

  /**
   * Transforms the volume of one key.
   *
   * @param keyIndex the key's index in {@link #keys()} (for per-key arguments)
   * @param threads intra-op threads the kernel may use
   */
  protected abstract Volume applyKey(Volume img, int keyIndex, int threads);

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    return apply(sample, context.threads());
  }

  /** Applies the transform with {@code threads} intra-op threads. */
  public Sample apply(Sample sample, int threads) {
    Sample out = sample;
    for (KeySelection.Present p : keys.present(sample)) {
      out = out.with(p.key, applyKey(sample.volume(p.key), p.index, threads));
    }
    return out;
  }

  /** A per-key argument list broadcast to the keys (one value for all, or one per key). */
  protected <T> List<T> perKey(String argument, List<T> values) {
    return keys.broadcast(getClass().getSimpleName() + ": " + argument, values);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + keys + ")";
  }
}
