package org.medbeam.io;

import java.io.IOException;

/**
 * A file could not be read as an image: corrupt, truncated, hostile or unsupported. The message
 * always starts with the file name and says why, e.g. {@code "scan.nii.gz: NIfTI header claims
 * 2^40 voxels; file holds 12 MB — file truncated or not NIfTI"}.
 */
public class ImageReadException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String reason;

  public ImageReadException(String file, String reason) {
    super(file + ": " + reason);
    this.file = file;
    this.reason = reason;
  }

  public ImageReadException(String file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
    this.file = file;
    this.reason = reason;
  }

  /** The file (path or URI) that failed. */
  public String file() {
    return file;
  }

  /** Why, without the file name. */
  public String reason() {
    return reason;
  }
}
