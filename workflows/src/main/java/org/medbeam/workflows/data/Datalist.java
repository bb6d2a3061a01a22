package org.medbeam.workflows.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Sample;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.workflows.infer.Bundled;

/**
 * A MONAI datalist ({@code load_decathlon_datalist}): a JSON (or YAML) object whose sections
 * ({@code "training"}, {@code "validation"}, {@code "test"}, ...) list items such as {@code
 * {"image": "imagesTr/a.nii.gz", "label": "labelsTr/a.nii.gz"}}.
 *
 * <p>As in MONAI, the {@code image} value (and {@code label} for segmentation) is joined to the
 * base directory (default: the datalist's folder); other string values are joined only when the
 * joined path exists. A {@code "test"} section may list plain paths ({@code ["a.nii.gz"]}),
 * which become {@code {"image": path}}. Values may name an image file or a DICOM series folder
 * (see {@link LoadItems}); local paths or URIs ({@code gs://...}, kept as they are).
 *
 * <p>Each item becomes a {@link Sample} whose id is the {@code image} value as written in the
 * datalist (before joining, so ids, and with them every random draw, do not depend on where the
 * data lies), else {@code <section>-<index>}; repeated ids get a {@code @<index>} suffix.
 */
public final class Datalist {
  private final Map<String, List<Sample>> sections;
  private final String source;

  private Datalist(String source, Map<String, List<Sample>> sections) {
    this.source = source;
    this.sections = sections;
  }

  /** Reads the datalist at {@code pathOrUri}; relative paths are joined to {@code baseDir}. */
  public static Datalist load(String pathOrUri, String baseDir, boolean isSegmentation)
      throws IOException {
    String text = new String(Bundled.readAll(pathOrUri), StandardCharsets.UTF_8);
    Object doc;
    try {
      doc = ChainConfig.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(pathOrUri + ": not valid JSON or YAML: " + e.getMessage(),
          e);
    }
    String base = baseDir;
    if (base == null) {
      base = pathOrUri.contains("://") ? pathOrUri.substring(0, pathOrUri.lastIndexOf('/') + 1)
          : parentOf(Path.of(pathOrUri));
    }
    return of(pathOrUri, doc, base, isSegmentation);
  }

  private static String parentOf(Path p) {
    Path parent = p.toAbsolutePath().getParent();
    return parent == null ? "." : parent.toString();
  }

  /** A datalist from a parsed document ({@code Map} of sections), joined to {@code baseDir}. */
  public static Datalist of(String source, Object document, String baseDir,
      boolean isSegmentation) {
    if (!(document instanceof Map)) {
      throw new IllegalArgumentException(source + ": a datalist is an object of sections, e.g. "
          + "{\"training\": [{\"image\": ..., \"label\": ...}], \"validation\": [...]}");
    }
    Map<String, List<Sample>> sections = new HashMap<>();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) document).entrySet()) {
      String name = String.valueOf(e.getKey());
      if (!(e.getValue() instanceof List)) {
        continue; // decathlon files also hold descriptions, labels, counts...
      }
      List<?> items = (List<?>) e.getValue();
      List<Sample> samples = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < items.size(); i++) {
        Object item = items.get(i);
        if (!(item instanceof Map)) {
          if (item instanceof String) {
            item = Map.of("image", item);
          } else {
            throw new IllegalArgumentException(source + ": section '" + name + "' item " + i
                + " must be an object such as {\"image\": ..., \"label\": ...}, got " + item);
          }
        }
        samples.add(item(source, name, i, (Map<?, ?>) item, baseDir, isSegmentation, seen));
      }
      sections.put(name, Collections.unmodifiableList(samples));
    }
    return new Datalist(source, sections);
  }

  private static Sample item(String source, String section, int index, Map<?, ?> m,
      String baseDir, boolean isSegmentation, Map<String, Integer> seen) {
    Object image = m.get("image");
    String id = image instanceof String ? (String) image : section + "-" + index;
    int n = seen.merge(id, 1, Integer::sum);
    if (n > 1) {
      id = id + "@" + index;
    }
    Sample s = Sample.of(id);
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String k = String.valueOf(e.getKey());
      Object v = e.getValue();
      boolean always = k.equals("image") || (isSegmentation && k.equals("label"));
      s = s.with(k, join(baseDir, v, always));
    }
    return s;
  }

  private static Object join(String baseDir, Object v, boolean always) {
    if (v instanceof String) {
      return joinPath(baseDir, (String) v, always);
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        if (!(o instanceof String)) {
          return v;
        }
        out.add(joinPath(baseDir, (String) o, always));
      }
      return out;
    }
    return v;
  }

  private static String joinPath(String baseDir, String p, boolean always) {
    if (p.contains("://") || baseDir == null) {
      return p;
    }
    if (baseDir.contains("://")) {
      String joined = baseDir.endsWith("/") ? baseDir + p : baseDir + "/" + p;
      return always ? joined : p;
    }
    Path joined = Path.of(baseDir).resolve(p).normalize();
    if (!always && !java.nio.file.Files.exists(joined)) {
      return p;
    }
    return joined.toString();
  }

  /** Where the datalist came from. */
  public String source() {
    return source;
  }

  /** The section's items; an error naming the sections when absent. */
  public List<Sample> section(String name) {
    List<Sample> s = sections.get(name);
    if (s == null) {
      throw new IllegalArgumentException("Data list " + name + " not specified in \"" + source
          + "\"; sections: " + new java.util.TreeSet<>(sections.keySet()));
    }
    return s;
  }

  /** True when the datalist has the section. */
  public boolean has(String name) {
    return sections.containsKey(name);
  }
}
