package org.medbeam.workflows.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Sample;

/**
 * MONAI's {@code ZipDataset}: item {@code i} combines item {@code i} of every dataset; the length
 * is the shortest dataset's. Samples are dictionaries here, so the combination merges them (the
 * first dataset's id; a key present in two datasets is an error naming it) where MONAI builds a
 * tuple. When datasets give several samples per item, the {@code k}-th samples are merged.
 */
public final class ZipDataset implements Dataset {
  private final List<Dataset> datasets;

  private ZipDataset(List<Dataset> datasets) {
    this.datasets = datasets;
  }

  public static ZipDataset of(List<? extends Dataset> datasets) {
    if (datasets.isEmpty()) {
      throw new IllegalArgumentException("ZipDataset: give at least one dataset");
    }
    return new ZipDataset(List.copyOf(datasets));
  }

  public static ZipDataset of(Dataset... datasets) {
    return of(List.of(datasets));
  }

  @Override
  public int size() {
    int n = Integer.MAX_VALUE;
    for (Dataset d : datasets) {
      n = Math.min(n, d.size());
    }
    return n;
  }

  @Override
  public void prepareEpoch(long epoch) {
    for (Dataset d : datasets) {
      d.prepareEpoch(epoch);
    }
  }

  @Override
  public List<Sample> get(int index, long epoch) {
    List<Sample> merged = null;
    for (int d = 0; d < datasets.size(); d++) {
      List<Sample> part = datasets.get(d).get(index, epoch);
      if (merged == null) {
        merged = new ArrayList<>(part);
        continue;
      }
      if (part.size() != merged.size()) {
        throw new IllegalArgumentException("ZipDataset: item " + index + " gives " + merged.size()
            + " sample(s) in dataset 0 but " + part.size() + " in dataset " + d);
      }
      for (int k = 0; k < part.size(); k++) {
        Sample m = merged.get(k);
        for (Map.Entry<String, Object> e : part.get(k).asMap().entrySet()) {
          if (m.has(e.getKey())) {
            throw new IllegalArgumentException("ZipDataset: item " + index + ": key '"
                + e.getKey() + "' comes from dataset " + d + " and an earlier one");
          }
          m = m.with(e.getKey(), e.getValue());
        }
        merged.set(k, m);
      }
    }
    return merged;
  }
}
