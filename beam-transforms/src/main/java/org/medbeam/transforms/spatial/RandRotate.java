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
 * MONAI's {@code RandRotate}: with probability {@code prob} rotates by angles drawn uniformly from
 * {@code range_x}, {@code range_y}, {@code range_z} (radians; one value r means (-r, r)). Draws:
 * {@code rand()} for prob, then x, y, z (always three, also in 2D where only x is used).
 */
public final class RandRotate
    implements RandomizableTransform<RandRotate.Draw>, InvertibleTransform, LazySpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "RandRotate";

  /** The drawn parameters. */
  public static final class Draw implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final boolean doTransform;
    public final double x;
    public final double y;
    public final double z;

    public Draw(boolean doTransform, double x, double y, double z) {
      this.doTransform = doTransform;
      this.x = x;
      this.y = y;
      this.z = z;
    }

    @Override
    public String toString() {
      return "Draw(do=" + doTransform + ", x=" + x + ", y=" + y + ", z=" + z + ")";
    }
  }

  private final double[] rangeX;
  private final double[] rangeY;
  private final double[] rangeZ;
  private final double prob;
  private final Rotate rotate;

  private RandRotate(double[] rx, double[] ry, double[] rz, double prob, Rotate rotate) {
    this.rangeX = rx;
    this.rangeY = ry;
    this.rangeZ = rz;
    this.prob = Args.prob(NAME, prob);
    this.rotate = rotate;
  }

  /**
   * @param rangeX one value r for (-r, r) or a (min, max) pair; likewise y, z (null = 0)
   */
  public static RandRotate of(double prob, double[] rangeX, double[] rangeY, double[] rangeZ) {
    return new RandRotate(
        range("range_x", rangeX), range("range_y", rangeY), range("range_z", rangeZ), prob,
        Rotate.of(0.0));
  }

  static double[] range(String name, double[] r) {
    if (r == null || r.length == 0) {
      return new double[] {0, 0};
    }
    Args.finite(NAME + ": " + name, r);
    if (r.length == 1) {
      double a = -r[0];
      double b = r[0];
      return new double[] {Math.min(a, b), Math.max(a, b)};
    }
    if (r.length != 2) {
      throw new IllegalArgumentException(
          NAME + ": " + name + " must be one value or a (min, max) pair, got "
              + Arrays.toString(r));
    }
    return r.clone();
  }

  public RandRotate withKeepSize(boolean k) {
    return new RandRotate(rangeX, rangeY, rangeZ, prob, rotate.withKeepSize(k));
  }

  public RandRotate withMode(String m) {
    return new RandRotate(rangeX, rangeY, rangeZ, prob, rotate.withMode(m));
  }

  public RandRotate withPaddingMode(String p) {
    return new RandRotate(rangeX, rangeY, rangeZ, prob, rotate.withPaddingMode(p));
  }

  public RandRotate withAlignCorners(boolean ac) {
    return new RandRotate(rangeX, rangeY, rangeZ, prob, rotate.withAlignCorners(ac));
  }

  public RandRotate withDtype(String d) {
    return new RandRotate(rangeX, rangeY, rangeZ, prob, rotate.withDtype(d));
  }

  public RandRotate withThreads(int t) {
    return new RandRotate(rangeX, rangeY, rangeZ, prob, rotate.withThreads(t));
  }

  RandRotate withProb(double p) {
    return new RandRotate(rangeX, rangeY, rangeZ, p, rotate);
  }

  RandRotate forKey(String mode, String padding, boolean ac, String dt) {
    return new RandRotate(rangeX, rangeY, rangeZ, prob, rotate.forKey(mode, padding, ac, dt));
  }

  @Override
  public int threads() {
    return rotate.threads();
  }

  @Override
  public Draw randomize(RandomState random, Volume img) {
    boolean d = random.rand() < prob;
    if (!d) {
      return new Draw(false, 0, 0, 0);
    }
    double x = random.uniform(rangeX[0], rangeX[1]);
    double y = random.uniform(rangeY[0], rangeY[1]);
    double z = random.uniform(rangeZ[0], rangeZ[1]);
    return new Draw(true, x, y, z);
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
    double[] angle = g.rank() == 2 ? new double[] {d.x} : new double[] {d.x, d.y, d.z};
    return rotate.plan(g, angle, NAME);
  }

  @Override
  public String toString() {
    return "RandRotate(range_x=" + Arrays.toString(rangeX) + ", range_y="
        + Arrays.toString(rangeY) + ", range_z=" + Arrays.toString(rangeZ) + ", prob=" + prob
        + ")";
  }
}
