package org.medbeam.io.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.medbeam.core.Affine;

/**
 * One image series ready to assemble into a volume {@code (C, X, Y, Z)}: its frames in slice
 * order (by position along the slice normal, not by file name or InstanceNumber), and the RAS
 * affine mapping voxel {@code (i = column, j = row, k = slice)} to millimetres.
 *
 * <p>Built by {@link #group}: files are grouped by SeriesInstanceUID; a series that mixes image
 * sizes, pixel formats, orientations or pixel spacings is split into parts {@code <uid>_1},
 * {@code <uid>_2}, … and each part says so in its {@link #warnings()}. Echoes or time points that
 * share slice positions are split by EchoNumbers, AcquisitionNumber or TemporalPositionIdentifier
 * the same way. Slice spacing comes from ImagePositionPatient differences (never
 * SliceThickness); gaps and uneven spacing are errors unless {@link SpacingPolicy#WARN}.
 */
public final class DicomSeries {
  /** What to do when slices are missing or unevenly spaced. */
  public enum SpacingPolicy {
    /** The series fails with a {@link DicomSeriesException} naming the gap. */
    FAIL,
    /**
     * The volume is assembled with the mean spacing (first to last position), as MONAI does, and
     * the problem is recorded in the {@code dicom_warnings} metadata.
     */
    WARN
  }

  /** Relative tolerance on slice spacing, and absolute floor in mm. */
  static final double SPACING_REL_TOL = 0.01;
  static final double SPACING_ABS_TOL = 1e-3;
  /** Tolerance on direction cosines and (relative) pixel spacing when grouping. */
  static final double ORIENTATION_TOL = 1e-4;

  private final String id;
  private final String seriesInstanceUid;
  private final List<DicomInstance> instances;
  private final int[] frameInstance;
  private final int[] frameIndex;
  private final Affine affine;
  private final double[] spacing;
  private final List<String> warnings;

  private DicomSeries(String id, String seriesInstanceUid, List<DicomInstance> instances,
      int[] frameInstance, int[] frameIndex, Affine affine, double[] spacing,
      List<String> warnings) {
    this.id = id;
    this.seriesInstanceUid = seriesInstanceUid;
    this.instances = Collections.unmodifiableList(instances);
    this.frameInstance = frameInstance;
    this.frameIndex = frameIndex;
    this.affine = affine;
    this.spacing = spacing;
    this.warnings = Collections.unmodifiableList(warnings);
  }

  /** {@code SeriesInstanceUID}, or {@code <uid>_<part>} for parts of a split series. */
  public String id() {
    return id;
  }

  public String seriesInstanceUid() {
    return seriesInstanceUid;
  }

  /** The files with frames in this series, in slice order of their first frame. */
  public List<DicomInstance> instances() {
    return instances;
  }

  /** Number of slices (Z). */
  public int sliceCount() {
    return frameInstance.length;
  }

  /** Columns (X). */
  public int columns() {
    return instances.get(0).columns;
  }

  /** Rows (Y). */
  public int rows() {
    return instances.get(0).rows;
  }

  /** Channels: 3 for RGB and palette colour, else 1. */
  public int channels() {
    DicomInstance d = instances.get(0);
    return d.samples == 3 || d.photometric.equals("PALETTE COLOR") ? 3 : 1;
  }

  /** The file of slice z. */
  public DicomInstance instanceOfSlice(int z) {
    return instances.get(frameInstance[z]);
  }

  /** The frame (0-based, within its file) of slice z. */
  public int frameOfSlice(int z) {
    return frameIndex[z];
  }

  /** Voxel index (i, j, k) → RAS mm. */
  public Affine affine() {
    return affine;
  }

  /** Voxel sizes (column spacing, row spacing, slice spacing) in mm. */
  public double[] spacing() {
    return spacing.clone();
  }

