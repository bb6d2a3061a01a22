package org.medbeam.transforms.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.io.LoadImage;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code LoadImaged}: replaces the file path (or URI) under each key by the loaded
 * volume, with {@link LoadImage}'s reader choice and options.
 */
public final class LoadImaged implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final LoadImage loader;

  public LoadImaged(KeySelection keys, LoadImage loader) {
    this.keys = keys;
    this.loader = loader;
  }

  public LoadImaged(String... keys) {
    this(KeySelection.of(keys), LoadImage.create());
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    Sample out = sample;
    for (KeySelection.Present k : keys.present(sample)) {
      Object v = sample.get(k.key);
      if (v instanceof Volume) {
        continue;
      }
      if (!(v instanceof String)) {
        throw new IllegalArgumentException(
            "LoadImaged: key '" + k.key + "' of sample '" + sample.id()
                + "' must hold a file path, got " + (v == null ? "null" : v.getClass().getSimpleName()));
      }
      try {
        out = out.with(k.key, loader.apply((String) v));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return out;
  }
}
