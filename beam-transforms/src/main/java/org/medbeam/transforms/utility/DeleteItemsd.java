package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code DeleteItemsd}: removes keys; {@code "A.B.C"} (with {@code sep}) removes {@code C}
 * inside the metadata maps under {@code A} then {@code B}; with {@code use_re} (per key) the last
 * part is a regular expression searched in each key.
 */
public final class DeleteItemsd implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final List<String> keys;
  private final String sep;
  private final List<Boolean> useRe;

  public DeleteItemsd(List<String> keys, String sep, List<Boolean> useRe) {
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("DeleteItemsd: keys must name at least one key");
    }
    this.keys = List.copyOf(keys);
    this.sep = sep == null ? "." : sep;
    List<Boolean> u = useRe == null ? List.of(false) : useRe;
    if (u.size() == 1) {
      List<Boolean> all = new ArrayList<>();
      for (int i = 0; i < keys.size(); i++) {
        all.add(u.get(0));
      }
      u = all;
    }
    if (u.size() != keys.size()) {
      throw new IllegalArgumentException(
          "DeleteItemsd: use_re has " + u.size() + " values for " + keys.size() + " keys");
    }
    this.useRe = List.copyOf(u);
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    Sample d = sample;
    for (int i = 0; i < keys.size(); i++) {
      String[] path = keys.get(i).split(Pattern.quote(sep), -1);
      boolean re = useRe.get(i);
      if (path.length == 1) {
        for (String k : new ArrayList<>(d.keys())) {
          if (matches(path[0], k, re)) {
            d = d.without(k);
          }
        }
        continue;
      }
      Object top = d.get(path[0]);
      if (top instanceof Metadata) {
        d = d.with(path[0], delete((Metadata) top, path, 1, re));
      }
    }
    return d;
  }

  private static Metadata delete(Metadata m, String[] path, int level, boolean re) {
    if (level == path.length - 1) {
      Metadata out = m;
      for (String k : m.keySet()) {
        if (matches(path[level], k, re)) {
          out = out.without(k);
        }
      }
      return out;
    }
    Object next = m.get(path[level]);
    if (next instanceof Metadata) {
      return m.with(path[level], delete((Metadata) next, path, level + 1, re));
    }
    return m;
  }

  private static boolean matches(String key, String k, boolean re) {
    return re ? Pattern.compile(key).matcher(k).find() : k.equals(key);
  }
}
