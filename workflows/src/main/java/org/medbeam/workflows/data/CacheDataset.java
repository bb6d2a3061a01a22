package org.medbeam.workflows.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Failure;
import org.medbeam.core.Parallel;
import org.medbeam.core.Sample;
import org.medbeam.transforms.MedicalTransforms;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code CacheDataset}: the items' deterministic prefix outputs held in memory (read from
 * a {@link PersistentDataset} folder, or computed in place), the random suffix run on every
 * {@link #get} for the epoch. Items keep the order they are given in; items whose preprocessing
 * failed are left out (they are reported as failures where the cache was built).
 */
public final class CacheDataset implements Dataset {
  private final List<Sample> cached;
  private final ChainSplit chain;
  private final long seed;
  private final int threads;

  private CacheDataset(List<Sample> cached, ChainSplit chain, long seed, int threads) {
    this.cached = cached;
    this.chain = chain;
    this.seed = seed;
    this.threads = threads;
  }

  /**
   * The dataset of {@code items} (in their order) over prefix outputs {@code cached} (matched by
   * sample id; items without one are skipped).
   */
  public static CacheDataset of(List<Sample> items, List<Sample> cached, ChainSplit chain,
      long seed) {
    Map<String, List<Sample>> byId = new HashMap<>();
    for (Sample s : cached) {
      byId.computeIfAbsent(baseId(s.id()), k -> new ArrayList<>()).add(s);
    }
    List<Sample> ordered = new ArrayList<>();
    for (Sample item : items) {
      List<Sample> c = byId.get(item.id());
      if (c != null) {
        ordered.addAll(c);
      }
    }
    return new CacheDataset(List.copyOf(ordered), chain, seed, 1);
  }

  /**
   * Runs the prefix here, {@code threads} items at a time (no Beam, no files): MONAI's in-memory
   * {@code CacheDataset}. An item that fails is left out and its failure added to {@code
   * failures} (stage {@code "cache"}); with {@code failures} null the first failure is thrown.
   */
  public static CacheDataset compute(List<Sample> items, ChainSplit chain, List<String> loadKeys,
      long seed, int threads, List<Failure> failures) {
    LoadItems load = loadKeys.isEmpty() ? null : LoadItems.ofOptional(loadKeys);
    TransformContext c = TransformContext.of(seed);
    List<List<Sample>> out = new ArrayList<>(java.util.Collections.nCopies(items.size(), null));
    Failure[] failed = new Failure[items.size()];
    RuntimeException[] first = new RuntimeException[1];
    Parallel.forRange(items.size(), Math.max(1, threads), (from, to) -> {
      for (int i = from; i < to; i++) {
        Sample item = items.get(i);
        try {
          out.set(i, chain.applyPrefix(load == null ? item : load.apply(item, c), c));
        } catch (RuntimeException e) {
          failed[i] = Failure.of(item.id(), MedicalTransforms.sourceOf(item), "cache", e);
          synchronized (first) {
            if (first[0] == null) {
              first[0] = e;
            }
          }
        }
      }
    });
    if (first[0] != null && failures == null) {
      throw first[0];
    }
    List<Sample> cached = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (failed[i] != null) {
        failures.add(failed[i]);
      } else {
        cached.addAll(out.get(i));
      }
    }
    return new CacheDataset(List.copyOf(cached), chain, seed, 1);
  }

  /** An id without the {@code #i} of a deterministic fan-out. */
  private static String baseId(String id) {
    int hash = id.lastIndexOf('#');
    return hash > 0 && id.substring(hash + 1).chars().allMatch(Character::isDigit)
        ? baseId(id.substring(0, hash)) : id;
  }

  /** Intra-op threads for the suffix of one item (default 1). */
  public CacheDataset withThreads(int t) {
    if (t < 1) {
      throw new IllegalArgumentException("withThreads: threads must be >= 1, got " + t);
    }
    return new CacheDataset(cached, chain, seed, t);
  }

  /** The cached prefix outputs, in item order. */
  public List<Sample> cached() {
    return cached;
  }

  @Override
  public int size() {
    return cached.size();
  }

  @Override
  public List<Sample> get(int index, long epoch) {
    return chain.applySuffix(cached.get(index),
        TransformContext.of(seed).withEpoch(epoch).withThreads(threads));
  }
}
