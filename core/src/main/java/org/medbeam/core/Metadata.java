package org.medbeam.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, ordered {@code String → value} map of header fields, MONAI's {@code meta} dict.
 *
 * <p>Values are limited to what the binary coders carry bit-exactly: {@code null}, {@link
 * Boolean}, {@link Integer}, {@link Long}, {@link Float}, {@link Double}, {@link String}, {@code
 * int[]}, {@code long[]}, {@code float[]}, {@code double[]}, {@link List} and {@link Map} (String
 * keys) of those, and {@link Metadata} itself. Arrays are copied in and out.
 *
 * <p>Keys used across medbeam follow MONAI's names: {@value #FILENAME}, {@value
 * #ORIGINAL_AFFINE}, {@value #SPATIAL_SHAPE}, {@value #ORIGINAL_CHANNEL_DIM}, {@value #PIXDIM},
 * {@value #SPACE}, {@value #FORMAT}.
 */
public final class Metadata {
  public static final String FILENAME = "filename_or_obj";
  public static final String ORIGINAL_AFFINE = "original_affine";
  public static final String SPATIAL_SHAPE = "spatial_shape";
  public static final String ORIGINAL_CHANNEL_DIM = "original_channel_dim";
  public static final String PIXDIM = "pixdim";
  public static final String SPACE = "space";
  public static final String FORMAT = "format";
  /**
   * What identifies the source's content for incremental runs: a SHA-256 over the source files'
   * names, sizes and (DICOM) SOP Instance UIDs or (other files) modification times.
   */
  public static final String SOURCE_FINGERPRINT = "source_fingerprint";

  private static final Metadata EMPTY = new Metadata(Collections.emptyMap());

  private final Map<String, Object> values;

  private Metadata(Map<String, Object> values) {
    this.values = values;
  }

  public static Metadata empty() {
    return EMPTY;
  }

  /** From alternating key/value pairs. */
  public static Metadata of(Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("Metadata.of needs key/value pairs");
    }
    Builder b = builder();
    for (int i = 0; i < keyValues.length; i += 2) {
      b.put((String) keyValues[i], keyValues[i + 1]);
    }
    return b.build();
  }

  public static Metadata copyOf(Map<String, ?> map) {
    Builder b = builder();
    for (Map.Entry<String, ?> e : map.entrySet()) {
      b.put(e.getKey(), e.getValue());
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder(new LinkedHashMap<>());
  }

  public Builder toBuilder() {
    return new Builder(new LinkedHashMap<>(values));
  }

  public Metadata with(String key, Object value) {
    return toBuilder().put(key, value).build();
  }

  public Metadata without(String key) {
    if (!values.containsKey(key)) {
      return this;
    }
    Builder b = toBuilder();
    b.map.remove(key);
    return b.build();
  }

  public boolean containsKey(String key) {
    return values.containsKey(key);
  }

  public Set<String> keySet() {
    return Collections.unmodifiableSet(values.keySet());
  }

  public int size() {
    return values.size();
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /** The value, with arrays copied out; {@code null} when absent. */
  public Object get(String key) {
    return copyOut(values.get(key));
  }

  public String getString(String key) {
    Object v = values.get(key);
    return v == null ? null : v.toString();
  }

  /** A number as double, or {@code fallback} when absent. */
  public double getDouble(String key, double fallback) {
    Object v = values.get(key);
    return v instanceof Number ? ((Number) v).doubleValue() : fallback;
  }

  public long getLong(String key, long fallback) {
    Object v = values.get(key);
    return v instanceof Number ? ((Number) v).longValue() : fallback;
  }

  public double[] getDoubleArray(String key) {
    Object v = values.get(key);
    if (v instanceof double[]) {
      return ((double[]) v).clone();
    }
    if (v instanceof float[]) {
      float[] f = (float[]) v;
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
    if (v instanceof int[]) {
      return Arrays.stream((int[]) v).asDoubleStream().toArray();
    }
    if (v instanceof long[]) {
      return Arrays.stream((long[]) v).asDoubleStream().toArray();
    }
    return null;
  }

  public int[] getIntArray(String key) {
    Object v = values.get(key);
    if (v instanceof int[]) {
      return ((int[]) v).clone();
    }
    if (v instanceof long[]) {
      return Arrays.stream((long[]) v).mapToInt(Math::toIntExact).toArray();
    }
    return null;
  }

  /** An unmodifiable view; arrays inside are shared, callers must not modify them. */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  private static Object copyOut(Object v) {
    if (v instanceof double[]) {
      return ((double[]) v).clone();
    }
    if (v instanceof float[]) {
      return ((float[]) v).clone();
    }
    if (v instanceof int[]) {
      return ((int[]) v).clone();
    }
    if (v instanceof long[]) {
      return ((long[]) v).clone();
    }
    return v;
  }

  /** Validates and deep-copies a value into its stored form. */
  static Object normalize(String key, Object v) {
    if (v == null
        || v instanceof Boolean
        || v instanceof Integer
        || v instanceof Long
        || v instanceof Float
        || v instanceof Double
        || v instanceof String
        || v instanceof Metadata) {
      return v;
    }
    if (v instanceof Short || v instanceof Byte) {
      return ((Number) v).intValue();
    }
    if (v instanceof double[]) {
      return ((double[]) v).clone();
    }
    if (v instanceof float[]) {
      return ((float[]) v).clone();
    }
    if (v instanceof int[]) {
      return ((int[]) v).clone();
    }
    if (v instanceof long[]) {
      return ((long[]) v).clone();
    }
    if (v instanceof Affine) {
      return ((Affine) v).toArray();
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(normalize(key, o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map) {
      Builder b = builder();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        b.put(String.valueOf(e.getKey()), e.getValue());
      }
      return b.build();
    }
    throw new IllegalArgumentException(
        "metadata '" + key + "': values of type " + v.getClass().getName()
            + " are not supported (use numbers, strings, booleans, primitive arrays, lists, maps)");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Metadata)) {
      return false;
    }
    Map<String, Object> other = ((Metadata) o).values;
    if (!values.keySet().equals(other.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!valueEquals(e.getValue(), other.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Deep equality of metadata values: arrays by content, lists element by element. */
  public static boolean valueEquals(Object a, Object b) {
    if (a instanceof List && b instanceof List) {
      List<?> la = (List<?>) a;
      List<?> lb = (List<?>) b;
      if (la.size() != lb.size()) {
        return false;
      }
      for (int i = 0; i < la.size(); i++) {
        if (!valueEquals(la.get(i), lb.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.deepEquals(a, b);
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      h += e.getKey().hashCode() ^ Arrays.deepHashCode(new Object[] {e.getValue()});
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(e.getKey()).append('=');
      Object v = e.getValue();
      if (v instanceof double[]) {
        sb.append(Arrays.toString((double[]) v));
      } else if (v instanceof float[]) {
        sb.append(Arrays.toString((float[]) v));
      } else if (v instanceof int[]) {
        sb.append(Arrays.toString((int[]) v));
      } else if (v instanceof long[]) {
        sb.append(Arrays.toString((long[]) v));
      } else {
        sb.append(v);
      }
    }
    return sb.append('}').toString();
  }

  /** Builds a {@link Metadata}; insertion order is kept. */
  public static final class Builder {
    private final LinkedHashMap<String, Object> map;

    private Builder(LinkedHashMap<String, Object> map) {
      this.map = map;
    }

    public Builder put(String key, Object value) {
      Objects.requireNonNull(key, "metadata key");
      map.put(key, normalize(key, value));
      return this;
    }

    public Builder putAll(Metadata other) {
      map.putAll(other.values);
      return this;
    }

    public Builder remove(String key) {
      map.remove(key);
      return this;
    }

    public Metadata build() {
      return map.isEmpty() ? EMPTY : new Metadata(Collections.unmodifiableMap(new LinkedHashMap<>(map)));
    }
  }
}
