package org.medbeam.io;

import java.io.Serializable;
import org.medbeam.core.Volume;

/**
 * Reads one file into a channel-first {@link Volume} with a RAS affine (MONAI's {@code
 * ImageReader}). Implementations are stateless and thread-safe.
 *
 * <p>The volume's metadata carries MONAI's keys: {@code filename_or_obj}, {@code
 * original_affine}, {@code affine}-derived {@code pixdim}, {@code spatial_shape}, {@code
 * original_channel_dim} ({@code "no_channel"} or the source axis the channel came from), {@code
 * format}.
 */
public interface ImageReader extends Serializable {
  /** A short name to select the reader by: {@code "nifti"}, {@code "numpy"}, {@code "pil"}, ... */
  String name();

  /** MONAI's {@code verify_suffix}: can this reader read a file with this name? */
  boolean verifySuffix(String fileName);

  /**
   * Does a file starting with these bytes look like this reader's format (magic numbers)? Used
   * when no reader claims the file's suffix (DICOM files often have none). {@code head} holds up
   * to the first 1024 bytes.
   */
  default boolean sniff(byte[] head, int length) {
    return false;
  }

  /**
   * Reads the source. Hostile or corrupt input gives an {@link ImageReadException} naming the
   * file and the reason, before anything of the claimed size is allocated.
   */
  Volume read(ImageSource source, ReadLimits limits) throws ImageReadException;

  default Volume read(ImageSource source) throws ImageReadException {
    return read(source, ReadLimits.DEFAULT);
  }
}
