package org.medbeam.io.dicom;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.medbeam.core.DType;
import org.medbeam.core.Json;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageSource;
import org.medbeam.io.ReadLimits;

/**
 * Reads DICOM series into volumes: {@link #scan} reads every file's header (in parallel, never
 * pixels) and groups the files into {@link DicomSeries}; {@link #read(DicomSeries)} allocates the
 * volume once and decodes each slice straight into it, files in parallel, so peak memory is the
 * volume plus one frame per thread.
 *
 * <p>The volume is {@code (C, X, Y, Z)}: X = columns, Y = rows, Z = slices in order along the
 * slice normal; its affine maps {@code (i, j, k)} to RAS mm (DICOM's LPS with x and y negated), so
 * every voxel has the world position dcm2niix gives it. Voxels keep the stored type (int16,
 * uint16, uint8, …) unless a slice has a modality LUT other than the identity, in which case the
 * volume is float32 with {@code value * RescaleSlope + RescaleIntercept} per slice, as MONAI's
 * PydicomReader computes it.
 *
 * <p>Immutable and serializable; {@code withX} methods return copies.
 */
public final class DicomSeriesReader implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Metadata key: number of slices assembled. */
  public static final String SLICE_COUNT = "dicom_slice_count";
  /** Metadata key: the series id (SeriesInstanceUID, or {@code <uid>_<part>}). */
  public static final String SERIES_ID = "dicom_series_id";
  /** Metadata key: list of warnings (splits, gaps under WARN, guessed geometry). */
  public static final String WARNINGS = "dicom_warnings";
  /** Metadata key: list of distinct transfer syntax UIDs of the slices. */
  public static final String TRANSFER_SYNTAXES = "dicom_transfer_syntaxes";
  /** Metadata key: number of files the series was read from. */
  public static final String FILE_COUNT = "dicom_file_count";

  private final ReadLimits limits;
  private final int threads;
  private final DicomSeries.SpacingPolicy spacingPolicy;
  private final List<String> keywords;

  private DicomSeriesReader(ReadLimits limits, int threads, DicomSeries.SpacingPolicy policy,
      List<String> keywords) {
    this.limits = limits;
    this.threads = threads;
    this.spacingPolicy = policy;
    this.keywords = Collections.unmodifiableList(new ArrayList<>(keywords));
  }

  /**
   * Defaults: {@link ReadLimits#DEFAULT}, {@link Parallel#defaultThreads()} threads, gaps and
   * uneven spacing fail, {@link DicomInstance#DEFAULT_KEYWORDS} kept as metadata.
   */
  public static DicomSeriesReader create() {
    return new DicomSeriesReader(ReadLimits.DEFAULT, 0, DicomSeries.SpacingPolicy.FAIL,
        DicomInstance.DEFAULT_KEYWORDS);
  }

  public DicomSeriesReader withLimits(ReadLimits l) {
    return new DicomSeriesReader(Objects.requireNonNull(l, "limits"), threads, spacingPolicy,
        keywords);
  }

  /** Threads for header scans and slice decoding; 0 means {@link Parallel#defaultThreads()}. */
  public DicomSeriesReader withThreads(int n) {
    if (n < 0 || n > 1024) {
      throw new IllegalArgumentException("threads must be in [0, 1024] (0: default), got " + n);
    }
    return new DicomSeriesReader(limits, n, spacingPolicy, keywords);
  }

  public DicomSeriesReader withSpacingPolicy(DicomSeries.SpacingPolicy p) {
    return new DicomSeriesReader(limits, threads, Objects.requireNonNull(p, "spacingPolicy"),
        keywords);
  }

  /** Keeps these tags too (by keyword, e.g. {@code "ConvolutionKernel"}) in the metadata. */
  public DicomSeriesReader withExtraTags(String... keywords) {
    List<String> extra = new ArrayList<>();
    for (String k : keywords) {
      if (DicomDictionary.standard().tagOf(k) < 0) {
        throw new IllegalArgumentException("extraTags: '" + k + "' is not a DICOM keyword "
            + "(e.g. 'ConvolutionKernel', 'KVP')");
      }
      extra.add(k);
    }
    return new DicomSeriesReader(limits, threads, spacingPolicy,
        DicomInstance.keywords(mergeKeywords(this.keywords, extra)));
  }

  private static List<String> mergeKeywords(List<String> a, List<String> b) {
    Set<String> s = new LinkedHashSet<>(a);
    s.addAll(b);
    return new ArrayList<>(s);
  }

  public ReadLimits limits() {
    return limits;
  }

  public DicomSeries.SpacingPolicy spacingPolicy() {
    return spacingPolicy;
  }

  public List<String> keywords() {
    return keywords;
  }

  private int threadCount() {
    return threads == 0 ? Parallel.defaultThreads() : threads;
  }

  // ============================================================================== scanning

  /** What a scan found: series, files that failed, and DICOM files without pixel data. */
  public static final class ScanResult {
    private final List<DicomSeries> series;
    private final List<ImageReadException> failures;
    private final List<String> nonImages;
    private final int files;

    ScanResult(List<DicomSeries> series, List<ImageReadException> failures,
        List<String> nonImages, int files) {
      this.series = Collections.unmodifiableList(series);
      this.failures = Collections.unmodifiableList(failures);
      this.nonImages = Collections.unmodifiableList(nonImages);
      this.files = files;
    }

    /** The series, ordered by id. */
    public List<DicomSeries> series() {
      return series;
    }

    /**
     * Files that are not readable DICOM images (each names its file and why) and series that
     * could not be ordered ({@link DicomSeriesException}).
     */
    public List<ImageReadException> failures() {
      return failures;
    }

    /** DICOM files with no pixel data (DICOMDIR, SR, …), skipped. */
    public List<String> nonImages() {
      return nonImages;
    }

    /** Files looked at. */
    public int fileCount() {
      return files;
    }
  }

  /**
   * Scans a file, or every regular file under a folder (recursively, hidden files skipped), in
   * name order.
   */
  public ScanResult scan(Path fileOrFolder) throws IOException {
    List<ImageSource> sources = new ArrayList<>();
    for (Path p : listFiles(fileOrFolder)) {
      sources.add(ImageSource.of(p));
    }
    return scan(sources);
  }

  /** Regular files of a file or folder, recursively, in name order. */
  static List<Path> listFiles(Path fileOrFolder) throws IOException {
    if (Files.isRegularFile(fileOrFolder)) {
      return List.of(fileOrFolder);
    }
    if (!Files.isDirectory(fileOrFolder)) {
      throw new IOException(fileOrFolder + ": no such file or folder");
    }
    try (Stream<Path> walk = Files.walk(fileOrFolder)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Reads the headers of {@code sources} in parallel and groups them into series. */
  public ScanResult scan(List<ImageSource> sources) {
    int n = sources.size();
    DicomInstance[] found = new DicomInstance[n];
    ImageReadException[] errors = new ImageReadException[n];
    Parallel.forRange(n, threadCount(), (from, to) -> {
      for (int i = from; i < to; i++) {
        try {
          found[i] = DicomInstance.read(sources.get(i), limits, keywords);
        } catch (ImageReadException e) {
          errors[i] = e;
        } catch (RuntimeException e) {
          errors[i] = new DicomParseException(sources.get(i).name(), "header could not be read: "
              + e, e);
        }
      }
    });
    List<DicomInstance> ok = new ArrayList<>();
    List<ImageReadException> failures = new ArrayList<>();
    List<String> nonImages = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (found[i] != null) {
        ok.add(found[i]);
      } else if (errors[i] instanceof NoPixelDataException) {
        nonImages.add(sources.get(i).name());
      } else {
        failures.add(errors[i]);
      }
    }
    List<DicomSeriesException> seriesFailures = new ArrayList<>();
    List<DicomSeries> series = DicomSeries.group(ok, spacingPolicy, seriesFailures);
    failures.addAll(seriesFailures);
    return new ScanResult(series, failures, nonImages, n);
  }

  /** Groups already-scanned instances (e.g. one series key's worth in a Beam pipeline). */
  public List<DicomSeries> group(List<DicomInstance> instances,
      List<DicomSeriesException> failures) {
    return DicomSeries.group(instances, spacingPolicy, failures);
  }

  // ============================================================================== assembly

  /**
   * Assembles a series into one volume {@code (C, X, Y, Z)} with its RAS affine and metadata
   * (the kept tags by keyword, {@value #SLICE_COUNT}, {@value #SERIES_ID}, {@value #WARNINGS},
   * MONAI's {@code spacing}, {@code original_affine}, {@code spatial_shape}, …).
   *
   * @throws DicomSeriesException when a slice fails to decode (naming its file) or the files
   *     changed since the scan
   */
  public Volume read(DicomSeries series) throws ImageReadException {
    int z = series.sliceCount();
    int x = series.columns();
    int y = series.rows();
    int c = series.channels();
    long voxels = (long) c * x * y * z;
    DicomInstance first = series.instances().get(0);
    boolean rescale = false;
    for (DicomInstance d : series.instances()) {
      for (int f = 0; f < d.frames; f++) {
        rescale |= d.slopes[f] != 1.0 || d.intercepts[f] != 0.0;
      }
    }
    DType decoded = decodedType(first);
    DType type = rescale ? DType.FLOAT32 : decoded;
    try {
      limits.check("series " + series.id(), voxels, type.byteSize(),
          z + " slices of " + x + " x " + y + " x " + c);
    } catch (ImageReadException e) {
      throw new DicomSeriesException(series.id(), e.reason());
    }
    Object dest = type.allocate((int) voxels);
    int[][] map = series.sliceMap();
    List<DicomInstance> insts = series.instances();
    ImageReadException[] errors = new ImageReadException[insts.size()];
    final boolean withRescale = rescale;
    Parallel.forRange(insts.size(), threadCount(), (from, to) -> {
      for (int i = from; i < to; i++) {
        DicomInstance d = insts.get(i);
        try {
          PixelDecoder.Target t = new PixelDecoder.Target(dest, type, z, map[i],
              withRescale ? d.slopes : null, withRescale ? d.intercepts : null);
          decodeInto(d, t, limits);
        } catch (ImageReadException e) {
          errors[i] = e;
        } catch (IOException e) {
          errors[i] = new DicomParseException(d.source, "read failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
          errors[i] = new DicomParseException(d.source, "decoding failed: " + e, e);
        }
        if (errors[i] != null) {
          return; // no point decoding more of a series that failed
        }
      }
    });
    for (int i = 0; i < errors.length; i++) {
      if (errors[i] != null) {
        ImageReadException e = errors[i];
        if (e instanceof UnsupportedTransferSyntaxException) {
          throw e;
        }
        throw new DicomSeriesException(series.id(), "slice file " + insts.get(i).source
            + " failed: " + e.reason(), e);
      }
    }
    int[] shape = {c, x, y, z};
    return Volume.wrap(dest, type, shape, series.affine(), metadata(series, shape),
        List.of());
  }

  /** Scans a folder (or one file) and assembles every series; failures are thrown away. */
  public List<Volume> readAll(Path fileOrFolder) throws IOException {
    List<Volume> out = new ArrayList<>();
    for (DicomSeries s : scan(fileOrFolder).series()) {
      out.add(read(s));
    }
    return out;
  }

  /**
   * One JSON object describing a series without reading its pixels — what {@code medbeam info}
   * prints per series: {@code id}, {@code series_instance_uid}, {@code slices}, {@code files},
   * {@code shape} (C, X, Y, Z), {@code dtype} (after the modality LUT), {@code spacing} (mm),
   * {@code affine} (4x4 RAS, row-major rows), {@code transfer_syntaxes}, {@code warnings} and
   * {@code tags} (keyword → value).
   */
  public String describe(DicomSeries s) throws ImageReadException {
    DicomInstance first = s.instances().get(0);
    boolean rescale = false;
    Set<String> ts = new LinkedHashSet<>();
    for (DicomInstance d : s.instances()) {
      ts.add(d.transferSyntaxUid);
      for (int f = 0; f < d.frames; f++) {
        rescale |= d.slopes[f] != 1.0 || d.intercepts[f] != 0.0;
      }
    }
    DType type = rescale ? DType.FLOAT32 : decodedType(first);
    StringBuilder sb = new StringBuilder("{");
    sb.append("\"id\":").append(Json.quote(s.id()));
    sb.append(",\"series_instance_uid\":").append(Json.quote(s.seriesInstanceUid()));
    sb.append(",\"slices\":").append(s.sliceCount());
    sb.append(",\"files\":").append(s.instances().size());
    sb.append(",\"shape\":[").append(s.channels()).append(',').append(s.columns()).append(',')
        .append(s.rows()).append(',').append(s.sliceCount()).append(']');
    sb.append(",\"dtype\":").append(Json.quote(type.numpyName()));
    sb.append(",\"spacing\":").append(numbers(s.spacing()));
    sb.append(",\"affine\":[");
    double[][] rows = s.affine().toRows();
    for (int r = 0; r < 4; r++) {
      sb.append(r > 0 ? "," : "").append(numbers(rows[r]));
    }
    sb.append(']');
    sb.append(",\"transfer_syntaxes\":").append(strings(new ArrayList<>(ts)));
    sb.append(",\"warnings\":").append(strings(s.warnings()));
    sb.append(",\"tags\":{");
    boolean firstTag = true;
    for (java.util.Map.Entry<String, String> e : s.tags().entrySet()) {
      sb.append(firstTag ? "" : ",").append(Json.quote(e.getKey())).append(':')
          .append(Json.quote(e.getValue()));
      firstTag = false;
    }
    return sb.append("}}").toString();
  }

  private static String numbers(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      double x = v[i] == 0 ? 0.0 : v[i];
      sb.append(i > 0 ? "," : "").append(x == Math.rint(x) && Math.abs(x) < 1e15
          ? Long.toString((long) x) : Double.toString(x));
    }
    return sb.append(']').toString();
  }

  private static String strings(List<String> v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.size(); i++) {
      sb.append(i > 0 ? "," : "").append(Json.quote(v.get(i)));
    }
    return sb.append(']').toString();
  }

  private DType decodedType(DicomInstance first) throws ImageReadException {
    if (!first.photometric.equals("PALETTE COLOR")) {
      return PixelModule.storedType(first.pixelDataTag, first.bitsAllocated,
          first.pixelRepresentation == 1);
    }
    // the palette's entry size decides; read the first file's tables
    DicomFile h = DicomFile.readHeader(sourceOf(first.source), DicomFile.Options.READ_ALL);
    return PixelModule.of(h.dataset(), h.pixelData().tag(), first.source, limits)
        .decodedDType();
  }

  /** Opens a file again, checks it still matches its scan, and decodes its frames. */
  static void decodeInto(DicomInstance d, PixelDecoder.Target t, ReadLimits limits)
      throws IOException {
    ImageSource src = sourceOf(d.source);
    try (DicomStreamReader r = DicomStreamReader.open(src, DicomFile.Options.READ_ALL)) {
      DicomFile h = r.readHeader();
      if (h.pixelData() == null) {
        throw new DicomParseException(d.source, "pixel data vanished since the header scan");
      }
      PixelModule pm = PixelModule.of(h.dataset(), h.pixelData().tag(), d.source, limits);
      if (pm.rows() != d.rows || pm.columns() != d.columns || pm.frames() != d.frames
          || pm.samplesPerPixel() != d.samples || pm.bitsAllocated() != d.bitsAllocated) {
        throw new DicomParseException(d.source, "file changed since the header scan (now "
            + pm + ")");
      }
      PixelDecoder.decode(r, h, pm, t, limits);
    }
  }

  static ImageSource sourceOf(String name) throws ImageReadException {
    try {
      return ImageSource.of(name);
    } catch (IOException e) {
      throw new DicomParseException(name, "cannot open: " + e.getMessage(), e);
    }
  }

  static Metadata metadata(DicomSeries s, int[] shape) {
    Metadata.Builder b = Metadata.builder();
    b.put(Metadata.FILENAME, s.instanceOfSlice(0).source);
    b.put(Metadata.FORMAT, "DICOM");
    b.put(Metadata.SPACE, "RAS");
    b.put(Metadata.ORIGINAL_AFFINE, s.affine().toArray());
    b.put(Metadata.SPATIAL_SHAPE, Arrays.copyOfRange(shape, 1, shape.length));
    b.put(Metadata.ORIGINAL_CHANNEL_DIM, shape[0] == 1 ? (Object) "no_channel" : (Object) (-1));
    b.put("spacing", s.spacing());
    for (java.util.Map.Entry<String, String> e : s.tags().entrySet()) {
      b.put(e.getKey(), e.getValue());
    }
    b.put(SERIES_ID, s.id());
    b.put(Metadata.SOURCE_FINGERPRINT, s.fingerprint());
    b.put(SLICE_COUNT, s.sliceCount());
    b.put(FILE_COUNT, s.instances().size());
    Set<String> ts = new LinkedHashSet<>();
    for (DicomInstance d : s.instances()) {
      ts.add(d.transferSyntaxUid);
    }
    b.put(TRANSFER_SYNTAXES, new ArrayList<>(ts));
    b.put(WARNINGS, new ArrayList<>(s.warnings()));
    return b.build();
  }
}
