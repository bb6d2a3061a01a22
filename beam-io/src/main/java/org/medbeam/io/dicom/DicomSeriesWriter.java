package org.medbeam.io.dicom;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * Writes a volume {@code (1, X, Y, Z)} as a DICOM series, one Part 10 file per slice (Explicit VR
 * Little Endian, native pixels) — the inverse of {@link DicomSeriesReader}: reading the folder
 * back gives the same voxels and the same RAS affine. For synthetic archives in tests, demos and
 * benchmarks.
 *
 * <p>Geometry comes from the affine (RAS → LPS): ImageOrientationPatient from the directions of
 * the i and j columns, PixelSpacing from their lengths, ImagePositionPatient of slice k from
 * {@code affine · (0, 0, k)}. Integer volumes are stored as they are (int16 → signed 16-bit,
 * uint8 → 8-bit, …); float volumes need {@link #withRescale} and are stored as int16 with
 * RescaleSlope/RescaleIntercept. Immutable; {@code withX} return copies.
 */
public final class DicomSeriesWriter implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final String CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
  private static final String MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4";
  private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";

  private final String modality;
  private final String patientId;
  private final String seriesDescription;
  private final int seriesNumber;
  private final String uidSeed;
  private final double rescaleSlope;
  private final double rescaleIntercept;
  private final boolean rescale;
  private final String fileNamePattern;

  private DicomSeriesWriter(String modality, String patientId, String seriesDescription,
      int seriesNumber, String uidSeed, double rescaleSlope, double rescaleIntercept,
      boolean rescale, String fileNamePattern) {
    this.modality = modality;
    this.patientId = patientId;
    this.seriesDescription = seriesDescription;
    this.seriesNumber = seriesNumber;
    this.uidSeed = uidSeed;
    this.rescaleSlope = rescaleSlope;
    this.rescaleIntercept = rescaleIntercept;
    this.rescale = rescale;
    this.fileNamePattern = fileNamePattern;
  }

  /** Modality OT, patient "ANONYMOUS", series 1, random UIDs, files {@code slice_0000.dcm}. */
  public static DicomSeriesWriter create() {
    return new DicomSeriesWriter("OT", "ANONYMOUS", "", 1, null, 1, 0, false, "slice_%04d.dcm");
  }

  /** CT and MR get their image storage SOP classes; anything else secondary capture. */
  public DicomSeriesWriter withModality(String m) {
    if (m == null || !m.matches("[A-Z0-9 _]{1,16}")) {
      throw new IllegalArgumentException(
          "modality must be a DICOM code string of 1-16 upper-case letters/digits, got '" + m
              + "'");
    }
    return new DicomSeriesWriter(m, patientId, seriesDescription, seriesNumber, uidSeed,
        rescaleSlope, rescaleIntercept, rescale, fileNamePattern);
  }

  public DicomSeriesWriter withPatientId(String id) {
    if (id == null || id.isEmpty() || id.length() > 64) {
      throw new IllegalArgumentException("patientId must have 1-64 characters, got '" + id + "'");
    }
    return new DicomSeriesWriter(modality, id, seriesDescription, seriesNumber, uidSeed,
        rescaleSlope, rescaleIntercept, rescale, fileNamePattern);
  }

  public DicomSeriesWriter withSeriesDescription(String d) {
    if (d == null || d.length() > 64) {
      throw new IllegalArgumentException("seriesDescription must have at most 64 characters, got "
          + (d == null ? "null" : d.length()));
    }
    return new DicomSeriesWriter(modality, patientId, d, seriesNumber, uidSeed, rescaleSlope,
        rescaleIntercept, rescale, fileNamePattern);
  }

  public DicomSeriesWriter withSeriesNumber(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("seriesNumber must be >= 0, got " + n);
    }
    return new DicomSeriesWriter(modality, patientId, seriesDescription, n, uidSeed, rescaleSlope,
        rescaleIntercept, rescale, fileNamePattern);
  }

  /** Deterministic UIDs derived from this seed (same seed, same files); default random. */
  public DicomSeriesWriter withUidSeed(String seed) {
    return new DicomSeriesWriter(modality, patientId, seriesDescription, seriesNumber,
        Objects.requireNonNull(seed, "uidSeed"), rescaleSlope, rescaleIntercept, rescale,
        fileNamePattern);
  }

  /**
   * Stores float volumes as int16 {@code round((v - intercept) / slope)} with these
   * RescaleSlope/RescaleIntercept.
   */
  public DicomSeriesWriter withRescale(double slope, double intercept) {
    if (!(slope > 0) || !Double.isFinite(slope) || !Double.isFinite(intercept)) {
      throw new IllegalArgumentException("rescale slope must be finite and > 0 and intercept "
          + "finite, got slope " + slope + ", intercept " + intercept);
    }
    return new DicomSeriesWriter(modality, patientId, seriesDescription, seriesNumber, uidSeed,
        slope, intercept, true, fileNamePattern);
  }

  /** File names: a {@link String#format} pattern given the slice index, e.g. "IM%05d". */
  public DicomSeriesWriter withFileNamePattern(String pattern) {
    try {
      String a = String.format(Locale.ROOT, pattern, 0);
      String b = String.format(Locale.ROOT, pattern, 1);
      if (a.equals(b) || a.contains("/")) {
        throw new IllegalArgumentException("x");
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("fileNamePattern must format the slice index into a "
          + "distinct file name without '/', e.g. \"IM%05d.dcm\"; got '" + pattern + "'");
    }
    return new DicomSeriesWriter(modality, patientId, seriesDescription, seriesNumber, uidSeed,
        rescaleSlope, rescaleIntercept, rescale, pattern);
  }

  /** Writes every slice of {@code v} into {@code folder} (created if needed). */
  public List<Path> write(Volume v, Path folder) throws IOException {
    check(v);
    Files.createDirectories(folder);
    String seed = uidSeed != null ? uidSeed : DicomWriter.newUid();
    String study = DicomWriter.uidFromName(seed + "/study");
    String series = DicomWriter.uidFromName(seed + "/series/" + seriesNumber);
    String frame = DicomWriter.uidFromName(seed + "/frame-of-reference");
    List<Path> out = new ArrayList<>();
    for (int k = 0; k < v.shape(3); k++) {
      DicomDataset ds = slice(v, k, study, series, frame,
          DicomWriter.uidFromName(seed + "/series/" + seriesNumber + "/" + k));
      Path p = folder.resolve(String.format(Locale.ROOT, fileNamePattern, k));
      DicomWriter.write(ds, p);
      out.add(p);
    }
    return out;
  }

  private void check(Volume v) {
    if (v.spatialRank() != 3 || v.channels() != 1) {
      throw new IllegalArgumentException("DicomSeriesWriter needs a (1, X, Y, Z) volume, got "
          + java.util.Arrays.toString(v.shape()));
    }
    if (v.shape(1) > 65535 || v.shape(2) > 65535) {
      throw new IllegalArgumentException("DICOM rows and columns are at most 65535, got "
          + v.shape(1) + " x " + v.shape(2));
    }
    if (v.dtype().isFloating() && !rescale) {
      throw new IllegalArgumentException("a " + v.dtype().numpyName() + " volume needs "
          + "withRescale(slope, intercept) to be stored as int16 pixels");
    }
    if (v.dtype() == DType.INT64 || v.dtype() == DType.UINT64) {
      throw new IllegalArgumentException("DICOM has no 64-bit integer pixels; convert the "
          + v.dtype().numpyName() + " volume first");
    }
  }

  /** The data set of slice k (with pixel data); UIDs as given. */
  DicomDataset slice(Volume v, int k, String study, String series, String frameOfReference,
      String instance) {
    int nx = v.shape(1);
    int ny = v.shape(2);
    Affine a = v.affine();
    // RAS → LPS: negate the x and y rows
    double[] ci = {-a.get(0, 0), -a.get(1, 0), a.get(2, 0)};
    double[] cj = {-a.get(0, 1), -a.get(1, 1), a.get(2, 1)};
    double colSpacing = norm(ci);
    double rowSpacing = norm(cj);
    if (colSpacing == 0 || rowSpacing == 0) {
      throw new IllegalArgumentException("affine has a zero i or j column: " + a);
    }
    double[] pos = a.apply(0, 0, k);
    DicomDataset ds = new DicomDataset();
    String sopClass = modality.equals("CT") ? CT_IMAGE_STORAGE
        : modality.equals("MR") ? MR_IMAGE_STORAGE : SECONDARY_CAPTURE;
    ds.setString(Tags.SPECIFIC_CHARACTER_SET, VR.CS, "ISO_IR 192");
    ds.setString(Tags.IMAGE_TYPE, VR.CS, "DERIVED", "SECONDARY", "AXIAL");
    ds.setString(Tags.SOP_CLASS_UID, VR.UI, sopClass);
    ds.setString(Tags.SOP_INSTANCE_UID, VR.UI, instance);
    ds.setString(Tags.STUDY_DATE, VR.DA, "20240101");
    ds.setString(Tags.SERIES_DATE, VR.DA, "20240101");
    ds.setString(Tags.ACQUISITION_DATE, VR.DA, "20240101");
    ds.setString(Tags.STUDY_TIME, VR.TM, "120000");
    ds.setString(Tags.SERIES_TIME, VR.TM, "120000");
    ds.setString(Tags.ACQUISITION_TIME, VR.TM, "120000");
    ds.setString(Tags.MODALITY, VR.CS, modality);
    ds.setString(Tags.MANUFACTURER, VR.LO, "medbeam");
    ds.setString(Tags.SERIES_DESCRIPTION, VR.LO, seriesDescription);
    ds.setString(Tags.PATIENT_NAME, VR.PN, patientId);
    ds.setString(Tags.PATIENT_ID, VR.LO, patientId);
    ds.setDoubles(Tags.SLICE_THICKNESS, VR.DS, norm(new double[] {a.get(0, 2), a.get(1, 2),
        a.get(2, 2)}));
    ds.setString(Tags.STUDY_INSTANCE_UID, VR.UI, study);
    ds.setString(Tags.SERIES_INSTANCE_UID, VR.UI, series);
    ds.setInts(Tags.SERIES_NUMBER, VR.IS, seriesNumber);
    ds.setInts(Tags.INSTANCE_NUMBER, VR.IS, k + 1);
    ds.setDoubles(Tags.IMAGE_POSITION_PATIENT, VR.DS, -pos[0] + 0.0, -pos[1] + 0.0, pos[2]);
    ds.setDoubles(Tags.IMAGE_ORIENTATION_PATIENT, VR.DS, ci[0] / colSpacing,
        ci[1] / colSpacing, ci[2] / colSpacing, cj[0] / rowSpacing, cj[1] / rowSpacing,
        cj[2] / rowSpacing);
    ds.setString(Tags.FRAME_OF_REFERENCE_UID, VR.UI, frameOfReference);
    ds.setInts(Tags.SAMPLES_PER_PIXEL, VR.US, 1);
    ds.setString(Tags.PHOTOMETRIC_INTERPRETATION, VR.CS, "MONOCHROME2");
    ds.setInts(Tags.ROWS, VR.US, ny);
    ds.setInts(Tags.COLUMNS, VR.US, nx);
    ds.setDoubles(Tags.PIXEL_SPACING, VR.DS, rowSpacing, colSpacing);
    DType t = v.dtype();
    int bits = t.isFloating() ? 16 : t.byteSize() * 8;
    boolean signed = t.isFloating() || t.isSigned();
    ds.setInts(Tags.BITS_ALLOCATED, VR.US, bits);
    ds.setInts(Tags.BITS_STORED, VR.US, bits);
    ds.setInts(Tags.HIGH_BIT, VR.US, bits - 1);
    ds.setInts(Tags.PIXEL_REPRESENTATION, VR.US, signed ? 1 : 0);
    if (rescale) {
      ds.setDoubles(Tags.RESCALE_INTERCEPT, VR.DS, rescaleIntercept);
      ds.setDoubles(Tags.RESCALE_SLOPE, VR.DS, rescaleSlope);
    }
    int px = nx * ny;
    int off = k * px;
    Object data = v.array();
    switch (t) {
      case UINT8:
      case INT8:
        {
          byte[] b = new byte[px];
          System.arraycopy(data, off, b, 0, px);
          ds.setBytes(Tags.PIXEL_DATA, VR.OB, b);
          break;
        }
      case UINT16:
      case INT16:
        {
          short[] s = new short[px];
          System.arraycopy(data, off, s, 0, px);
          DicomWriter.setPixelData(ds, s);
          break;
        }
      case UINT32:
      case INT32:
        {
          int[] s = new int[px];
          System.arraycopy(data, off, s, 0, px);
          DicomWriter.setPixelData(ds, s);
          break;
        }
      default:
        {
          short[] s = new short[px];
          for (int p = 0; p < px; p++) {
            double stored = Math.rint((v.getDouble(off + p) - rescaleIntercept) / rescaleSlope);
            if (stored < Short.MIN_VALUE || stored > Short.MAX_VALUE || Double.isNaN(stored)) {
              throw new IllegalArgumentException("voxel " + (off + p) + " value "
                  + v.getDouble(off + p) + " does not fit int16 with slope " + rescaleSlope
                  + " and intercept " + rescaleIntercept);
            }
            s[p] = (short) stored;
          }
          DicomWriter.setPixelData(ds, s);
        }
    }
    return ds;
  }

  private static double norm(double[] v) {
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }
}
