package org.medbeam.model.networks.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A layer given by name and keyword arguments, MONAI's {@code split_args} form: {@code "batch"} or
 * {@code ("instance", {"affine": True})}. Names are case-insensitive ({@code "LeakyReLU"} = {@code
 * "leakyrelu"}). Arguments keep MONAI's snake_case names.
 */
public final class LayerSpec {
  private final String name;
  private final Map<String, Object> args;

  private LayerSpec(String name, Map<String, ?> args) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "layer name must be a non-empty string, got '" + name + "'");
    }
    this.name = name.toLowerCase(Locale.ROOT);
    this.args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
  }

  /** {@code "relu"}. */
  public static LayerSpec of(String name) {
    return new LayerSpec(name, Map.of());
  }

  /** {@code ("group", {"num_groups": 8})}. */
  public static LayerSpec of(String name, Map<String, ?> args) {
    return new LayerSpec(name, Objects.requireNonNull(args, "args"));
  }

  /**
   * Parses a config value: a string, a {@code LayerSpec}, or a two-element list {@code [name,
   * {args}]} (MONAI's tuple as JSON/YAML writes it). Null stays null (MONAI's {@code None}).
   */
  @SuppressWarnings("unchecked")
  public static LayerSpec parse(Object value) {
    if (value == null || value instanceof LayerSpec) {
      return (LayerSpec) value;
    }
    if (value instanceof String) {
      return of((String) value);
    }
    if (value instanceof List && ((List<?>) value).size() == 2) {
      List<?> l = (List<?>) value;
      if (l.get(0) instanceof String && l.get(1) instanceof Map) {
        return of((String) l.get(0), (Map<String, ?>) l.get(1));
      }
    }
    throw new IllegalArgumentException(
        "layer specifiers must be a name or a pair [name, {arguments}], got " + value);
  }

  public String name() {
    return name;
  }

  public Map<String, Object> args() {
    return args;
  }

  public boolean has(String arg) {
    return args.containsKey(arg) && args.get(arg) != null;
  }

  /** A double argument or {@code dflt}. */
  public double getDouble(String arg, double dflt) {
    Object v = args.get(arg);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    throw badArg(arg, v, "a number");
  }

  /** An integer argument or {@code dflt}. */
  public int getInt(String arg, int dflt) {
    Object v = args.get(arg);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number
        && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())) {
      return ((Number) v).intValue();
    }
    throw badArg(arg, v, "an integer");
  }

  /** A boolean argument or {@code dflt}. */
  public boolean getBoolean(String arg, boolean dflt) {
    Object v = args.get(arg);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    throw badArg(arg, v, "true or false");
  }

  /** An integer-sequence argument (a scalar is one element) or null. */
  public int[] getInts(String arg) {
    Object v = args.get(arg);
    if (v == null) {
      return null;
    }
    if (v instanceof Number) {
      return new int[] {getInt(arg, 0)};
    }
    if (v instanceof int[]) {
      return ((int[]) v).clone();
    }
    if (v instanceof List) {
      List<?> l = (List<?>) v;
      int[] out = new int[l.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(l.get(i) instanceof Number)) {
          throw badArg(arg, v, "a list of integers");
        }
        out[i] = ((Number) l.get(i)).intValue();
      }
      return out;
    }
    throw badArg(arg, v, "an integer or a list of integers");
  }

  /** Fails if an argument other than {@code known} was given (MONAI would raise TypeError). */
  public void checkOnly(String layer, String... known) {
    outer:
    for (String k : args.keySet()) {
      for (String n : known) {
        if (n.equals(k)) {
          continue outer;
        }
      }
      throw new IllegalArgumentException(
          layer + " got an unexpected argument '" + k + "'; accepted: " + String.join(", ", known));
    }
  }

  IllegalArgumentException badArg(String arg, Object v, String expected) {
    return new IllegalArgumentException(
        "layer '" + name + "': argument '" + arg + "' must be " + expected + ", got " + v);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerSpec
        && ((LayerSpec) o).name.equals(name)
        && ((LayerSpec) o).args.equals(args);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, args);
  }

  @Override
  public String toString() {
    return args.isEmpty() ? name : "(" + name + ", " + args + ")";
  }
}
