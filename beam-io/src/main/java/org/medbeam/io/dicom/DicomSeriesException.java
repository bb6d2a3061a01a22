package org.medbeam.io.dicom;

import org.medbeam.io.ImageReadException;

/**
 * A series cannot be assembled into one volume: slices missing or unevenly spaced (under {@link
 * DicomSeries.SpacingPolicy#FAIL}), frames sharing positions, or a slice that fails to decode.
 * {@link #file()} is the series id; the message names the files involved.
 */
public class DicomSeriesException extends ImageReadException {
  private static final long serialVersionUID = 1L;

  public DicomSeriesException(String seriesId, String reason) {
    super("series " + seriesId, reason);
  }

  public DicomSeriesException(String seriesId, String reason, Throwable cause) {
    super("series " + seriesId, reason, cause);
  }
}
