package org.medbeam.model.inferers;

/** The network failed on a batch (shape mismatch, wrong channel count, engine error). */
public final class ModelExecutionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelExecutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
