package org.medbeam.transforms.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.medbeam.transforms.KeySelection;

/**
 * The keyword arguments of one transform in a MONAI Bundle-style config ({@code {"_target_":
 * "Spacingd", "keys": ["image"], "pixdim": [1.5, 1.5, 2.0]}}), with typed getters that accept
 * MONAI's spellings (snake_case names; a scalar where a sequence is expected) and errors that
 * name the transform, the argument, the bad value and what is accepted.
 *
 * <p>A factory reads every argument it supports; {@link TransformRegistry} then calls {@link
 * #checkAllUsed()} so a misspelt or unsupported argument is an error, not silently ignored.
 */
public final class ConfigArgs {
  private final String target;
  private final Map<String, Object> values;
  private final Set<String> used = new LinkedHashSet<>();

  public ConfigArgs(String target, Map<String, ?> values) {
    this.target = target;
    this.values = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : values.entrySet()) {
      if (!e.getKey().equals("_target_")) {
        this.values.put(normalizeName(e.getKey()), e.getValue());
      }
    }
  }

  /** Accepts camelCase as well: {@code allowMissingKeys} → {@code allow_missing_keys}. */
  static String normalizeName(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** The transform's name as written after {@code _target_}. */
  public String target() {
    return target;
  }

  public boolean has(String name) {
    used.add(name);
    return values.containsKey(name) && values.get(name) != null;
  }

  /**
   * True when the config sets {@code name} to {@code null} explicitly (Python's {@code None}),
   * which for some MONAI arguments differs from leaving it out ({@code ScaleIntensity(maxv=None)},
   * {@code dtype=None}).
   */
  public boolean isNull(String name) {
    used.add(name);
    return values.containsKey(name) && values.get(name) == null;
  }

  /** The raw value (JSON/YAML scalars, lists, maps), or null. */
  public Object raw(String name) {
    used.add(name);
    return values.get(name);
  }

  /** An error about argument {@code name}. */
  public IllegalArgumentException error(String name, String problem) {
    return new IllegalArgumentException(target + ": argument '" + name + "' " + problem);
  }

  private IllegalArgumentException typeError(String name, Object v, String expected) {
    return error(name, "must be " + expected + ", got " + describe(v));
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String) {
      return "\"" + v + "\"";
    }
    return v.toString();
  }

  public Object require(String name) {
    if (!has(name)) {
      throw error(name, "is required");
    }
    return values.get(name);
  }

  // ------------------------------------------------------------------ scalars

  public String getString(String name, String fallback) {
    return has(name) ? asString(name, values.get(name)) : fallback;
  }

  public String requireString(String name) {
    return asString(name, require(name));
  }

  private String asString(String name, Object v) {
    if (v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    throw typeError(name, v, "a string");
  }

  /** A string from a closed set (case-insensitive), returned as the accepted spelling. */
  public String getChoice(String name, String fallback, String... accepted) {
    if (!has(name)) {
      return fallback;
    }
    return choice(name, asString(name, values.get(name)), accepted);
  }

  String choice(String name, String v, String... accepted) {
    for (String a : accepted) {
      if (a.equalsIgnoreCase(v)) {
        return a;
      }
    }
    throw error(name, "is \"" + v + "\"; accepted: " + String.join(", ", accepted));
  }

  public boolean getBoolean(String name, boolean fallback) {
    if (!has(name)) {
      return fallback;
    }
    Object v = values.get(name);
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    if (v instanceof String) {
      String s = ((String) v).toLowerCase(Locale.ROOT);
      if (s.equals("true")) {
        return true;
      }
      if (s.equals("false")) {
        return false;
      }
    }
    throw typeError(name, v, "true or false");
  }

  public double getDouble(String name, double fallback) {
    return has(name) ? asDouble(name, values.get(name)) : fallback;
  }

  public double requireDouble(String name) {
    return asDouble(name, require(name));
  }

  private double asDouble(String name, Object v) {
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof String) {
      try {
        return Double.parseDouble((String) v);
      } catch (NumberFormatException e) {
        // fall through to the error
      }
    }
    throw typeError(name, v, "a number");
  }

  public int getInt(String name, int fallback) {
    return has(name) ? asInt(name, values.get(name)) : fallback;
  }

  public int requireInt(String name) {
    return asInt(name, require(name));
  }

  private int asInt(String name, Object v) {
    double d = asDouble(name, v);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw typeError(name, v, "an integer");
    }
    return (int) d;
  }

  // ------------------------------------------------------------------ sequences

  /** A list, or a scalar as a one-element list (MONAI's {@code ensure_tuple}). */
  public List<Object> getList(String name) {
    if (!has(name)) {
      return null;
    }
    Object v = values.get(name);
    if (v instanceof List) {
      return new ArrayList<>((List<?>) v);
    }
    List<Object> l = new ArrayList<>();
    l.add(v);
    return l;
  }

  public List<String> getStrings(String name, List<String> fallback) {
    List<Object> l = getList(name);
    if (l == null) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (Object o : l) {
      out.add(asString(name, o));
    }
    return out;
  }

  /** Strings from a closed set, one or one per key. */
  public List<String> getChoices(String name, List<String> fallback, String... accepted) {
    List<String> l = getStrings(name, null);
    if (l == null) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    for (String s : l) {
      out.add(choice(name, s, accepted));
    }
    return out;
  }

  public double[] getDoubles(String name, double[] fallback) {
    List<Object> l = getList(name);
    if (l == null) {
      return fallback;
    }
    double[] out = new double[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = asDouble(name, l.get(i));
    }
    return out;
  }

  public double[] requireDoubles(String name) {
    require(name);
    return getDoubles(name, null);
  }

  public int[] getInts(String name, int[] fallback) {
    List<Object> l = getList(name);
    if (l == null) {
      return fallback;
    }
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = asInt(name, l.get(i));
    }
    return out;
  }

  public int[] requireInts(String name) {
    require(name);
    return getInts(name, null);
  }

  /** A nested argument (e.g. a transform spec inside {@code OneOf}), as a map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> getMap(String name) {
    if (!has(name)) {
      return null;
    }
    Object v = values.get(name);
    if (v instanceof Map) {
      return (Map<String, Object>) v;
    }
    throw typeError(name, v, "a mapping");
  }

  // ------------------------------------------------------------------ the shared ones

  /** {@code keys} (required) and {@code allow_missing_keys} (default false). */
  public KeySelection keys() {
    List<String> keys = getStrings("keys", null);
    if (keys == null) {
      throw error("keys", "is required for a dictionary transform");
    }
    return KeySelection.of(keys, getBoolean("allow_missing_keys", false));
  }

  /** Throws when the config holds an argument no getter asked for. */
  public void checkAllUsed() {
    Set<String> unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(used);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          target + ": unknown argument" + (unknown.size() > 1 ? "s " : " ") + unknown
              + "; accepted: " + String.join(", ", new TreeSet<>(used)));
    }
  }

  @Override
  public String toString() {
    return target + values;
  }

  /** For messages: "[1.0, 2.0]". */
  static String format(double[] v) {
    return Arrays.toString(v);
  }
}
