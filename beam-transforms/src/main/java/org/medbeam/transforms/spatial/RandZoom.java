package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandZoom}: with probability {@code prob} zooms by factors drawn uniformly from
 * {@code [min_zoom, max_zoom]}: one pair → the same factor on every axis; per-axis pairs → one
 * factor each; two pairs on a 3D image → the first for X and Y, the second for Z.
 */
public final class RandZoom
    implements RandomizableTransform<RandZoom.Draw>, InvertibleTransform, LazySpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "RandZoom";

  /** The drawn parameters (raw factors, one per min/max pair). */
  public static final class Draw implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final boolean doTransform;
    private final double[] zoom;

    public Draw(boolean doTransform, double[] zoom) {
      this.doTransform = doTransform;
      this.zoom = zoom.clone();
    }

    public double[] zoom() {
      return zoom.clone();
    }

    @Override
    public String toString() {
      return "Draw(do=" + doTransform + ", zoom=" + Arrays.toString(zoom) + ")";
    }
  }

  private final double prob;
  private final double[] minZoom;
  private final double[] maxZoom;
  private final Zoom zoom;

  private RandZoom(double prob, double[] minZoom, double[] maxZoom, Zoom zoom) {
    this.prob = Args.prob(NAME, prob);
    if (minZoom.length != maxZoom.length) {
      throw new IllegalArgumentException(
          NAME + ": min_zoom and max_zoom must have the same length, got " + minZoom.length
              + " and " + maxZoom.length);
    }
    this.minZoom = Args.finite(NAME + ": min_zoom", minZoom);
    this.maxZoom = Args.finite(NAME + ": max_zoom", maxZoom);
    this.zoom = zoom;
  }

  public static RandZoom of(double prob, double[] minZoom, double[] maxZoom) {
    return new RandZoom(prob, minZoom, maxZoom, Zoom.of(1.0).withPaddingMode("edge"));
  }

  /** MONAI's defaults: zoom in [0.9, 1.1]. */
  public static RandZoom of(double prob) {
    return of(prob, new double[] {0.9}, new double[] {1.1});
  }

  public RandZoom withMode(String m) {
    return new RandZoom(prob, minZoom, maxZoom, zoom.withMode(m));
  }

  public RandZoom withPaddingMode(String p) {
    return new RandZoom(prob, minZoom, maxZoom, zoom.withPaddingMode(p));
  }

  public RandZoom withAlignCorners(Boolean ac) {
    return new RandZoom(prob, minZoom, maxZoom, zoom.withAlignCorners(ac));
  }

  public RandZoom withDtype(String d) {
    return new RandZoom(prob, minZoom, maxZoom, zoom.withDtype(d));
  }

  public RandZoom withKeepSize(boolean k) {
    return new RandZoom(prob, minZoom, maxZoom, zoom.withKeepSize(k));
  }

  public RandZoom withThreads(int t) {
    return new RandZoom(prob, minZoom, maxZoom, zoom.withThreads(t));
  }

  RandZoom withProb(double p) {
    return new RandZoom(p, minZoom, maxZoom, zoom);
  }

  RandZoom forKey(String mode, String padding, Boolean ac, String dt) {
    return new RandZoom(prob, minZoom, maxZoom, zoom.forKey(mode, padding, ac, dt));
  }

  @Override
  public int threads() {
    return zoom.threads();
  }

  @Override
  public Draw randomize(RandomState random, Volume img) {
    boolean d = random.rand() < prob;
    if (!d) {
      return new Draw(false, new double[0]);
    }
    double[] z = new double[minZoom.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = random.uniform(minZoom[i], maxZoom[i]);
    }
    return new Draw(true, z);
  }

  /** MONAI's expansion of the drawn factors to the image's spatial rank. */
  static double[] factors(double[] z, int rank) {
    if (z.length == 1) {
      double[] f = new double[rank];
      Arrays.fill(f, z[0]);
      return f;
    }
    if (z.length == 2 && rank > 2) {
      double[] f = new double[rank];
      Arrays.fill(f, z[0]);
      f[rank - 1] = z[1];
      return f;
    }
    return z;
  }

  @Override
  public Volume apply(Volume img, Draw draw) {
    return plan(Geometry.of(img), draw).execute(img, threads());
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, NAME, null);
  }

  @Override
  public Object lazyDraw(RandomState random, Geometry geometry) {
    return randomize(random, null);
  }

  @Override
  public SpatialPlan plan(Geometry g, Object draw) {
    Draw d = (Draw) draw;
    if (!d.doTransform) {
      return SpatialPlan.noop(
          g, AppliedOperation.of(NAME, g.spatialShape(), Metadata.empty(), false), true);
    }
    return zoom.plan(g, factors(d.zoom, g.rank()), NAME);
  }

  @Override
  public String toString() {
    return "RandZoom(prob=" + prob + ", min_zoom=" + Arrays.toString(minZoom) + ", max_zoom="
        + Arrays.toString(maxZoom) + ")";
  }
}
