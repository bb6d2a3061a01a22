package org.medbeam.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Process-wide, reference-counted models: one load per (model URI, device, loading arguments) per
 * worker JVM, shared by every thread (each thread makes its own {@code Predictor}). A Beam DoFn
 * acquires a {@link ModelLease} in {@code @Setup} and closes it in {@code @Teardown}; the model's
 * native memory is freed when the last lease closes.
 */
public final class ModelCache {
  private static final Map<String, Entry> ENTRIES = new HashMap<>();

  private ModelCache() {}

  private static final class Entry {
    final String key;
    int references;
    LoadedModel model;

    Entry(String key) {
      this.key = key;
    }
  }

  /** A lease on the shared model for {@code spec}, loading it if no one holds it. */
  public static ModelLease acquire(ModelSpec spec) {
    return acquire(spec, ModelFiles.getDefault());
  }

  /** As {@link #acquire(ModelSpec)}, fetching remote files through {@code files}. */
  public static ModelLease acquire(ModelSpec spec, ModelFiles files) {
    String key = key(spec);
    Entry e;
    synchronized (ENTRIES) {
      e = ENTRIES.computeIfAbsent(key, Entry::new);
      e.references++;
    }
    synchronized (e) {
      if (e.model == null) {
        try {
          e.model = LoadedModel.load(spec, files);
        } catch (RuntimeException | Error err) {
          release(e);
          throw err;
        }
      }
      return new ModelLease(e.model, () -> release(e));
    }
  }

  private static String key(ModelSpec spec) {
    // the resolved device, so "auto" and "cpu" share one load on a machine without a GPU
    return spec.uri() + "|" + spec.device().resolve() + "|" + spec.modelName() + "|"
        + spec.arguments();
  }

  private static void release(Entry e) {
    LoadedModel toClose = null;
    synchronized (ENTRIES) {
      e.references--;
      if (e.references == 0) {
        ENTRIES.remove(e.key, e);
        toClose = e.model;
        e.model = null;
      }
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  /** Leases currently held on {@code spec}'s model (0 when not loaded). */
  public static int references(ModelSpec spec) {
    synchronized (ENTRIES) {
      Entry e = ENTRIES.get(key(spec));
      return e == null ? 0 : e.references;
    }
  }

  /** Models currently loaded in this process through the cache. */
  public static int loadedModels() {
    synchronized (ENTRIES) {
      return ENTRIES.size();
    }
  }
}
