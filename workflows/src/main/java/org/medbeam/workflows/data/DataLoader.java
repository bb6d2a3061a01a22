package org.medbeam.workflows.data;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;

/**
 * MONAI's (PyTorch's) {@code DataLoader} for one training JVM: batches of {@code batchSize}
 * items, each item's samples flattened into the batch and {@link Batch#collate collated}.
 *
 * <p>Deterministic: the epoch's item order is {@code 0..n-1}, shuffled (when {@code shuffle})
 * with {@code RandomState.forSample(seed, "DataLoader", 0, epoch)}; {@code numWorkers} loader
 * threads prepare up to {@code prefetch} batches ahead (each runs the dataset's random suffix for
 * its items), and batches are delivered in order whatever thread finishes first. {@code
 * numWorkers = 0} loads in the caller's thread.
 */
public final class DataLoader implements AutoCloseable {
  private final Dataset dataset;
  private final List<String> keys;
  private final int batchSize;
  private final boolean shuffle;
  private final boolean dropLast;
  private final long seed;
  private final int numWorkers;
  private final int prefetch;
  private ExecutorService pool;

  private DataLoader(Dataset dataset, List<String> keys, int batchSize, boolean shuffle,
      boolean dropLast, long seed, int numWorkers, int prefetch) {
    this.dataset = dataset;
    this.keys = keys;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.seed = seed;
    this.numWorkers = numWorkers;
    this.prefetch = prefetch;
  }

  /** Batch size 1, no shuffle, no workers, collating {@code keys}. */
  public static DataLoader of(Dataset dataset, String... keys) {
    if (keys.length == 0) {
      throw new IllegalArgumentException("DataLoader: name the keys to collate, e.g. image, label");
    }
    return new DataLoader(dataset, List.of(keys), 1, false, false, 0, 0, 2);
  }

  public DataLoader withBatchSize(int b) {
    if (b < 1) {
      throw new IllegalArgumentException("batch_size must be >= 1, got " + b);
    }
    return new DataLoader(dataset, keys, b, shuffle, dropLast, seed, numWorkers, prefetch);
  }

  /** Shuffle the item order every epoch, seeded by {@code s} and the epoch. */
  public DataLoader withShuffle(boolean s, long shuffleSeed) {
    return new DataLoader(dataset, keys, batchSize, s, dropLast, shuffleSeed, numWorkers,
        prefetch);
  }

  /** Drop the last batch when it is short (PyTorch's {@code drop_last}). */
  public DataLoader withDropLast(boolean d) {
    return new DataLoader(dataset, keys, batchSize, shuffle, d, seed, numWorkers, prefetch);
  }

  /** Loader threads (PyTorch's {@code num_workers}); 0 loads in the caller's thread. */
  public DataLoader withNumWorkers(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("num_workers must be >= 0, got " + n);
    }
    return new DataLoader(dataset, keys, batchSize, shuffle, dropLast, seed, n, prefetch);
  }

  /** Batches prepared ahead of the consumer (default 2). */
  public DataLoader withPrefetch(int batches) {
    if (batches < 1) {
      throw new IllegalArgumentException("prefetch must be >= 1 batch, got " + batches);
    }
    return new DataLoader(dataset, keys, batchSize, shuffle, dropLast, seed, numWorkers, batches);
  }

  public Dataset dataset() {
    return dataset;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Batches per epoch. */
  public int batchesPerEpoch() {
    int n = dataset.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** The item order of {@code epoch}. */
  public int[] order(long epoch) {
    int[] idx = new int[dataset.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    if (shuffle) {
      RandomState.forSample(seed, "DataLoader", 0, epoch).shuffle(idx);
    }
    return idx;
  }

  /** The batches of {@code epoch} (0-based), in order. */
  public Iterator<Batch> epoch(long epoch) {
    dataset.prepareEpoch(epoch);
    int[] order = order(epoch);
    int batches = batchesPerEpoch();
    List<int[]> plan = new ArrayList<>(batches);
    for (int b = 0; b < batches; b++) {
      int from = b * batchSize;
      int to = Math.min(order.length, from + batchSize);
      plan.add(java.util.Arrays.copyOfRange(order, from, to));
    }
    if (numWorkers == 0) {
      Iterator<int[]> it = plan.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public Batch next() {
          return load(it.next(), epoch);
        }
      };
    }
    ExecutorService p = pool();
    Deque<Future<Batch>> ahead = new ArrayDeque<>();
    Iterator<int[]> todo = plan.iterator();
    return new Iterator<>() {
      private void fill() {
        while (ahead.size() < Math.max(prefetch, numWorkers) && todo.hasNext()) {
          int[] items = todo.next();
          ahead.addLast(p.submit(() -> load(items, epoch)));
        }
      }

      @Override
      public boolean hasNext() {
        fill();
        return !ahead.isEmpty();
      }

      @Override
      public Batch next() {
        fill();
        if (ahead.isEmpty()) {
          throw new NoSuchElementException();
        }
        try {
          return ahead.removeFirst().get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while loading a batch", e);
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          throw c instanceof RuntimeException ? (RuntimeException) c : new IllegalStateException(c);
        }
      }
    };
  }

  private Batch load(int[] items, long epoch) {
    List<Sample> samples = new ArrayList<>();
    for (int i : items) {
      samples.addAll(dataset.get(i, epoch));
    }
    return Batch.collate(samples, keys);
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      AtomicInteger n = new AtomicInteger();
      pool = Executors.newFixedThreadPool(numWorkers, r -> {
        Thread t = new Thread(r, "medbeam-loader-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
    return pool;
  }

  /** Stops the loader threads. */
  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdownNow();
      pool = null;
    }
  }
}
