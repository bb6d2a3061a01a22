package org.medbeam.transforms.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medbeam.transforms.Compose;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads a transform chain written as MONAI Bundle-style JSON or YAML. Accepted shapes:
 *
 * <ul>
 *   <li>a list of transform specs: {@code [{"_target_": "LoadImaged", ...}, ...]};
 *   <li>a {@code Compose} spec: {@code {"_target_": "Compose", "transforms": [...]}};
 *   <li>an object with that chain under a section name (e.g. {@code "preprocessing"}), see
 *       {@link #section}.
 * </ul>
 */
public final class ChainConfig {
  private ChainConfig() {}

  /** Parses JSON (or YAML, a superset) text into plain maps and lists. */
  public static Object parse(String text) {
    String t = text.strip();
    try {
      if (t.startsWith("{") || t.startsWith("[")) {
        return new ObjectMapper().readValue(t, Object.class);
      }
    } catch (IOException e) {
      // not strict JSON: YAML below reads JSON-with-comments and friends too
    }
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(t);
  }

  public static Object parse(Path file) throws IOException {
    try {
      return parse(Files.readString(file));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": not valid JSON or YAML: " + e.getMessage(), e);
    }
  }

  /** A chain from a file holding a list, a Compose spec, or a single transform spec. */
  public static Compose load(Path file) throws IOException {
    return toCompose(parse(file), file.toString());
  }

  /** A chain from text holding a list, a Compose spec, or a single transform spec. */
  public static Compose fromText(String text) {
    return toCompose(parse(text), "config");
  }

  /**
   * The chain under {@code name} in a bundle-style document ({@code {"preprocessing": ...}}); an
   * empty Compose when the section is absent or null.
   */
  public static Compose section(Object document, String name) {
    if (!(document instanceof Map)) {
      throw new IllegalArgumentException("config must be an object with a \"" + name + "\" section");
    }
    Object s = ((Map<?, ?>) document).get(name);
    return s == null ? Compose.of() : toCompose(s, name);
  }

  /** Builds a Compose from a parsed list, Compose spec or single spec. */
  @SuppressWarnings("unchecked")
  public static Compose toCompose(Object node, String where) {
    TransformRegistry registry = TransformRegistry.getDefault();
    if (node instanceof List) {
      List<Object> items = new ArrayList<>();
      int i = 0;
      for (Object o : (List<?>) node) {
        items.add(build(registry, o, where + "[" + i++ + "]"));
      }
      return Compose.of(items);
    }
    if (node instanceof Map) {
      Map<String, Object> m = (Map<String, Object>) node;
      Object target = m.get("_target_");
      if (target instanceof String && ((String) target).endsWith("Compose")) {
        Object list = m.get("transforms");
        if (!(list instanceof List)) {
          throw new IllegalArgumentException(where + ": Compose needs a \"transforms\" list");
        }
        for (String k : m.keySet()) {
          if (!k.equals("_target_") && !k.equals("transforms") && !k.equals("lazy")) {
            throw new IllegalArgumentException(
                where + ": Compose argument '" + k + "' is not supported; accepted: transforms, lazy");
          }
        }
        Object lazy = m.get("lazy");
        if (lazy != null && !(lazy instanceof Boolean)) {
          throw new IllegalArgumentException(where + ": Compose 'lazy' must be true or false, got " + lazy);
        }
        return toCompose(list, where + ".transforms").withLazy(Boolean.TRUE.equals(lazy));
      }
      return Compose.of(build(registry, m, where));
    }
    throw new IllegalArgumentException(
        where + ": expected a list of transforms or a Compose spec, got "
            + (node == null ? "nothing" : node.getClass().getSimpleName()));
  }

  @SuppressWarnings("unchecked")
  static Object build(TransformRegistry registry, Object spec, String where) {
    if (!(spec instanceof Map)) {
      throw new IllegalArgumentException(where + ": a transform spec must be an object, got " + spec);
    }
    Map<String, Object> m = (Map<String, Object>) spec;
    Object target = m.get("_target_");
    if (target instanceof String && ((String) target).endsWith("Compose")) {
      return toCompose(m, where);
    }
    try {
      return registry.create(m);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
