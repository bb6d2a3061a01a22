package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.Parallel;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandAffine}: with probability {@code prob} an {@link Affine} with parameters
 * drawn from {@code rotate_range}, {@code shear_range}, {@code translate_range}, {@code
 * scale_range} (each entry f → uniform(-f, f), or a (min, max) pair; scale adds 1). Output size
 * {@code spatial_size} (default: the input's). Defaults: bilinear, reflection padding.
 *
 * <p>Draws as MONAI after {@code set_random_state(seed)}: prob is {@code R.rand()}; the affine
 * parameters come from the helper generator {@code rand_affine_grid.R}, seeded alike, which MONAI
 * draws twice per call (once in {@code randomize}, again when building the grid) and uses the
 * second set. {@link #randomize} reproduces that with a copy of the generator taken before the
 * prob draw — exact for the first call after seeding, which is every dictionary call (one fresh
 * generator per sample).
 */
public final class RandAffine
    implements RandomizableTransform<RandAffine.Draw>, InvertibleTransform, LazySpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "RandAffine";

  /** The drawn parameters. */
  public static final class Draw implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final boolean doTransform;
    final RandAffineGrid.Params params;

    Draw(boolean doTransform, RandAffineGrid.Params params) {
      this.doTransform = doTransform;
      this.params = params;
    }

    /** The centred-coordinate matrix for rank {@code r}. */
    public double[][] matrix(int r) {
      return params.matrix(r);
    }

    @Override
    public String toString() {
      return "Draw(do=" + doTransform + ", " + params + ")";
    }
  }

  private final double prob;
  private final RandAffineGrid grid;
  private final int[] spatialSize;
  private final String modeName;
  private final String paddingName;
  private final int threads;

  private RandAffine(
      double prob, RandAffineGrid grid, int[] spatialSize, String mode, String padding,
      int threads) {
    this.prob = Args.prob(NAME, prob);
    this.grid = grid;
    this.spatialSize = spatialSize;
    this.modeName = mode;
    this.paddingName = padding;
    this.threads = threads;
    GridSampleMode.parse(mode, NAME + ": argument 'mode'");
    GridSamplePadMode.parse(padding, NAME + ": argument 'padding_mode'");
  }

  public static RandAffine of(double prob) {
    return new RandAffine(prob, RandAffineGrid.none(), null, "bilinear", "reflection",
        Parallel.defaultThreads());
  }

  private RandAffine withGrid(RandAffineGrid g) {
    return new RandAffine(prob, g, spatialSize, modeName, paddingName, threads);
  }

  /** One entry per rotation angle: {f} for (-f, f) or {min, max}; radians. */
  public RandAffine withRotateRange(double[]... r) {
    return withGrid(new RandAffineGrid(Args.range(NAME + ": rotate_range", r), grid.shearRange,
        grid.translateRange, grid.scaleRange));
  }

  public RandAffine withShearRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, Args.range(NAME + ": shear_range", r),
        grid.translateRange, grid.scaleRange));
  }

  /** Voxels. */
  public RandAffine withTranslateRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, grid.shearRange,
        Args.range(NAME + ": translate_range", r), grid.scaleRange));
  }

  /** Drawn values are added to 1. */
  public RandAffine withScaleRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, grid.shearRange, grid.translateRange,
        Args.range(NAME + ": scale_range", r)));
  }

  public RandAffine withSpatialSize(int... s) {
    return new RandAffine(prob, grid, s == null ? null : s.clone(), modeName, paddingName,
        threads);
  }

  public RandAffine withMode(String m) {
    return new RandAffine(prob, grid, spatialSize, m, paddingName, threads);
  }

  public RandAffine withPaddingMode(String p) {
    return new RandAffine(prob, grid, spatialSize, modeName, p, threads);
  }

  public RandAffine withThreads(int t) {
    return new RandAffine(prob, grid, spatialSize, modeName, paddingName, Args.threads(NAME, t));
  }

  RandAffine withProb(double p) {
    return new RandAffine(p, grid, spatialSize, modeName, paddingName, threads);
  }

  RandAffine forKey(String mode, String padding) {
    return new RandAffine(prob, grid, spatialSize, mode, padding, threads);
  }

  int[] spatialSize() {
    return spatialSize == null ? null : spatialSize.clone();
  }

  @Override
  public int threads() {
    return threads;
  }

  @Override
  public Draw randomize(RandomState random, Volume img) {
    RandomState gridState = random.copy();
    boolean d = random.rand() < prob;
    if (!d) {
      return new Draw(false, RandAffineGrid.Params.identity());
    }
    grid.draw(gridState); // MONAI's randomize(): drawn, then overwritten
    return new Draw(true, grid.draw(gridState));
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
    int r = g.rank();
    Affine.checkRank(NAME, r);
    int[] in = g.spatialShape();
    int[] sp = Args.fallBack(NAME + ": spatial_size", spatialSize, in);
    boolean doResampling = d.doTransform || !Arrays.equals(sp, in);
    return Affine.plan(
        g, d.params.matrix(r), sp, modeName, paddingName, false, doResampling, NAME);
  }

  @Override
  public String toString() {
    return "RandAffine(prob=" + prob + ")";
  }
}
