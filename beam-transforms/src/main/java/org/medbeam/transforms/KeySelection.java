package org.medbeam.transforms;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medbeam.core.MissingKeyException;
import org.medbeam.core.Sample;

/**
 * MONAI's {@code keys} plus {@code allow_missing_keys}, and the broadcasting of per-key arguments
 * ({@code mode=("bilinear", "nearest")}) that every dictionary transform shares.
 */
public final class KeySelection implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> keys;
  private final boolean allowMissingKeys;

  private KeySelection(List<String> keys, boolean allowMissingKeys) {
    this.keys = keys;
    this.allowMissingKeys = allowMissingKeys;
  }

  public static KeySelection of(String... keys) {
    return of(List.of(keys), false);
  }

  public static KeySelection of(List<String> keys, boolean allowMissingKeys) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("keys must name at least one key");
    }
    for (String k : keys) {
      if (k == null || k.isEmpty()) {
        throw new IllegalArgumentException("keys must be non-empty strings, got " + keys);
      }
    }
    return new KeySelection(Collections.unmodifiableList(new ArrayList<>(keys)), allowMissingKeys);
  }

  public KeySelection withAllowMissingKeys(boolean allow) {
    return new KeySelection(keys, allow);
  }

  public List<String> keys() {
    return keys;
  }

  public boolean allowMissingKeys() {
    return allowMissingKeys;
  }

  /**
   * The keys present in {@code sample}, in order, each with its index in {@link #keys()} (for
   * per-key arguments). A missing key throws {@link MissingKeyException} unless {@code
   * allow_missing_keys}.
   */
  public List<Present> present(Sample sample) {
    List<Present> out = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      String k = keys.get(i);
      if (sample.has(k)) {
        out.add(new Present(k, i));
      } else if (!allowMissingKeys) {
        throw new MissingKeyException(sample, k);
      }
    }
    return out;
  }

  /**
   * Broadcasts a per-key argument: one value for all keys, or one per key (MONAI's {@code
   * ensure_tuple_rep}). A list of another length is an error naming the argument.
   */
  public <T> List<T> broadcast(String argument, List<T> values) {
    if (values.size() == 1) {
      return Collections.nCopies(keys.size(), values.get(0));
    }
    if (values.size() != keys.size()) {
      throw new IllegalArgumentException(
          argument + " has " + values.size() + " values for " + keys.size() + " keys " + keys
              + "; give one value, or one per key");
    }
    return values;
  }

  /** A key present in the sample and its index among {@link #keys()}. */
  public static final class Present {
    public final String key;
    public final int index;

    Present(String key, int index) {
      this.key = key;
      this.index = index;
    }
  }

  @Override
  public String toString() {
    return "keys=" + keys + (allowMissingKeys ? ", allow_missing_keys=true" : "");
  }
}
