package org.medbeam.io.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageSource;
import org.medbeam.io.ReadLimits;

/**
 * What a header scan keeps of one image file: where it is, the identifiers series assembly groups
 * by, the pixel format, the geometry of every frame (position, orientation, pixel spacing — from
 * the per-frame and shared functional groups of enhanced multi-frame files), the modality LUT of
 * every frame, and the tags users filter on. Small and immutable; travels through a Beam shuffle
 * with {@link DicomInstanceCoder}.
 *
 * <p>Positions and orientations are DICOM patient coordinates (LPS, mm); absent values are NaN.
 */
@DefaultCoder(DicomInstanceCoder.class)
public final class DicomInstance {
  /**
   * The tags kept by default, by keyword: the ones users filter series on and the ones that
   * name outputs.
   */
  public static final List<String> DEFAULT_KEYWORDS = List.of(
      "PatientID", "StudyInstanceUID", "SeriesInstanceUID", "StudyDate", "StudyTime",
      "SeriesDate", "SeriesTime", "AcquisitionDate", "AcquisitionTime", "AcquisitionDateTime",
      "Modality", "Manufacturer", "ManufacturerModelName", "SeriesDescription",
      "StudyDescription", "ProtocolName", "BodyPartExamined", "SeriesNumber",
      "FrameOfReferenceUID", "SOPClassUID", "ImageType");

  final String source;
  final long size;
  final String sopInstanceUid;
  final String seriesInstanceUid;
  final String transferSyntaxUid;
  final int instanceNumber;
  final int acquisitionNumber;
  final int echoNumber;
  final int temporalPosition;
  final int rows;
  final int columns;
  final int frames;
  final int samples;
  final int bitsAllocated;
  final int bitsStored;
  final int pixelRepresentation;
  final String photometric;
  final int pixelDataTag;
  final boolean enhanced;
  final double[] positions;
  final double[] orientations;
  final double[] spacings;
  final double sliceThickness;
  final double spacingBetweenSlices;
  final double[] slopes;
  final double[] intercepts;
  final boolean hasRescale;
  final Map<String, String> tags;

