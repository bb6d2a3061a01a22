package org.medbeam.transforms.spatial;

import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandRotate90}: with probability {@code prob} rotates by {@code k·90°}, {@code
 * k = R.randint(max_k) + 1}, in the plane of {@code spatial_axes}. Draw order (array form): prob,
 * then k only when rotating. The dictionary form draws k first ({@link RandRotate90d}).
 */
public final class RandRotate90
    implements RandomizableTransform<RandRotate90.Draw>, InvertibleTransform,
        LazySpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "RandRotate90";

  /** The drawn parameters. */
  public static final class Draw implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final boolean doTransform;
    public final int k;

    public Draw(boolean doTransform, int k) {
      this.doTransform = doTransform;
      this.k = k;
    }

    @Override
    public String toString() {
      return "Draw(do=" + doTransform + ", k=" + k + ")";
    }
  }

  private final double prob;
  private final int maxK;
  private final int[] spatialAxes;
  private final int threads;

  private RandRotate90(double prob, int maxK, int[] axes, int threads) {
    this.prob = Args.prob(NAME, prob);
    if (maxK < 1) {
      throw new IllegalArgumentException(NAME + ": max_k must be >= 1, got " + maxK);
    }
    if (axes == null || axes.length != 2) {
      throw new IllegalArgumentException(
          NAME + ": spatial_axes must be 2 numbers, got " + java.util.Arrays.toString(axes));
    }
    this.maxK = maxK;
    this.spatialAxes = axes.clone();
    this.threads = threads;
  }

  public static RandRotate90 of(double prob, int maxK, int a0, int a1) {
    return new RandRotate90(prob, maxK, new int[] {a0, a1}, Parallel.defaultThreads());
  }

  /** MONAI's defaults: max_k 3, spatial_axes (0, 1). */
  public static RandRotate90 of(double prob) {
    return of(prob, 3, 0, 1);
  }

  public RandRotate90 withThreads(int t) {
    return new RandRotate90(prob, maxK, spatialAxes, Args.threads(NAME, t));
  }

  @Override
  public int threads() {
    return threads;
  }

  int maxK() {
    return maxK;
  }

  double prob() {
    return prob;
  }

  @Override
  public Draw randomize(RandomState random, Volume img) {
    boolean d = random.rand() < prob;
    int k = d ? (int) random.randint(maxK) + 1 : 0;
    return new Draw(d, k);
  }

  @Override
  public Volume apply(Volume img, Draw draw) {
    return plan(Geometry.of(img), draw).execute(img, threads);
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
          g, AppliedOperation.of(NAME, g.spatialShape(), Metadata.empty(), false), false);
    }
    return Rotate90.plan(g, d.k % 4, spatialAxes, NAME);
  }

  @Override
  public String toString() {
    return "RandRotate90(prob=" + prob + ", max_k=" + maxK + ")";
  }
}
