package org.medbeam.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.beam.sdk.coders.DefaultCoder;

/**
 * The dictionary record MONAI's dictionary transforms work on: an ordered {@code String → value}
 * map plus a stable {@link #id()}.
 *
 * <p>Values are {@link Volume}s or the metadata value types ({@link Metadata}'s list). The id is
 * derived from the source (path, or SOP/Series Instance UID), never from arrival order: it seeds
 * every random transform ({@link RandomState#forSample}) and names outputs. Samples derived from
 * one (the {@code num_samples} crops of a random crop) get {@link #derivedId(int)} ids.
 */
@DefaultCoder(SampleCoder.class)
public final class Sample {
  private final String id;
  private final Map<String, Object> values;

  private Sample(String id, Map<String, Object> values) {
    this.id = id;
    this.values = values;
  }

  public static Sample of(String id) {
    return new Sample(checkId(id), Collections.emptyMap());
  }

  /** A sample with one entry. */
  public static Sample of(String id, String key, Object value) {
    return of(id).with(key, value);
  }

  private static String checkId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("sample id must be a non-empty string");
    }
    return id;
  }

  public String id() {
    return id;
  }

  /** The id of the {@code index}-th sample derived from this one: {@code "<id>#<index>"}. */
  public String derivedId(int index) {
    return id + "#" + index;
  }

  public Sample withId(String newId) {
    return new Sample(checkId(newId), values);
  }

  /** A copy with {@code key} set (appended if new, replaced in place if present). */
  public Sample with(String key, Object value) {
    Objects.requireNonNull(key, "key");
    Object stored = value instanceof Volume ? value : Metadata.normalize(key, value);
    LinkedHashMap<String, Object> m = new LinkedHashMap<>(values);
    m.put(key, stored);
    return new Sample(id, Collections.unmodifiableMap(m));
  }

  public Sample without(String key) {
    if (!values.containsKey(key)) {
      return this;
    }
    LinkedHashMap<String, Object> m = new LinkedHashMap<>(values);
    m.remove(key);
    return new Sample(id, Collections.unmodifiableMap(m));
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public Set<String> keys() {
    return values.keySet();
  }

  /** The value, or {@code null} when absent. */
  public Object get(String key) {
    return values.get(key);
  }

  /** The volume under {@code key}; a {@link MissingKeyException} when absent or not a volume. */
  public Volume volume(String key) {
    Object v = values.get(key);
    if (v instanceof Volume) {
      return (Volume) v;
    }
    if (v == null) {
      throw new MissingKeyException(this, key);
    }
    throw new IllegalArgumentException(
        "sample '" + id + "': key '" + key + "' holds a " + v.getClass().getSimpleName()
            + ", not a volume");
  }

  public String getString(String key) {
    Object v = values.get(key);
    return v == null ? null : v.toString();
  }

  /** An unmodifiable view of the entries. */
  public Map<String, Object> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Sample)) {
      return false;
    }
    Sample s = (Sample) o;
    if (!id.equals(s.id) || !values.keySet().equals(s.values.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!Metadata.valueEquals(e.getValue(), s.values.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, values.keySet());
  }

  @Override
  public String toString() {
    return "Sample(" + id + ", " + values.keySet() + ")";
  }
}
