package org.medbeam.transforms.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.medbeam.core.Sample;
import org.medbeam.io.SaveImage;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code SaveImaged}: writes the volume under each key with {@link SaveImage}'s naming;
 * the sample passes through unchanged (MONAI returns the data too).
 */
public final class SaveImaged implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final SaveImage saver;

  public SaveImaged(KeySelection keys, SaveImage saver) {
    this.keys = keys;
    this.saver = saver;
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    for (KeySelection.Present k : keys.present(sample)) {
      try {
        saver.apply(sample.volume(k.key));
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
    return sample;
  }
}
