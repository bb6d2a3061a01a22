package org.medbeam.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import org.medbeam.core.Volume;

/** Writes a channel-first {@link Volume} in one format (MONAI's {@code ImageWriter}). */
public interface ImageWriter extends Serializable {
  /** A short name: {@code "nifti"}, {@code "numpy"}, {@code "pil"}. */
  String name();

  /** Can this writer produce a file with this name (by suffix)? */
  boolean verifySuffix(String fileName);

  /**
   * Writes {@code volume} to {@code out} in the format implied by {@code fileName}'s suffix (for
   * example {@code .nii} vs {@code .nii.gz}). Does not close {@code out}.
   */
  void write(Volume volume, String fileName, OutputStream out) throws IOException;
}
