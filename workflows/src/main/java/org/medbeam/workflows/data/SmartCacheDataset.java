package org.medbeam.workflows.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code SmartCacheDataset} (Clara's SmartCache): only {@code cacheNum} items' prefix
 * outputs are held at a time; after every epoch the first {@code replaceNum = min(ceil(cacheNum *
 * replaceRate), n - cacheNum)} leave and the next ones of the (optionally shuffled) item list
 * join, a running window: epoch {@code e} holds items {@code (e * replaceNum + i) mod n}, {@code i
 * < cacheNum}, in that order — MONAI's content and order with {@code update_cache()} between
 * epochs (as its {@code SmartCacheHandler} calls it).
 *
 * <p>While an epoch trains, {@code numReplaceWorkers} background threads load and preprocess the
 * next epoch's newcomers. The window follows from the epoch number alone, so reruns and resumed
 * runs see the same data.
 */
public final class SmartCacheDataset implements Dataset, AutoCloseable {
  private final List<Sample> items;
  private final ChainSplit chain;
  private final LoadItems load;
  private final long seed;
  private final int cacheNum;
  private final int replaceNum;
  private final ExecutorService replacer;
  private final Map<Integer, CompletableFuture<List<Sample>>> prepared = new HashMap<>();
  private long currentEpoch = -1;
  private List<List<Sample>> window = List.of();

  private SmartCacheDataset(List<Sample> items, ChainSplit chain, List<String> loadKeys,
      long seed, int cacheNum, int replaceNum, int workers) {
    this.items = items;
    this.chain = chain;
    this.load = loadKeys.isEmpty() ? null : LoadItems.ofOptional(loadKeys);
    this.seed = seed;
    this.cacheNum = cacheNum;
    this.replaceNum = replaceNum;
    AtomicInteger n = new AtomicInteger();
    this.replacer = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "medbeam-smartcache-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * @param cacheNum items held at once (MONAI: {@code min(cache_num, int(n * cache_rate), n)})
   * @param replaceRate fraction replaced per epoch, in (0, 1]
   * @param shuffle shuffle the item list once, with numpy's {@code RandomState(shuffleSeed)}
   * @param seed the chain's seed (random draws)
   */
  public static SmartCacheDataset of(List<Sample> items, ChainSplit chain, List<String> loadKeys,
      int cacheNum, double replaceRate, boolean shuffle, long shuffleSeed, long seed,
      int numReplaceWorkers) {
    if (items.isEmpty()) {
      throw new IllegalArgumentException("SmartCacheDataset: no items");
    }
    if (!(replaceRate > 0 && replaceRate <= 1)) {
      throw new IllegalArgumentException(
          "replace_rate must be in (0, 1], got " + replaceRate
              + "; use CacheDataset to cache everything without replacement");
    }
    if (cacheNum < 1) {
      throw new IllegalArgumentException("cache_num must be >= 1, got " + cacheNum);
    }
    if (numReplaceWorkers < 1) {
      throw new IllegalArgumentException(
          "num_replace_workers must be >= 1, got " + numReplaceWorkers);
    }
    List<Sample> order = new ArrayList<>(items);
    if (shuffle) {
      int[] idx = new int[order.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      RandomState.of(shuffleSeed).shuffle(idx);
      order.clear();
      for (int i : idx) {
        order.add(items.get(i));
      }
    }
    int n = order.size();
    int c = Math.min(cacheNum, n);
    int r = Math.min((int) Math.ceil(c * replaceRate), n - c);
    return new SmartCacheDataset(List.copyOf(order), chain, loadKeys, seed, c, r,
        numReplaceWorkers);
  }

  /** The item positions (in the possibly shuffled list) held in epoch {@code epoch}. */
  public int[] window(long epoch) {
    int n = items.size();
    int[] w = new int[cacheNum];
    long start = replaceNum == 0 ? 0 : Math.floorMod(epoch * replaceNum, (long) n);
    for (int i = 0; i < cacheNum; i++) {
      w[i] = (int) ((start + i) % n);
    }
    return w;
  }

  /** The items' ids held in epoch {@code epoch}, in cache order. */
  public List<String> ids(long epoch) {
    List<String> out = new ArrayList<>();
    for (int i : window(epoch)) {
      out.add(items.get(i).id());
    }
    return out;
  }

  private CompletableFuture<List<Sample>> prepare(int position) {
    return prepared.computeIfAbsent(position, p -> CompletableFuture.supplyAsync(() -> {
      TransformContext c = TransformContext.of(seed);
      Sample s = items.get(p);
      return chain.applyPrefix(load == null ? s : load.apply(s, c), c);
    }, replacer));
  }

  @Override
  public synchronized void prepareEpoch(long epoch) {
    if (epoch == currentEpoch) {
      return;
    }
    int[] w = window(epoch);
    int[] next = window(epoch + 1);
    java.util.Set<Integer> keep = new java.util.HashSet<>();
    for (int i : w) {
      keep.add(i);
    }
    for (int i : next) {
      keep.add(i);
    }
    prepared.keySet().removeIf(p -> !keep.contains(p));
    List<List<Sample>> content = new ArrayList<>(w.length);
    for (int i : w) {
      try {
        content.add(prepare(i).get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while filling the smart cache", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        throw cause instanceof RuntimeException ? (RuntimeException) cause
            : new IllegalStateException(cause);
      }
    }
    for (int i : next) {
      prepare(i); // the newcomers of the next epoch, in the background
    }
    window = content;
    currentEpoch = epoch;
  }

  @Override
  public int size() {
    return cacheNum;
  }

  @Override
  public List<Sample> get(int index, long epoch) {
    List<Sample> prefix;
    synchronized (this) {
      if (epoch != currentEpoch) {
        prepareEpoch(epoch);
      }
      prefix = window.get(index);
    }
    TransformContext c = TransformContext.of(seed).withEpoch(epoch);
    List<Sample> out = new ArrayList<>();
    for (Sample p : prefix) {
      out.addAll(chain.applySuffix(p, c));
    }
    return out;
  }

  /** Stops the replacement threads (MONAI's {@code shutdown()}). */
  @Override
  public void close() {
    replacer.shutdownNow();
  }
}
