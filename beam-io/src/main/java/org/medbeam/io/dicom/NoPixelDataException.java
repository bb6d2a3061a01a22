package org.medbeam.io.dicom;

/**
 * A DICOM file without pixel data (a DICOMDIR, structured report, RT structure set, …): not an
 * image, so series scans skip it rather than count it as a failure.
 */
public class NoPixelDataException extends DicomParseException {
  private static final long serialVersionUID = 1L;

  public NoPixelDataException(String file) {
    super(file, "no pixel data (7FE0,0010): not an image");
  }
}
