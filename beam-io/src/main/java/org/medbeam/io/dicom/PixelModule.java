package org.medbeam.io.dicom;

import java.io.Serializable;
import java.util.Locale;
import org.medbeam.core.DType;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ReadLimits;

/**
 * The Image Pixel module of one file (PS3.3 C.7.6.3), validated: frame size, sample layout, bit
 * depth, photometric interpretation, and the modality LUT (rescale). Built from a header before
 * anything is decoded, so absurd sizes fail here, against {@link ReadLimits}, before allocation.
 */
public final class PixelModule implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int rows;
  private final int columns;
  private final int frames;
  private final int samplesPerPixel;
  private final int bitsAllocated;
  private final int bitsStored;
  private final int pixelRepresentation;
  private final int planarConfiguration;
  private final String photometric;
  private final int pixelDataTag;
  private final double rescaleSlope;
  private final double rescaleIntercept;
  private final boolean hasRescale;
  private final PaletteLut palette;

  private PixelModule(int rows, int columns, int frames, int samplesPerPixel, int bitsAllocated,
      int bitsStored, int pixelRepresentation, int planarConfiguration, String photometric,
      int pixelDataTag, double rescaleSlope, double rescaleIntercept, boolean hasRescale,
      PaletteLut palette) {
    this.rows = rows;
    this.columns = columns;
    this.frames = frames;
    this.samplesPerPixel = samplesPerPixel;
    this.bitsAllocated = bitsAllocated;
    this.bitsStored = bitsStored;
    this.pixelRepresentation = pixelRepresentation;
    this.planarConfiguration = planarConfiguration;
    this.photometric = photometric;
    this.pixelDataTag = pixelDataTag;
    this.rescaleSlope = rescaleSlope;
    this.rescaleIntercept = rescaleIntercept;
    this.hasRescale = hasRescale;
    this.palette = palette;
  }

  /**
   * Reads and checks the module of a header.
   *
   * @param pixelDataTag which pixel data element the file has (7FE0,0010/0008/0009)
   * @throws DicomParseException for missing, inconsistent or absurd values, naming the tag
   */
  public static PixelModule of(DicomDataset ds, int pixelDataTag, String file, ReadLimits limits)
      throws ImageReadException {
    return of(ds, pixelDataTag, file, limits, true);
  }

  /**
   * As {@link #of(DicomDataset, int, String, ReadLimits)}; with {@code readPalette} false a
   * PALETTE COLOR image's tables are not read (header scans skip them as bulk data).
   */
  static PixelModule of(DicomDataset ds, int pixelDataTag, String file, ReadLimits limits,
      boolean readPalette) throws ImageReadException {
    int rows = required(ds, Tags.ROWS, file);
    int columns = required(ds, Tags.COLUMNS, file);
    int frames;
    try {
      frames = ds.getInt(Tags.NUMBER_OF_FRAMES, 1);
    } catch (NumberFormatException e) {
      throw new DicomParseException(file, e.getMessage());
    }
    if (frames == 0) {
      frames = 1; // pydicom and DCMTK read NumberOfFrames 0 as 1
    }
    int samples = ds.getInt(Tags.SAMPLES_PER_PIXEL, 1);
    String photometric = ds.getString(Tags.PHOTOMETRIC_INTERPRETATION,
        samples == 3 ? "RGB" : "MONOCHROME2").toUpperCase(Locale.ROOT);
    int bitsAllocated;
    int bitsStored;
    int pixelRepresentation;
    if (pixelDataTag == Tags.FLOAT_PIXEL_DATA) {
      bitsAllocated = 32;
      bitsStored = 32;
      pixelRepresentation = 1;
    } else if (pixelDataTag == Tags.DOUBLE_FLOAT_PIXEL_DATA) {
      bitsAllocated = 64;
      bitsStored = 64;
      pixelRepresentation = 1;
    } else {
      bitsAllocated = required(ds, Tags.BITS_ALLOCATED, file);
      bitsStored = ds.getInt(Tags.BITS_STORED, bitsAllocated);
      pixelRepresentation = ds.getInt(Tags.PIXEL_REPRESENTATION, 0);
    }
    int planar = ds.getInt(Tags.PLANAR_CONFIGURATION, 0);
    if (rows < 1 || columns < 1) {
      throw new DicomParseException(file, "Rows " + rows + " x Columns " + columns
          + " is not an image size (both must be at least 1)");
    }
    if (frames < 1) {
      throw new DicomParseException(file, "NumberOfFrames " + frames + " must be at least 1");
    }
    if (samples != 1 && samples != 3) {
      throw new DicomParseException(file, "SamplesPerPixel " + samples
          + " is not supported (1 or 3)");
    }
    if (pixelDataTag == Tags.PIXEL_DATA && bitsAllocated != 1 && bitsAllocated != 8
        && bitsAllocated != 16 && bitsAllocated != 32) {
      throw new DicomParseException(file, "BitsAllocated " + bitsAllocated
          + " is not supported (1, 8, 16 or 32)");
    }
    if (bitsStored < 1 || bitsStored > bitsAllocated) {
      throw new DicomParseException(file, "BitsStored " + bitsStored
          + " must be in [1, BitsAllocated " + bitsAllocated + "]");
    }
    if (pixelRepresentation != 0 && pixelRepresentation != 1) {
      throw new DicomParseException(file, "PixelRepresentation " + pixelRepresentation
          + " must be 0 (unsigned) or 1 (signed)");
    }
    if (planar != 0 && planar != 1) {
      throw new DicomParseException(file, "PlanarConfiguration " + planar + " must be 0 or 1");
    }
    boolean colour = samples == 3;
    boolean known;
    switch (photometric) {
      case "MONOCHROME1":
      case "MONOCHROME2":
      case "PALETTE COLOR":
        known = !colour;
        break;
      case "RGB":
      case "YBR_FULL":
      case "YBR_FULL_422":
      case "YBR_ICT":
      case "YBR_RCT":
        known = colour;
        break;
      default:
        known = false;
    }
    if (!known) {
      throw new DicomParseException(file, "PhotometricInterpretation '" + photometric
          + "' with SamplesPerPixel " + samples + " is not supported (MONOCHROME1/2 and PALETTE "
          + "COLOR with 1 sample; RGB, YBR_FULL, YBR_FULL_422, YBR_ICT, YBR_RCT with 3)");
    }
    if (colour && bitsAllocated != 8 && photometric.startsWith("YBR_FULL")) {
      throw new DicomParseException(file, photometric + " needs BitsAllocated 8, got "
          + bitsAllocated);
    }
    if (bitsAllocated == 1 && samples != 1) {
      throw new DicomParseException(file, "BitsAllocated 1 needs SamplesPerPixel 1");
    }
    PaletteLut palette = null;
    boolean isPalette = photometric.equals("PALETTE COLOR");
    if (isPalette && readPalette) {
      palette = PaletteLut.of(ds, file);
    }
    long voxels = (long) rows * columns * frames * (isPalette ? 3 : samples);
    int bytesPer = Math.max(1, bitsAllocated / 8);
    try {
      limits.check(file, voxels, bytesPer, "Rows x Columns x Frames x Samples (" + rows + " x "
          + columns + " x " + frames + " x " + samples + ")");
    } catch (ImageReadException e) {
      throw new DicomParseException(file, e.reason());
    }
    double slope;
    double intercept;
    boolean hasRescale;
    try {
      slope = ds.getDouble(Tags.RESCALE_SLOPE, Double.NaN);
      intercept = ds.getDouble(Tags.RESCALE_INTERCEPT, Double.NaN);
    } catch (NumberFormatException e) {
      throw new DicomParseException(file, e.getMessage());
    }
    hasRescale = !Double.isNaN(slope) || !Double.isNaN(intercept);
    if (Double.isNaN(slope)) {
      slope = 1;
    }
    if (Double.isNaN(intercept)) {
      intercept = 0;
    }
    if (!Double.isFinite(slope) || !Double.isFinite(intercept)) {
      throw new DicomParseException(file, "RescaleSlope " + slope + " / RescaleIntercept "
          + intercept + " must be finite");
    }
    return new PixelModule(rows, columns, frames, samples, bitsAllocated, bitsStored,
        pixelRepresentation, planar, photometric, pixelDataTag, slope, intercept, hasRescale,
        palette);
  }

  private static int required(DicomDataset ds, int tag, String file) throws DicomParseException {
    int v;
    try {
      v = ds.getInt(tag, Integer.MIN_VALUE);
    } catch (NumberFormatException e) {
      throw new DicomParseException(file, e.getMessage());
    }
    if (v == Integer.MIN_VALUE) {
      throw new DicomParseException(file, "required " + Tags.describe(tag) + " is missing");
    }
    return v;
  }

  public int rows() {
    return rows;
  }

  public int columns() {
    return columns;
  }

  public int frames() {
    return frames;
  }

  public int samplesPerPixel() {
    return samplesPerPixel;
  }

  public int bitsAllocated() {
    return bitsAllocated;
  }

  public int bitsStored() {
    return bitsStored;
  }

  public boolean signed() {
    return pixelRepresentation == 1;
  }

  public int planarConfiguration() {
    return planarConfiguration;
  }

  /** Upper-case photometric interpretation ({@code "MONOCHROME2"}, {@code "YBR_FULL_422"}). */
  public String photometric() {
    return photometric;
  }

  public int pixelDataTag() {
    return pixelDataTag;
  }

  public double rescaleSlope() {
    return rescaleSlope;
  }

  public double rescaleIntercept() {
    return rescaleIntercept;
  }

  /** Were RescaleSlope or RescaleIntercept present? */
  public boolean hasRescale() {
    return hasRescale;
  }

  /** Is the modality LUT other than the identity (slope 1, intercept 0)? */
  public boolean rescaleIsIdentity() {
    return rescaleSlope == 1.0 && rescaleIntercept == 0.0;
  }

  PaletteLut palette() {
    return palette;
  }

  /** Pixels per frame. */
  public int pixelsPerFrame() {
    return rows * columns;
  }

  /** Channels of the decoded image: 3 for colour and palette colour, else 1. */
  public int channels() {
    return palette != null ? 3 : samplesPerPixel;
  }

  /** Bytes one native frame occupies (bit-packed frames of BitsAllocated 1 are not aligned). */
  long nativeFrameBytes() {
    return (long) rows * columns * samplesPerPixel * bitsAllocated / 8;
  }

  /** Bytes all native frames occupy, rounded up to whole bytes. */
  long nativeBytes() {
    return ((long) rows * columns * samplesPerPixel * frames * bitsAllocated + 7) / 8;
  }

  /**
   * The type samples decode to, before palette lookup: uint8/int8 (BitsAllocated 1 → uint8),
   * uint16/int16, uint32/int32, float32/float64 for float pixel data — pydicom's {@code
   * pixel_dtype}.
   */
  public DType storedDType() {
    return storedType(pixelDataTag, bitsAllocated, signed());
  }

  static DType storedType(int pixelDataTag, int bitsAllocated, boolean s) {
    if (pixelDataTag == Tags.FLOAT_PIXEL_DATA) {
      return DType.FLOAT32;
    }
    if (pixelDataTag == Tags.DOUBLE_FLOAT_PIXEL_DATA) {
      return DType.FLOAT64;
    }
    switch (bitsAllocated) {
      case 1:
        return DType.UINT8;
      case 8:
        return s ? DType.INT8 : DType.UINT8;
      case 16:
        return s ? DType.INT16 : DType.UINT16;
      default:
        return s ? DType.INT32 : DType.UINT32;
    }
  }

  /** The type of the decoded image: the stored type, or the palette's entry type. */
  public DType decodedDType() {
    return palette != null ? palette.dtype() : storedDType();
  }

  @Override
  public String toString() {
    return rows + "x" + columns + "x" + frames + " " + photometric + " " + samplesPerPixel
        + " sample(s) " + bitsStored + "/" + bitsAllocated + (signed() ? " signed" : " unsigned");
  }
}
