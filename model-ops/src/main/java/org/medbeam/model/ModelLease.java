package org.medbeam.model;

/** A hold on a shared {@link LoadedModel} from {@link ModelCache}; close it exactly once. */
public final class ModelLease implements AutoCloseable {
  private final LoadedModel model;
  private final Runnable onClose;
  private boolean closed;

  ModelLease(LoadedModel model, Runnable onClose) {
    this.model = model;
    this.onClose = onClose;
  }

  /** The shared model; valid until this lease is closed. */
  public synchronized LoadedModel model() {
    if (closed) {
      throw new IllegalStateException("lease on " + model.spec().uri() + " is closed");
    }
    return model;
  }

  /** Releases the hold (idempotent); the last release frees the model. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }
}
