package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code CopyItemsd}: copies the keys' values {@code times} times under {@code names}
 * ({@code len(keys) * times} names, grouped per copy; default {@code "<key>_<i>"}). An existing
 * name is an error. Volumes are immutable, so a copy shares the storage safely.
 */
public final class CopyItemsd implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final int times;
  private final List<String> names;

  public CopyItemsd(KeySelection keys, int times, List<String> names) {
    if (times < 1) {
      throw new IllegalArgumentException("CopyItemsd: times must be positive, got " + times);
    }
    List<String> n = new ArrayList<>();
    if (names == null) {
      for (String k : keys.keys()) {
        for (int i = 0; i < times; i++) {
          n.add(k + "_" + i);
        }
      }
    } else {
      n.addAll(names);
    }
    if (n.size() != keys.keys().size() * times) {
      throw new IllegalArgumentException(
          "CopyItemsd: len(names) must match len(keys) * times, got len(names)="
              + n.size()
              + " len(keys) * times="
              + keys.keys().size() * times);
    }
    this.keys = keys;
    this.times = times;
    this.names = List.copyOf(n);
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    Sample d = sample;
    int kl = keys.keys().size();
    for (int i = 0; i < times; i++) {
      for (KeySelection.Present p : keys.present(sample)) {
        String newKey = names.get(i * kl + p.index);
        if (d.has(newKey)) {
          throw new IllegalArgumentException(
              "CopyItemsd: Key " + newKey + " already exists in sample '" + sample.id() + "'");
        }
        d = d.with(newKey, d.get(p.key));
      }
    }
    return d;
  }
}