  DicomInstance(String source, long size, String sopInstanceUid, String seriesInstanceUid,
      String transferSyntaxUid, int instanceNumber, int acquisitionNumber, int echoNumber,
      int temporalPosition, int rows, int columns, int frames, int samples, int bitsAllocated,
      int bitsStored, int pixelRepresentation, String photometric, int pixelDataTag,
      boolean enhanced, double[] positions, double[] orientations, double[] spacings,
      double sliceThickness, double spacingBetweenSlices, double[] slopes, double[] intercepts,
      boolean hasRescale, Map<String, String> tags) {
    this.source = source;
    this.size = size;
    this.sopInstanceUid = sopInstanceUid;
    this.seriesInstanceUid = seriesInstanceUid;
    this.transferSyntaxUid = transferSyntaxUid;
    this.instanceNumber = instanceNumber;
    this.acquisitionNumber = acquisitionNumber;
    this.echoNumber = echoNumber;
    this.temporalPosition = temporalPosition;
    this.rows = rows;
    this.columns = columns;
    this.frames = frames;
    this.samples = samples;
    this.bitsAllocated = bitsAllocated;
    this.bitsStored = bitsStored;
    this.pixelRepresentation = pixelRepresentation;
    this.photometric = photometric;
    this.pixelDataTag = pixelDataTag;
    this.enhanced = enhanced;
    this.positions = positions;
    this.orientations = orientations;
    this.spacings = spacings;
    this.sliceThickness = sliceThickness;
    this.spacingBetweenSlices = spacingBetweenSlices;
    this.slopes = slopes;
    this.intercepts = intercepts;
    this.hasRescale = hasRescale;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** Reads the header of {@code source} (no pixels) and summarises it. */
  public static DicomInstance read(ImageSource source, ReadLimits limits, List<String> keywords)
      throws ImageReadException {
    DicomFile header = DicomFile.readHeader(source);
    return of(header, source.size(), limits, keywords);
  }

  /**
   * Summarises a header.
   *
   * @throws DicomParseException when the file has no pixel data or its pixel module or geometry
   *     is invalid (absurd sizes against {@code limits} included)
   */
  public static DicomInstance of(DicomFile header, long size, ReadLimits limits,
      List<String> keywords) throws ImageReadException {
    String file = header.source();
    DicomDataset ds = header.dataset();
    if (header.pixelData() == null) {
      throw new NoPixelDataException(file);
    }
    PixelModule pm = PixelModule.of(ds, header.pixelData().tag(), file, limits, false);
    int n = pm.frames();
    double[] pos = new double[3 * n];
    double[] ori = new double[6 * n];
    double[] sp = new double[2 * n];
    double[] slopes = new double[n];
    double[] intercepts = new double[n];
    Arrays.fill(pos, Double.NaN);
    Arrays.fill(ori, Double.NaN);
    Arrays.fill(sp, Double.NaN);
    Arrays.fill(slopes, pm.rescaleSlope());
    Arrays.fill(intercepts, pm.rescaleIntercept());
    boolean hasRescale = pm.hasRescale();
    double thickness;
    double between;
    List<DicomDataset> perFrame = ds.getSequence(Tags.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE);
    DicomDataset shared = ds.getItem(Tags.SHARED_FUNCTIONAL_GROUPS_SEQUENCE, 0);
    boolean enhanced = !perFrame.isEmpty() || shared != null;
    try {
      if (enhanced) {
        if (!perFrame.isEmpty() && perFrame.size() != n) {
          throw new DicomParseException(file, "PerFrameFunctionalGroupsSequence has "
              + perFrame.size() + " items but NumberOfFrames is " + n);
        }
        thickness = Double.NaN;
        between = Double.NaN;
        for (int f = 0; f < n; f++) {
          DicomDataset item = perFrame.isEmpty() ? null : perFrame.get(f);
          DicomDataset plane = group(item, shared, Tags.PLANE_POSITION_SEQUENCE);
          copy(plane, Tags.IMAGE_POSITION_PATIENT, pos, 3 * f, 3, file);
          DicomDataset orient = group(item, shared, Tags.PLANE_ORIENTATION_SEQUENCE);
          copy(orient, Tags.IMAGE_ORIENTATION_PATIENT, ori, 6 * f, 6, file);
          DicomDataset measures = group(item, shared, Tags.PIXEL_MEASURES_SEQUENCE);
          copy(measures, Tags.PIXEL_SPACING, sp, 2 * f, 2, file);
          if (measures != null && f == 0) {
            thickness = measures.getDouble(Tags.SLICE_THICKNESS, Double.NaN);
            between = measures.getDouble(Tags.SPACING_BETWEEN_SLICES, Double.NaN);
          }
          DicomDataset pvt = group(item, shared, Tags.PIXEL_VALUE_TRANSFORMATION_SEQUENCE);
          if (pvt != null && (pvt.contains(Tags.RESCALE_SLOPE)
              || pvt.contains(Tags.RESCALE_INTERCEPT))) {
            slopes[f] = pvt.getDouble(Tags.RESCALE_SLOPE, 1.0);
            intercepts[f] = pvt.getDouble(Tags.RESCALE_INTERCEPT, 0.0);
            hasRescale = true;
          }
        }
        // classic attributes at top level fill what the functional groups lack
        fillFromTopLevel(ds, pos, ori, sp, n, file);
      } else {
        thickness = ds.getDouble(Tags.SLICE_THICKNESS, Double.NaN);
        between = ds.getDouble(Tags.SPACING_BETWEEN_SLICES, Double.NaN);
        fillFromTopLevel(ds, pos, ori, sp, n, file);
      }
    } catch (NumberFormatException e) {
      throw new DicomParseException(file, e.getMessage());
    }
    for (int f = 0; f < n; f++) {
      if (!Double.isFinite(slopes[f]) || !Double.isFinite(intercepts[f])) {
        throw new DicomParseException(file, "frame " + (f + 1) + " rescale slope/intercept "
            + slopes[f] + "/" + intercepts[f] + " must be finite");
      }
    }
    Map<String, String> tags = new LinkedHashMap<>();
    DicomDictionary dict = DicomDictionary.standard();
    for (String kw : keywords) {
      int tag = dict.tagOf(kw);
      if (tag < 0) {
        continue;
      }
      String[] v;
      try {
        v = ds.getStrings(tag);
      } catch (RuntimeException e) {
        v = null;
      }
      if (v != null && v.length > 0 && !(v.length == 1 && v[0].isEmpty())) {
        tags.put(kw, String.join("\\", v));
      }
    }
    int echo;
    int acq;
    int instance;
    int temporal;
    try {
      echo = ds.getInt(Tags.ECHO_NUMBERS, Integer.MIN_VALUE);
      acq = ds.getInt(Tags.ACQUISITION_NUMBER, Integer.MIN_VALUE);
      instance = ds.getInt(Tags.INSTANCE_NUMBER, Integer.MIN_VALUE);
      temporal = ds.getInt(Tags.TEMPORAL_POSITION_IDENTIFIER, Integer.MIN_VALUE);
    } catch (NumberFormatException e) {
      echo = Integer.MIN_VALUE;
      acq = Integer.MIN_VALUE;
      instance = Integer.MIN_VALUE;
      temporal = Integer.MIN_VALUE;
    }
    return new DicomInstance(file, size, ds.getString(Tags.SOP_INSTANCE_UID, ""),
        ds.getString(Tags.SERIES_INSTANCE_UID, ""), header.transferSyntax().uid(), instance, acq,
        echo, temporal, pm.rows(), pm.columns(), n, pm.samplesPerPixel(), pm.bitsAllocated(),
        pm.bitsStored(), pm.signed() ? 1 : 0, pm.photometric(), pm.pixelDataTag(), enhanced, pos,
        ori, sp, thickness, between, slopes, intercepts, hasRescale, tags);
  }

  /** A functional group macro: the per-frame item's, else the shared one's, first item. */
  private static DicomDataset group(DicomDataset perFrame, DicomDataset shared, int seqTag) {
    DicomDataset item = perFrame == null ? null : perFrame.getItem(seqTag, 0);
    if (item == null && shared != null) {
      item = shared.getItem(seqTag, 0);
    }
    return item;
  }

  private static void copy(DicomDataset ds, int tag, double[] out, int off, int n, String file)
      throws DicomParseException {
    if (ds == null) {
      return;
    }
    double[] v = ds.getDoubles(tag);
    if (v == null) {
      return;
    }
    if (v.length < n) {
      throw new DicomParseException(file, Tags.describe(tag) + " has " + v.length
          + " values, needs " + n);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(v[i])) {
        throw new DicomParseException(file, Tags.describe(tag) + " value " + v[i]
            + " is not finite");
      }
    }
    System.arraycopy(v, 0, out, off, n);
  }

