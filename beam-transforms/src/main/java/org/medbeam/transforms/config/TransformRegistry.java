package org.medbeam.transforms.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.medbeam.transforms.OperationInverter;

/**
 * Builds transforms from MONAI Bundle-style specs ({@code {"_target_": "Spacingd", ...}}) by
 * their MONAI class names, from every {@link TransformProvider} on the classpath.
 */
public final class TransformRegistry {
  private static volatile TransformRegistry defaultRegistry;

  private final Map<String, TransformFactory> factories;
  private final Map<String, OperationInverter> inverters;

  private TransformRegistry(
      Map<String, TransformFactory> factories, Map<String, OperationInverter> inverters) {
    this.factories = Collections.unmodifiableMap(factories);
    this.inverters = Collections.unmodifiableMap(inverters);
  }

  /** The registry of all providers found by {@link ServiceLoader}. */
  public static TransformRegistry getDefault() {
    TransformRegistry r = defaultRegistry;
    if (r == null) {
      Map<String, TransformFactory> all = new TreeMap<>();
      Map<String, OperationInverter> inv = new TreeMap<>();
      for (TransformProvider p :
          ServiceLoader.load(TransformProvider.class, TransformRegistry.class.getClassLoader())) {
        for (Map.Entry<String, TransformFactory> e : p.transforms().entrySet()) {
          if (all.put(e.getKey(), e.getValue()) != null) {
            throw new IllegalStateException("transform '" + e.getKey() + "' registered twice");
          }
        }
        for (Map.Entry<String, OperationInverter> e : p.inverters().entrySet()) {
          if (inv.put(e.getKey(), e.getValue()) != null) {
            throw new IllegalStateException("inverse of '" + e.getKey() + "' registered twice");
          }
        }
      }
      r = new TransformRegistry(all, inv);
      defaultRegistry = r;
    }
    return r;
  }

  /** The inverter for operations recorded as {@code className}, or null. */
  public OperationInverter inverter(String className) {
    return inverters.get(className);
  }

  /** The registered names, sorted. */
  public List<String> names() {
    return new ArrayList<>(factories.keySet());
  }

  /**
   * Builds one transform. {@code _target_} may be the bare class name or MONAI's dotted path
   * ({@code "monai.transforms.Spacingd"}).
   */
  public Object create(Map<String, ?> spec) {
    Object t = spec.get("_target_");
    if (!(t instanceof String) || ((String) t).isBlank()) {
      throw new IllegalArgumentException(
          "transform spec needs a \"_target_\" naming the transform, got " + spec);
    }
    String target = ((String) t).trim();
    String name = target.substring(target.lastIndexOf('.') + 1);
    TransformFactory f = factories.get(name);
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown transform \"" + target + "\"" + suggestion(name)
              + "; known transforms: " + String.join(", ", factories.keySet()));
    }
    for (Map.Entry<String, ?> e : spec.entrySet()) {
      if (e.getValue() instanceof String) {
        String s = (String) e.getValue();
        if (s.startsWith("@") || s.startsWith("$") || s.startsWith("%")) {
          throw new IllegalArgumentException(
              name + ": argument '" + e.getKey() + "' is a bundle reference/expression (\"" + s
                  + "\"); medbeam configs take literal values");
        }
      }
    }
    ConfigArgs args = new ConfigArgs(name, spec);
    Object transform = f.create(args);
    args.checkAllUsed();
    return transform;
  }

  private String suggestion(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String k : factories.keySet()) {
      if (k.toLowerCase(Locale.ROOT).equals(lower)) {
        return " (did you mean \"" + k + "\"?)";
      }
    }
    return "";
  }
}
