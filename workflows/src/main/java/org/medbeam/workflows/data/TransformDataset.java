package org.medbeam.workflows.data;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's plain {@code Dataset}: nothing cached; each {@link #get} loads the item and runs the
 * whole chain (deterministic prefix, then the random suffix for the epoch). Gives exactly what a
 * {@link CacheDataset} of the same items, chain and seed gives, only slower.
 */
public final class TransformDataset implements Dataset {
  private final List<Sample> items;
  private final ChainSplit chain;
  private final LoadItems load;
  private final long seed;
  private final int threads;

  TransformDataset(List<Sample> items, ChainSplit chain, List<String> loadKeys, long seed,
      int threads) {
    this.items = List.copyOf(items);
    this.chain = chain;
    this.load = loadKeys.isEmpty() ? null : LoadItems.ofOptional(loadKeys);
    this.seed = seed;
    this.threads = threads;
  }

  /** Intra-op threads per item (default 1: loader threads already run items side by side). */
  public TransformDataset withThreads(int t) {
    if (t < 1) {
      throw new IllegalArgumentException("withThreads: threads must be >= 1, got " + t);
    }
    return new TransformDataset(items, chain, load == null ? List.of() : load.keys(), seed, t);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public List<Sample> get(int index, long epoch) {
    TransformContext c = TransformContext.of(seed).withEpoch(epoch).withThreads(threads);
    Sample s = items.get(index);
    if (load != null) {
      s = load.apply(s, c);
    }
    List<Sample> out = new ArrayList<>();
    for (Sample p : chain.applyPrefix(s, c)) {
      out.addAll(chain.applySuffix(p, c));
    }
    return out;
  }
}