  /**
   * Classic (top-level) ImagePositionPatient / ImageOrientationPatient / PixelSpacing fill what
   * the frames lack: orientation and spacing apply to every frame, the position to frame 1 only
   * (a classic multi-frame image has one position, that of its first frame).
   */
  private static void fillFromTopLevel(DicomDataset ds, double[] pos, double[] ori, double[] sp,
      int n, String file) throws DicomParseException {
    double[] p = new double[3];
    double[] o = new double[6];
    double[] s = new double[2];
    Arrays.fill(p, Double.NaN);
    Arrays.fill(o, Double.NaN);
    Arrays.fill(s, Double.NaN);
    copy(ds, Tags.IMAGE_POSITION_PATIENT, p, 0, 3, file);
    copy(ds, Tags.IMAGE_ORIENTATION_PATIENT, o, 0, 6, file);
    copy(ds, Tags.PIXEL_SPACING, s, 0, 2, file);
    for (int f = 0; f < n; f++) {
      if (Double.isNaN(ori[6 * f])) {
        System.arraycopy(o, 0, ori, 6 * f, 6);
      }
      if (Double.isNaN(sp[2 * f])) {
        System.arraycopy(s, 0, sp, 2 * f, 2);
      }
    }
    if (Double.isNaN(pos[0])) {
      System.arraycopy(p, 0, pos, 0, 3);
    }
  }

  // ------------------------------------------------------------------------------- accessors

