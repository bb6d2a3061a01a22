package org.medbeam.transforms.utility;

import java.util.List;
import org.medbeam.transforms.config.ConfigArgs;

/** Config-reading helpers the medbeam transform providers share. */
public final class Args {
  private Args() {}

  /**
   * Per-axis sizes as MONAI writes them: an int or a list; {@code null} entries (Python {@code
   * None}) become {@code -1} ("use the image size").
   */
  public static int[] sizes(ConfigArgs a, String name, boolean required) {
    if (!a.has(name)) {
      if (required) {
        throw a.error(name, "is required (an int or a list of ints, one per spatial axis)");
      }
      return null;
    }
    List<Object> l = a.getList(name);
    int[] out = new int[l.size()];
    for (int i = 0; i < out.length; i++) {
      Object o = l.get(i);
      if (o == null) {
        out[i] = -1;
      } else if (o instanceof Number
          && ((Number) o).doubleValue() == Math.rint(((Number) o).doubleValue())) {
        out[i] = ((Number) o).intValue();
      } else {
        throw a.error(name, "must be an int or a list of ints (null for the image size), got " + l);
      }
    }
    if (out.length == 0) {
      throw a.error(name, "must not be empty");
    }
    return out;
  }

  /** {@code lazy}: only {@code false} is supported (medbeam applies every transform eagerly). */
  public static void noLazy(ConfigArgs a) {
    if (a.getBoolean("lazy", false)) {
      throw a.error("lazy", "is true; medbeam applies transforms eagerly, accepted: false");
    }
  }

  /** An optional integer (null when absent or null). */
  public static Integer optInt(ConfigArgs a, String name) {
    return a.has(name) ? a.getInt(name, 0) : null;
  }

  /** An optional double (null when absent or null). */
  public static Double optDouble(ConfigArgs a, String name) {
    return a.has(name) ? a.getDouble(name, 0) : null;
  }

  /** An optional string (null when absent or null). */
  public static String optString(ConfigArgs a, String name) {
    return a.has(name) ? a.getString(name, null) : null;
  }

  /**
   * An argument that holds code or data in MONAI (a callable, an array): a config cannot express
   * it; absent or null is fine.
   */
  public static void unsupported(ConfigArgs a, String name, String why) {
    if (a.has(name)) {
      throw a.error(name, "cannot be given in a config: " + why);
    }
  }

  /** A numpy/torch dtype name, or null. */
  public static org.medbeam.core.DType dtype(
      ConfigArgs a, String name, org.medbeam.core.DType fallback) {
    if (!a.has(name)) {
      return fallback;
    }
    String s = a.getString(name, null);
    try {
      return org.medbeam.core.DType.fromName(s);
    } catch (IllegalArgumentException e) {
      throw a.error(name, e.getMessage());
    }
  }

  /** Wraps a constructor's validation error so it names the transform being configured. */
  public static IllegalArgumentException named(ConfigArgs a, IllegalArgumentException e) {
    String m = e.getMessage();
    if (m != null && m.startsWith(a.target())) {
      return e;
    }
    return new IllegalArgumentException(a.target() + ": " + m, e);
  }
}
