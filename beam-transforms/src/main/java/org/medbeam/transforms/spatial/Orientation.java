package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Orientations;

/**
 * MONAI's {@code Orientation}: reorders and flips the spatial axes of a {@code (C, X, Y[, Z])}
 * volume so they run along {@code axcodes} (e.g. {@code "RAS"}), with nibabel's {@code
 * io_orientation} choosing the closest axes of an oblique affine. Exact (no interpolation; the
 * dtype is kept); the affine becomes {@code affine · inv_ornt_aff}.
 */
public final class Orientation implements PlannedSpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Orientation";
  private static final String[][] DEFAULT_LABELS = {{"L", "R"}, {"P", "A"}, {"I", "S"}};

  private final String axcodes;
  private final boolean asClosestCanonical;
  private final String[][] labels;
  private final int threads;

  private Orientation(String axcodes, boolean closest, String[][] labels, int threads) {
    this.axcodes = axcodes;
    this.asClosestCanonical = closest;
    this.labels = labels;
    this.threads = threads;
    if (axcodes == null && !closest) {
      throw new IllegalArgumentException(
          NAME + ": give axcodes (e.g. \"RAS\") or as_closest_canonical=true");
    }
    if (axcodes != null && !closest) {
      axcodesToOrnt(axcodes, labels); // validates
    }
  }

  /** Reorients to {@code axcodes}, e.g. {@code "RAS"} or {@code "LPS"}. */
  public static Orientation of(String axcodes) {
    if (axcodes == null || axcodes.isEmpty()) {
      throw new IllegalArgumentException(NAME + ": axcodes must be non-empty, e.g. \"RAS\"");
    }
    return new Orientation(
        axcodes, false, DEFAULT_LABELS, org.medbeam.core.Parallel.defaultThreads());
  }

  /** MONAI's {@code as_closest_canonical=True}: the closest RAS-like orientation. */
  public static Orientation closestCanonical() {
    return new Orientation(null, true, DEFAULT_LABELS, org.medbeam.core.Parallel.defaultThreads());
  }

  /**
   * Custom axis labels, one (start, end) pair per world axis (default L/R, P/A, I/S).
   */
  public Orientation withLabels(String[][] newLabels) {
    if (newLabels == null) {
      return new Orientation(axcodes, asClosestCanonical, DEFAULT_LABELS, threads);
    }
    for (String[] pair : newLabels) {
      if (pair == null || pair.length != 2) {
        throw new IllegalArgumentException(
            NAME + ": labels must be (start, end) pairs, got " + Arrays.deepToString(newLabels));
      }
    }
    return new Orientation(axcodes, asClosestCanonical, newLabels.clone(), threads);
  }

  public Orientation withThreads(int t) {
    return new Orientation(axcodes, asClosestCanonical, labels, Args.threads(NAME, t));
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public String operationName() {
    return NAME;
  }

  @Override
  public SpatialPlan plan(Geometry g, Object draw) {
    int sr = g.rank();
    int[] shape = g.spatialShape();
    int[][] src = Orientations.ioOrientation(g.affine(), sr);
    int[][] ornt;
    if (asClosestCanonical) {
      ornt = src;
    } else {
      String codes = axcodes.length() > sr ? axcodes.substring(0, sr) : axcodes;
      int[][] dst = axcodesToOrnt(codes, labels);
      if (dst.length < sr) {
        throw new IllegalArgumentException(
            NAME + ": axcodes must match the image's spatial dimensions, got axcodes=\""
                + axcodes + "\" for a " + sr + "D image");
      }
      for (int[] row : src) {
        if (row[0] < 0) {
          throw new IllegalArgumentException(
              NAME + ": the affine has an axis of undetermined direction: " + g.affine());
        }
      }
      ornt = Orientations.orntTransform(src, dst);
    }
    org.medbeam.core.Affine xform = Orientations.invOrntAff(ornt, shape);
    int[] out = new int[sr];
    for (int i = 0; i < sr; i++) {
      out[ornt[i][0]] = shape[i];
    }
    Metadata extra =
        Metadata.builder()
            .put("original_affine", g.affine().toArray())
            .put("xform", xform.toArray())
            .build();
    return SpatialPlan.exact(g, out, xform, AppliedOperation.of(NAME, shape, extra));
  }

  /** nibabel's {@code axcodes2ornt} with custom labels. */
  static int[][] axcodesToOrnt(String axcodes, String[][] labels) {
    int n = axcodes.length();
    int[][] ornt = new int[n][2];
    boolean[] used = new boolean[labels.length];
    for (int i = 0; i < n; i++) {
      String c = String.valueOf(axcodes.charAt(i));
      int axis = -1;
      int dir = 0;
      for (int w = 0; w < labels.length; w++) {
        if (labels[w][0].equals(c)) {
          axis = w;
          dir = -1;
        } else if (labels[w][1].equals(c)) {
          axis = w;
          dir = 1;
        }
      }
      if (axis < 0) {
        throw new IllegalArgumentException(
            NAME + ": axcodes \"" + axcodes + "\": '" + c + "' is not one of the labels "
                + Arrays.deepToString(labels));
      }
      if (used[axis]) {
        throw new IllegalArgumentException(
            NAME + ": axcodes \"" + axcodes + "\" names world axis " + labels[axis][0] + "/"
                + labels[axis][1] + " twice");
      }
      used[axis] = true;
      ornt[i][0] = axis;
      ornt[i][1] = dir;
    }
    return ornt;
  }

  @Override
  public String toString() {
    return asClosestCanonical ? "Orientation(as_closest_canonical=True)"
        : "Orientation(axcodes=" + axcodes + ")";
  }
}