  /** The file's path or URI. */
  public String source() {
    return source;
  }

  public long size() {
    return size;
  }

  public String sopInstanceUid() {
    return sopInstanceUid;
  }

  /** SeriesInstanceUID, or "" when the file has none. */
  public String seriesInstanceUid() {
    return seriesInstanceUid;
  }

  public String transferSyntaxUid() {
    return transferSyntaxUid;
  }

  /** InstanceNumber, or {@link Integer#MIN_VALUE} when absent. */
  public int instanceNumber() {
    return instanceNumber;
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
    return samples;
  }

  public int bitsAllocated() {
    return bitsAllocated;
  }

  public boolean signed() {
    return pixelRepresentation == 1;
  }

  public String photometric() {
    return photometric;
  }

  /** Enhanced multi-frame (functional groups present)? */
  public boolean enhanced() {
    return enhanced;
  }

  /** ImagePositionPatient of frame f (LPS mm), NaNs when unknown. */
  public double[] position(int f) {
    return Arrays.copyOfRange(positions, 3 * f, 3 * f + 3);
  }

  /** ImageOrientationPatient of frame f (row then column direction cosines), NaNs if unknown. */
  public double[] orientation(int f) {
    return Arrays.copyOfRange(orientations, 6 * f, 6 * f + 6);
  }

  /** PixelSpacing of frame f: (between rows, between columns) in mm, NaNs when unknown. */
  public double[] pixelSpacing(int f) {
    return Arrays.copyOfRange(spacings, 2 * f, 2 * f + 2);
  }

  public double sliceThickness() {
    return sliceThickness;
  }

  public double spacingBetweenSlices() {
    return spacingBetweenSlices;
  }

  public double rescaleSlope(int f) {
    return slopes[f];
  }

  public double rescaleIntercept(int f) {
    return intercepts[f];
  }

  /** Were RescaleSlope/Intercept given (top level or functional groups)? */
  public boolean hasRescale() {
    return hasRescale;
  }

  /** The kept tags, keyword → value (multiple values joined with backslashes). */
  public Map<String, String> tags() {
    return tags;
  }

  /** A kept tag's value, or null. */
  public String tag(String keyword) {
    return tags.get(keyword);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof DicomInstance)) {
      return false;
    }
    DicomInstance d = (DicomInstance) o;
    return source.equals(d.source) && size == d.size && sopInstanceUid.equals(d.sopInstanceUid)
        && seriesInstanceUid.equals(d.seriesInstanceUid)
        && transferSyntaxUid.equals(d.transferSyntaxUid) && instanceNumber == d.instanceNumber
        && acquisitionNumber == d.acquisitionNumber && echoNumber == d.echoNumber
        && temporalPosition == d.temporalPosition && rows == d.rows && columns == d.columns
        && frames == d.frames && samples == d.samples && bitsAllocated == d.bitsAllocated
        && bitsStored == d.bitsStored && pixelRepresentation == d.pixelRepresentation
        && photometric.equals(d.photometric) && pixelDataTag == d.pixelDataTag
        && enhanced == d.enhanced && Arrays.equals(positions, d.positions)
        && Arrays.equals(orientations, d.orientations) && Arrays.equals(spacings, d.spacings)
        && Double.compare(sliceThickness, d.sliceThickness) == 0
        && Double.compare(spacingBetweenSlices, d.spacingBetweenSlices) == 0
        && Arrays.equals(slopes, d.slopes) && Arrays.equals(intercepts, d.intercepts)
        && hasRescale == d.hasRescale && tags.equals(d.tags);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, sopInstanceUid, seriesInstanceUid, frames);
  }

  @Override
  public String toString() {
    return "DicomInstance(" + source + ", series " + seriesInstanceUid + ", " + columns + "x"
        + rows + "x" + frames + ")";
  }

  /** Keywords: the defaults plus {@code extra}, without duplicates, in order. */
  static List<String> keywords(List<String> extra) {
    List<String> out = new ArrayList<>(DEFAULT_KEYWORDS);
    for (String k : extra) {
      if (!out.contains(k)) {
        out.add(k);
      }
    }
    return out;
  }
}
