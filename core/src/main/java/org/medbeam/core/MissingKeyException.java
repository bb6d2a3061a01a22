package org.medbeam.core;

/** A dictionary transform asked for a key the sample does not have. */
public final class MissingKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public MissingKeyException(Sample sample, String key) {
    super(
        "sample '" + sample.id() + "' has no key '" + key + "' (keys: " + sample.keys()
            + "); set allow_missing_keys to skip it");
  }
}
