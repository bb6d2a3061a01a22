package org.medbeam.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Intra-op parallelism for hot loops: splits {@code [0, n)} into contiguous slabs run on a shared
 * pool of daemon threads, the caller running the first slab. The thread count is always explicit
 * so results never depend on the machine: slabs are independent, so any count gives the same
 * output.
 *
 * <p>The default ({@link #defaultThreads()}) is the {@code medbeam.threads} system property, else
 * 1 — one per Beam worker thread, as the runners already run one element per core. The command
 * line sets it to all cores.
 */
public final class Parallel {
  private static final AtomicInteger THREAD_IDS = new AtomicInteger();
  private static volatile ForkJoinPool pool;

  private Parallel() {}

  /** Body of a parallel loop: processes indices {@code [from, to)}. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to);
  }

  /** {@code medbeam.threads} if set (0 or "all" meaning all cores), else 1. */
  public static int defaultThreads() {
    String p = System.getProperty("medbeam.threads");
    if (p == null || p.isBlank()) {
      return 1;
    }
    if (p.equalsIgnoreCase("all") || p.equals("0")) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      return Math.max(1, Integer.parseInt(p.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property medbeam.threads must be a positive integer or 'all', got '" + p + "'");
    }
  }

  /** Sets the default for this JVM ({@code 0} = all cores). */
  public static void setDefaultThreads(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    System.setProperty("medbeam.threads", Integer.toString(threads));
  }

  /** Runs {@code body} over {@code [0, n)} with {@link #defaultThreads()} threads. */
  public static void forRange(int n, RangeBody body) {
    forRange(n, defaultThreads(), body);
  }

  /**
   * Runs {@code body} over {@code [0, n)} split into at most {@code threads} contiguous slabs on
   * the shared pool; an exception in a slab is rethrown.
   */
  public static void forRange(int n, int threads, RangeBody body) {
    if (n <= 0) {
      return;
    }
    int t = Math.max(1, Math.min(threads, n));
    if (t == 1) {
      body.run(0, n);
      return;
    }
    int[] bounds = new int[t + 1];
    for (int i = 0; i <= t; i++) {
      bounds[i] = (int) ((long) n * i / t);
    }
    List<RecursiveAction> slabs = new ArrayList<>(t);
    for (int i = 0; i < t; i++) {
      final int from = bounds[i];
      final int to = bounds[i + 1];
      slabs.add(
          new RecursiveAction() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void compute() {
              body.run(from, to);
            }
          });
    }
    ForkJoinPool p = pool();
    // Inside the pool (a nested loop) the worker joins by helping, so nesting cannot deadlock.
    if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == p) {
      try {
        ForkJoinTask.invokeAll(slabs);
      } catch (RuntimeException e) {
        throw unwrap(e);
      }
      return;
    }
    try {
      p.submit(() -> ForkJoinTask.invokeAll(slabs)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted in a parallel loop", e);
    } catch (ExecutionException e) {
      Throwable c = unwrap(e.getCause());
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IllegalStateException(c);
    }
  }

  /** ForkJoin re-creates an exception thrown in another thread around the original; undo that. */
  private static <T extends Throwable> T unwrap(T e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause().getClass() == c.getClass()) {
      c = c.getCause();
    }
    @SuppressWarnings("unchecked")
    T original = (T) c;
    return original;
  }

  private static ForkJoinPool pool() {
    ForkJoinPool p = pool;
    if (p == null) {
      synchronized (Parallel.class) {
        if (pool == null) {
          pool =
              new ForkJoinPool(
                  Runtime.getRuntime().availableProcessors(),
                  fjp -> {
                    ForkJoinWorkerThread th =
                        ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                    th.setName("medbeam-intra-op-" + THREAD_IDS.incrementAndGet());
                    th.setDaemon(true);
                    return th;
                  },
                  null,
                  false);
        }
        p = pool;
      }
    }
    return p;
  }
}
