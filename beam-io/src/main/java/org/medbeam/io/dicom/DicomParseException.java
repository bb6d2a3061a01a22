package org.medbeam.io.dicom;

import org.medbeam.io.ImageReadException;

/**
 * A DICOM file is malformed, truncated or hostile: the message names the file, the byte offset
 * and the element where parsing stopped, and why.
 */
public class DicomParseException extends ImageReadException {
  private static final long serialVersionUID = 1L;

  public DicomParseException(String file, String reason) {
    super(file, reason);
  }

  public DicomParseException(String file, String reason, Throwable cause) {
    super(file, reason, cause);
  }
}