  /** What was unusual: splits, dropped duplicates, guessed geometry, uneven spacing. */
  /**
   * SHA-256 (hex) over the sorted (file, size, SOP Instance UID) of the series' instances: changes
   * when a slice is added, removed, renamed or re-sent with another size or UID. Computed from
   * headers only, so an incremental run can skip an unchanged series without reading pixels.
   */
  public String fingerprint() {
    List<String> parts = new ArrayList<>();
    for (DicomInstance d : instances()) {
      parts.add(d.source() + "\u0000" + d.size() + "\u0000" + d.sopInstanceUid());
    }
    java.util.Collections.sort(parts);
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update(id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (String p : parts) {
        md.update((byte) '\n');
        md.update(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public List<String> warnings() {
    return warnings;
  }

  /** Tags of the first slice's file, keyword → value. */
  public Map<String, String> tags() {
    return instanceOfSlice(0).tags;
  }

  /** For each instance (index in {@link #instances()}), z of each of its frames (-1: not here). */
  int[][] sliceMap() {
    int[][] map = new int[instances.size()][];
    for (int i = 0; i < map.length; i++) {
      map[i] = new int[instances.get(i).frames];
      Arrays.fill(map[i], -1);
    }
    for (int z = 0; z < frameInstance.length; z++) {
      map[frameInstance[z]][frameIndex[z]] = z;
    }
    return map;
  }

  @Override
  public String toString() {
    return "DicomSeries(" + id + ", " + columns() + "x" + rows() + "x" + sliceCount() + ")";
  }

  // =============================================================================== grouping

  /** One frame of one file, with its geometry. */
  private static final class Frame {
    final DicomInstance inst;
    final int f;
    double[] pos;
    final double[] ori;
    final double[] sp;
    double d;

    Frame(DicomInstance inst, int f) {
      this.inst = inst;
      this.f = f;
      this.pos = inst.position(f);
      this.ori = inst.orientation(f);
      this.sp = inst.pixelSpacing(f);
    }

    boolean hasPosition() {
      return !Double.isNaN(pos[0]);
    }

    boolean hasOrientation() {
      return !Double.isNaN(ori[0]);
    }
  }

  private static final Comparator<Frame> FILE_ORDER =
      Comparator.<Frame, String>comparing(a -> a.inst.source).thenComparingInt(a -> a.f);

  /**
   * Groups scanned files into series, splits mixed ones, and orders slices.
   *
   * @throws DicomSeriesException never; a series that cannot be ordered is returned in {@code
   *     failures} instead, so one bad series does not stop the others
   */
  public static List<DicomSeries> group(Collection<DicomInstance> scanned, SpacingPolicy policy,
      List<DicomSeriesException> failures) {
    Map<String, List<DicomInstance>> bySeries = new TreeMap<>();
    for (DicomInstance d : scanned) {
      String key = d.seriesInstanceUid.isEmpty() ? "no-series-uid:" + parent(d.source)
          : d.seriesInstanceUid;
      bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(d);
    }
    List<DicomSeries> out = new ArrayList<>();
    for (Map.Entry<String, List<DicomInstance>> e : bySeries.entrySet()) {
      try {
        out.addAll(groupOne(e.getKey(), e.getValue(), policy));
      } catch (DicomSeriesException ex) {
        failures.add(ex);
      }
    }
    return out;
  }

  private static String parent(String source) {
    int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
    return slash < 0 ? "." : source.substring(0, slash);
  }

  /** Groups the files of one SeriesInstanceUID (already collected). */
  static List<DicomSeries> groupOne(String uid, List<DicomInstance> files, SpacingPolicy policy)
      throws DicomSeriesException {
    List<Frame> frames = new ArrayList<>();
    for (DicomInstance d : files) {
      for (int f = 0; f < d.frames; f++) {
        frames.add(new Frame(d, f));
      }
    }
    frames.sort(FILE_ORDER);
    List<String> notes = new ArrayList<>();
    frames = dropDuplicateFiles(frames, notes);
    List<List<Frame>> groups = splitByFormatAndGeometry(frames);
    List<List<Frame>> parts = new ArrayList<>();
    for (List<Frame> g : groups) {
      parts.addAll(splitSharedPositions(uid, g));
    }
    // deterministic part order: by first file name
    parts.sort(Comparator.comparing((List<Frame> g) -> g.get(0).inst.source)
        .thenComparingInt(g -> g.get(0).f));
    List<DicomSeries> out = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      String id = parts.size() == 1 ? uid : uid + "_" + (p + 1);
      List<String> warnings = new ArrayList<>(notes);
      if (parts.size() > 1) {
        warnings.add(String.format(Locale.ROOT,
            "series %s mixes %d image sizes, formats, orientations, spacings or "
                + "echoes/time points: split into %d volumes; this is part %d (%s)",
            uid, parts.size(), parts.size(), p + 1, describe(parts.get(p))));
      }
      out.add(build(id, uid, parts.get(p), warnings, policy));
    }
    return out;
  }

  private static String describe(List<Frame> g) {
    Frame a = g.get(0);
    return String.format(Locale.ROOT, "%d slice(s) of %dx%d, orientation %s", g.size(),
        a.inst.columns, a.inst.rows, a.hasOrientation() ? fmt(a.ori) : "unknown");
  }

  private static String fmt(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.4g", v[i]));
    }
    return sb.append(']').toString();
  }

  /** The same SOP instance in two files (copied files): keep the first by name. */
  private static List<Frame> dropDuplicateFiles(List<Frame> frames, List<String> notes) {
    Map<String, String> firstSource = new LinkedHashMap<>();
    List<Frame> out = new ArrayList<>(frames.size());
    int dropped = 0;
    for (Frame fr : frames) {
      String sop = fr.inst.sopInstanceUid;
      if (sop.isEmpty()) {
        out.add(fr);
        continue;
      }
      String first = firstSource.putIfAbsent(sop, fr.inst.source);
      if (first == null || first.equals(fr.inst.source)) {
        out.add(fr);
      } else if (fr.f == 0) {
        dropped++;
      }
    }
    if (dropped > 0) {
      notes.add(dropped + " file(s) repeat a SOPInstanceUID already read and were ignored");
    }
    return out;
  }

  private static List<List<Frame>> splitByFormatAndGeometry(List<Frame> frames) {
    List<List<Frame>> groups = new ArrayList<>();
    for (Frame fr : frames) {
      List<Frame> home = null;
      for (List<Frame> g : groups) {
        if (compatible(g.get(0), fr)) {
          home = g;
          break;
        }
      }
      if (home == null) {
        home = new ArrayList<>();
        groups.add(home);
      }
      home.add(fr);
    }
    return groups;
  }

  private static boolean compatible(Frame a, Frame b) {
    DicomInstance x = a.inst;
    DicomInstance y = b.inst;
    if (x.rows != y.rows || x.columns != y.columns || x.samples != y.samples
        || x.bitsAllocated != y.bitsAllocated || x.pixelRepresentation != y.pixelRepresentation
        || x.pixelDataTag != y.pixelDataTag
        || x.photometric.equals("PALETTE COLOR") != y.photometric.equals("PALETTE COLOR")) {
      return false;
    }
    if (a.hasOrientation() != b.hasOrientation()) {
      return false;
    }
    for (int i = 0; i < 6 && a.hasOrientation(); i++) {
      if (Math.abs(a.ori[i] - b.ori[i]) > ORIENTATION_TOL) {
        return false;
      }
    }
    for (int i = 0; i < 2; i++) {
      boolean na = Double.isNaN(a.sp[i]);
      if (na != Double.isNaN(b.sp[i])) {
        return false;
      }
      if (!na && Math.abs(a.sp[i] - b.sp[i]) > ORIENTATION_TOL * Math.max(1, a.sp[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Frames at the same position in one group are echoes or time points: split by the first of
   * EchoNumbers, AcquisitionNumber, TemporalPositionIdentifier that separates them.
   */
  private static List<List<Frame>> splitSharedPositions(String uid, List<Frame> g)
      throws DicomSeriesException {
    if (!sharesPositions(g)) {
      return List.of(g);
    }
    String[] names = {"EchoNumbers", "AcquisitionNumber", "TemporalPositionIdentifier"};
    for (int key = 0; key < names.length; key++) {
      Map<Integer, List<Frame>> by = new TreeMap<>();
      for (Frame fr : g) {
        int v = key == 0 ? fr.inst.echoNumber : key == 1 ? fr.inst.acquisitionNumber
            : fr.inst.temporalPosition;
        by.computeIfAbsent(v, k -> new ArrayList<>()).add(fr);
      }
      if (by.size() < 2) {
        continue;
      }
      boolean ok = true;
      for (List<Frame> part : by.values()) {
        ok &= !sharesPositions(part);
      }
      if (ok) {
        return new ArrayList<>(by.values());
      }
    }
    throw new DicomSeriesException(uid, g.size() + " frames of series " + uid + " share slice "
        + "positions and neither EchoNumbers, AcquisitionNumber nor TemporalPositionIdentifier "
        + "separates them (4D data or duplicated slices); not assembled");
  }

  private static boolean sharesPositions(List<Frame> g) {
    if (g.size() < 2 || !g.get(0).hasOrientation()) {
      return false;
    }
    double[] n = normal(g.get(0).ori);
    double[] d = new double[g.size()];
    int k = 0;
    for (Frame fr : g) {
      if (!fr.hasPosition()) {
        return false;
      }
      d[k++] = dot(fr.pos, n);
    }
    Arrays.sort(d);
    for (int i = 1; i < d.length; i++) {
      if (Math.abs(d[i] - d[i - 1]) < SPACING_ABS_TOL) {
        return true;
      }
    }
    return false;
  }

  static double[] normal(double[] ori) {
    double[] r = {ori[0], ori[1], ori[2]};
    double[] c = {ori[3], ori[4], ori[5]};
    return new double[] {
      r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]
    };
  }

  private static double dot(double[] a, double[] b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
  }

  // =============================================================================== geometry

  private static DicomSeries build(String id, String uid, List<Frame> g, List<String> warnings,
      SpacingPolicy policy) throws DicomSeriesException {
    Frame first = g.get(0);
    double[] ori = first.ori;
    if (!first.hasOrientation()) {
      ori = new double[] {1, 0, 0, 0, 1, 0};
      warnings.add("no ImageOrientationPatient: rows along x and columns along y assumed");
    }
    double[] ps = first.sp.clone();
    if (Double.isNaN(ps[0])) {
      ps = new double[] {1, 1};
      warnings.add("no PixelSpacing: 1 mm assumed");
    }
    double[] n = normal(ori);
    DicomInstance head = first.inst;
    double guessed = !Double.isNaN(head.spacingBetweenSlices) && head.spacingBetweenSlices > 0
        ? head.spacingBetweenSlices
        : !Double.isNaN(head.sliceThickness) && head.sliceThickness > 0 ? head.sliceThickness : 1;

    // positions: classic multi-frame files know only frame 1's; the rest follow the normal
    boolean missingPositions = false;
    for (Frame fr : g) {
      if (!fr.hasPosition()) {
        missingPositions = true;
      }
    }
    if (missingPositions) {
      boolean singleMultiFrame = g.stream().allMatch(fr -> fr.inst == head)
          && !Double.isNaN(head.position(0)[0]);
      if (singleMultiFrame) {
        double[] p0 = head.position(0);
        for (Frame fr : g) {
          fr.pos = new double[] {p0[0] + fr.f * guessed * n[0], p0[1] + fr.f * guessed * n[1],
              p0[2] + fr.f * guessed * n[2]};
        }
        warnings.add(String.format(Locale.ROOT, "multi-frame file without per-frame positions:"
            + " frames assumed %.6g mm apart along the slice normal (%s)", guessed,
            !Double.isNaN(head.spacingBetweenSlices) ? "SpacingBetweenSlices"
                : !Double.isNaN(head.sliceThickness) ? "SliceThickness" : "default"));
      } else {
        // no positions to sort by: InstanceNumber order, as MONAI's PydicomReader
        g.sort(Comparator.<Frame>comparingInt(fr -> fr.inst.instanceNumber)
            .thenComparing(FILE_ORDER));
        double[] p0 = first.hasPosition() ? first.pos : new double[3];
        for (int k = 0; k < g.size(); k++) {
          g.get(k).pos = new double[] {p0[0] + k * guessed * n[0], p0[1] + k * guessed * n[1],
              p0[2] + k * guessed * n[2]};
        }
        warnings.add(String.format(Locale.ROOT, "slices without ImagePositionPatient: ordered "
            + "by InstanceNumber, %.6g mm apart (SliceThickness or 1)", guessed));
      }
    }
    for (Frame fr : g) {
      fr.d = dot(fr.pos, n);
    }
    g.sort(Comparator.<Frame>comparingDouble(fr -> fr.d)
        .thenComparingInt(fr -> fr.inst.instanceNumber).thenComparing(FILE_ORDER));
    int z = g.size();
    double[] slice;
    if (z > 1) {
      checkSpacing(id, g, policy, warnings);
      Frame last = g.get(z - 1);
      Frame f0 = g.get(0);
      slice = new double[] {(last.pos[0] - f0.pos[0]) / (z - 1),
          (last.pos[1] - f0.pos[1]) / (z - 1), (last.pos[2] - f0.pos[2]) / (z - 1)};
    } else {
      slice = new double[] {n[0] * guessed, n[1] * guessed, n[2] * guessed};
    }
    double[] p0 = g.get(0).pos;
    // LPS columns: i → row direction x column spacing, j → column direction x row spacing
    double[] lps = {
      ori[0] * ps[1], ori[3] * ps[0], slice[0], p0[0],
      ori[1] * ps[1], ori[4] * ps[0], slice[1], p0[1],
      ori[2] * ps[1], ori[5] * ps[0], slice[2], p0[2],
      0, 0, 0, 1
    };
    for (int i = 0; i < 8; i++) {
      lps[i] = -lps[i] + 0.0; // LPS → RAS: negate x and y rows (+0.0 avoids -0.0)
    }
    Affine affine = Affine.of(lps);
    double[] spacing = {
      ps[1] * Math.sqrt(dot(new double[] {ori[0], ori[1], ori[2]},
          new double[] {ori[0], ori[1], ori[2]})),
      ps[0] * Math.sqrt(dot(new double[] {ori[3], ori[4], ori[5]},
          new double[] {ori[3], ori[4], ori[5]})),
      Math.sqrt(dot(slice, slice))
    };
    List<DicomInstance> insts = new ArrayList<>();
    Map<DicomInstance, Integer> index = new LinkedHashMap<>();
    int[] fi = new int[z];
    int[] ff = new int[z];
    for (int k = 0; k < z; k++) {
      Frame fr = g.get(k);
      Integer idx = index.get(fr.inst);
      if (idx == null) {
        idx = insts.size();
        index.put(fr.inst, idx);
        insts.add(fr.inst);
      }
      fi[k] = idx;
      ff[k] = fr.f;
    }
    return new DicomSeries(id, uid, insts, fi, ff, affine, spacing, warnings);
  }

  /** Gaps (a spacing that is a multiple of the typical one) and uneven spacing. */
  private static void checkSpacing(String id, List<Frame> g, SpacingPolicy policy,
      List<String> warnings) throws DicomSeriesException {
    int z = g.size();
    double[] steps = new double[z - 1];
    for (int i = 0; i + 1 < z; i++) {
      steps[i] = g.get(i + 1).d - g.get(i).d;
    }
    double[] sorted = steps.clone();
    Arrays.sort(sorted);
    double typical = sorted[sorted.length / 2];
    double tol = Math.max(SPACING_ABS_TOL, SPACING_REL_TOL * typical);
    List<String> problems = new ArrayList<>();
    int missing = 0;
    for (int i = 0; i < steps.length; i++) {
      if (Math.abs(steps[i] - typical) <= tol) {
        continue;
      }
      double ratio = steps[i] / typical;
      long k = Math.round(ratio);
      Frame a = g.get(i);
      if (k >= 2 && Math.abs(steps[i] - k * typical) <= tol * k) {
        missing += (int) (k - 1);
        problems.add(String.format(Locale.ROOT,
            "%d slice(s) missing between %s and %s (gap %.4g mm, spacing %.4g mm)", k - 1,
            name(a), name(g.get(i + 1)), steps[i], typical));
      } else {
        problems.add(String.format(Locale.ROOT,
            "uneven spacing: %.4g mm between %s and %s, %.4g mm elsewhere", steps[i], name(a),
            name(g.get(i + 1)), typical));
      }
    }
    if (problems.isEmpty()) {
      return;
    }
    String summary = String.join("; ", problems.subList(0,
        Math.min(3, problems.size())))
        + (problems.size() > 3 ? "; and " + (problems.size() - 3) + " more" : "")
        + (missing > 0 ? " (" + missing + " slice(s) missing in all)" : "");
    if (policy == SpacingPolicy.FAIL) {
      throw new DicomSeriesException(id, summary + " — volume not assembled; read with "
          + "SpacingPolicy.WARN to assemble with the mean spacing");
    }
    warnings.add(summary + " — assembled with the mean spacing");
  }

  private static String name(Frame fr) {
    String s = fr.inst.source;
    int slash = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
    String file = s.substring(slash + 1);
    return fr.inst.frames > 1 ? file + " frame " + (fr.f + 1) : file;
  }
}
