package org.medbeam.transforms.spatial;

import java.util.Arrays;
import org.medbeam.core.Parallel;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code Rand2DElastic}: with probability {@code prob}, control points every {@code
 * spacing} pixels are displaced by {@code magnitude · N(0, 1)} (magnitude ~ {@code
 * uniform(magnitude_range)}), an optional random affine is applied, and the control grid is
 * upsampled with bicubic interpolation (PyTorch, A = -0.75) and centre-cropped to the output
 * size; a {@code (C, X, Y)} image is resampled through it. Output float32, affine kept, not
 * invertible (as MONAI).
 *
 * <p>Draw order after {@code set_random_state}: {@code R.rand()} (prob); the deform-grid helper
 * generator draws {@code normal([2, X, Y])} and a magnitude in {@code randomize} (unused, as in
 * MONAI), then {@code normal([2, cx, cy])} and the magnitude that are used; affine parameters as
 * in {@link RandAffine}.
 */
public final class Rand2DElastic implements RandomizableTransform<Rand2DElastic.Draw> {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Rand2DElastic";

  /** The drawn parameters. */
  public static final class Draw implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final boolean doTransform;
    final int[] size;
    final int[] controlShape;
    final float[] offsets;
    public final double magnitude;
    final RandAffineGrid.Params params;

    Draw(boolean d, int[] size, int[] controlShape, float[] offsets, double magnitude,
        RandAffineGrid.Params params) {
      this.doTransform = d;
      this.size = size;
      this.controlShape = controlShape;
      this.offsets = offsets;
      this.magnitude = magnitude;
      this.params = params;
    }

    @Override
    public String toString() {
      return "Draw(do=" + doTransform + ", magnitude=" + magnitude + ", " + params + ")";
    }
  }

  private final double[] spacing;
  private final double[] magnitudeRange;
  private final double prob;
  private final RandAffineGrid grid;
  private final int[] spatialSize;
  private final String modeName;
  private final String paddingName;
  private final int threads;

  private Rand2DElastic(
      double[] spacing, double[] magnitudeRange, double prob, RandAffineGrid grid,
      int[] spatialSize, String mode, String padding, int threads) {
    this.spacing = spacing;
    this.magnitudeRange = magnitudeRange;
    this.prob = Args.prob(NAME, prob);
    this.grid = grid;
    this.spatialSize = spatialSize;
    this.modeName = mode;
    this.paddingName = padding;
    this.threads = threads;
    GridSampleMode.parse(mode, NAME + ": argument 'mode'");
    GridSamplePadMode.parse(padding, NAME + ": argument 'padding_mode'");
  }

  /**
   * @param spacing distance between control points in pixels (one value or two)
   */
  public static Rand2DElastic of(double[] spacing, double[] magnitudeRange, double prob) {
    if (spacing == null || spacing.length < 1 || spacing.length > 2) {
      throw new IllegalArgumentException(
          NAME + ": spacing must be one or two values, got " + Arrays.toString(spacing));
    }
    if (magnitudeRange == null || magnitudeRange.length != 2) {
      throw new IllegalArgumentException(
          NAME + ": magnitude_range must be a (min, max) pair, got "
              + Arrays.toString(magnitudeRange));
    }
    return new Rand2DElastic(Args.finite(NAME + ": spacing", spacing),
        Args.finite(NAME + ": magnitude_range", magnitudeRange), prob, RandAffineGrid.none(),
        null, "bilinear", "reflection", Parallel.defaultThreads());
  }

  private Rand2DElastic withGrid(RandAffineGrid g) {
    return new Rand2DElastic(spacing, magnitudeRange, prob, g, spatialSize, modeName, paddingName,
        threads);
  }

  public Rand2DElastic withRotateRange(double[]... r) {
    return withGrid(new RandAffineGrid(Args.range(NAME + ": rotate_range", r), grid.shearRange,
        grid.translateRange, grid.scaleRange));
  }

  public Rand2DElastic withShearRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, Args.range(NAME + ": shear_range", r),
        grid.translateRange, grid.scaleRange));
  }

  public Rand2DElastic withTranslateRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, grid.shearRange,
        Args.range(NAME + ": translate_range", r), grid.scaleRange));
  }

  public Rand2DElastic withScaleRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, grid.shearRange, grid.translateRange,
        Args.range(NAME + ": scale_range", r)));
  }

  public Rand2DElastic withSpatialSize(int... s) {
    return new Rand2DElastic(spacing, magnitudeRange, prob, grid, s == null ? null : s.clone(),
        modeName, paddingName, threads);
  }

  public Rand2DElastic withMode(String m) {
    return new Rand2DElastic(spacing, magnitudeRange, prob, grid, spatialSize, m, paddingName,
        threads);
  }

  public Rand2DElastic withPaddingMode(String p) {
    return new Rand2DElastic(spacing, magnitudeRange, prob, grid, spatialSize, modeName, p,
        threads);
  }

  public Rand2DElastic withThreads(int t) {
    return new Rand2DElastic(spacing, magnitudeRange, prob, grid, spatialSize, modeName,
        paddingName, Args.threads(NAME, t));
  }

  Rand2DElastic withProb(double p) {
    return new Rand2DElastic(spacing, magnitudeRange, p, grid, spatialSize, modeName, paddingName,
        threads);
  }

  Rand2DElastic forKey(String mode, String padding) {
    return new Rand2DElastic(spacing, magnitudeRange, prob, grid, spatialSize, mode, padding,
        threads);
  }

  public int threads() {
    return threads;
  }

  int[] outputSize(int[] in) {
    if (in.length != 2) {
      throw new IllegalArgumentException(
          NAME + ": needs a 2D (C, X, Y) image, got " + in.length + " spatial axes");
    }
    return Args.fallBack(NAME + ": spatial_size", spatialSize, in);
  }

  private double[] spacing2() {
    double[] s = Args.rep(NAME + ": spacing", spacing, 2);
    for (int i = 0; i < 2; i++) {
      if (!(s[i] > 0)) {
        s[i] = 1.0;
      }
    }
    return s;
  }

  /** MONAI's {@code create_control_grid} shape. */
  static int[] controlShape(int[] sp, double[] s) {
    int[] c = new int[sp.length];
    for (int i = 0; i < sp.length; i++) {
      int d = sp[i];
      if (d % 2 == 0) {
        c[i] = (int) (Math.ceil((d - 1.0) / (2.0 * s[i]) + 0.5) * 2.0 + 2.0);
      } else {
        c[i] = (int) (Math.ceil((d - 1.0) / (2.0 * s[i])) * 2.0 + 3.0);
      }
    }
    return c;
  }

  @Override
  public Draw randomize(RandomState random, Volume img) {
    return randomize(random, img.spatialShape());
  }

  Draw randomize(RandomState random, int[] inShape) {
    int[] sp = outputSize(inShape);
    RandomState deform = random.copy();
    RandomState affine = random.copy();
    boolean d = random.rand() < prob;
    if (!d) {
      return new Draw(false, sp, null, null, 0, RandAffineGrid.Params.identity());
    }
    // RandDeformGrid.randomize(spatial_size) from Rand2DElastic.randomize: drawn, unused
    for (int i = 0, n = 2 * sp[0] * sp[1]; i < n; i++) {
      deform.standardNormal();
    }
    deform.uniform(magnitudeRange[0], magnitudeRange[1]);
    grid.draw(affine); // first set, overwritten in MONAI
    int[] cs = controlShape(sp, spacing2());
    float[] off = new float[2 * cs[0] * cs[1]];
    for (int i = 0; i < off.length; i++) {
      off[i] = (float) deform.standardNormal();
    }
    double mag = deform.uniform(magnitudeRange[0], magnitudeRange[1]);
    return new Draw(true, sp, cs, off, mag, grid.draw(affine));
  }

  @Override
  public Volume apply(Volume img, Draw draw) {
    // the draw fixes the output size (MONAI's dictionary form shares the first key's grid)
    int[] sp = draw.size;
    if (sp.length != img.spatialRank()) {
      throw new IllegalArgumentException(
          NAME + ": the draw is for " + sp.length + " spatial axes, the image has "
              + img.spatialRank());
    }
    float[][] coords = coordinates(img.spatialShape(), draw);
    return Resampler.of(
            GridSampleMode.parse(modeName, NAME + ": argument 'mode'"),
            GridSamplePadMode.parse(paddingName, NAME + ": argument 'padding_mode'"))
        .withThreads(threads)
        .resampleGrid(img, sp, coords);
  }

  /** Input pixel coordinates of every output pixel (x fastest). */
  float[][] coordinates(int[] in, Draw d) {
    int[] sp = d.size;
    int n = sp[0] * sp[1];
    float[][] centred = new float[2][n];
    if (!d.doTransform) {
      for (int y = 0; y < sp[1]; y++) {
        for (int x = 0; x < sp[0]; x++) {
          centred[0][x + sp[0] * y] = (float) (x - (sp[0] - 1) / 2.0);
          centred[1][x + sp[0] * y] = (float) (y - (sp[1] - 1) / 2.0);
        }
      }
    } else {
      double[] s = spacing2();
      int[] cs = d.controlShape;
      int cn = cs[0] * cs[1];
      double[][] a = d.params.matrix(2);
      // control grid (3 channels: x, y, homogeneous) in our layout, then the affine
      float[] ctrl = new float[3 * cn];
      for (int i = 0; i < cs[0]; i++) {
        for (int j = 0; j < cs[1]; j++) {
          double cx = (i - (cs[0] - 1) / 2.0) * s[0];
          double cy = (j - (cs[1] - 1) / 2.0) * s[1];
          // numpy order [2, cs0, cs1]
          cx += (float) (d.magnitude * d.offsets[i * cs[1] + j]);
          cy += (float) (d.magnitude * d.offsets[cn + i * cs[1] + j]);
          int v = i + cs[0] * j;
          ctrl[v] = (float) (a[0][0] * cx + a[0][1] * cy + a[0][2]);
          ctrl[cn + v] = (float) (a[1][0] * cx + a[1][1] * cy + a[1][2]);
          ctrl[2 * cn + v] = (float) (a[2][0] * cx + a[2][1] * cy + a[2][2]);
        }
      }
      int[] up = new int[2];
      for (int i = 0; i < 2; i++) {
        up[i] = (int) Math.floor(cs[i] * s[i]);
      }
      AxisTable[] t = {
        InterpolateTables.build(InterpolateMode.BICUBIC, cs[0], up[0], false, 0),
        InterpolateTables.build(InterpolateMode.BICUBIC, cs[1], up[1], false, 1),
        AxisTable.identity(1, 2)
      };
      float[] dense = SeparableKernel.apply(ctrl, 3, new int[] {cs[0], cs[1], 1}, t, threads);
      int un = up[0] * up[1];
      int sx = up[0] / 2 - sp[0] / 2;
      int sy = up[1] / 2 - sp[1] / 2;
      for (int y = 0; y < sp[1]; y++) {
        for (int x = 0; x < sp[0]; x++) {
          int u = (x + sx) + up[0] * (y + sy);
          centred[0][x + sp[0] * y] = dense[u];
          centred[1][x + sp[0] * y] = dense[un + u];
        }
      }
    }
    float[][] out = new float[2][n];
    for (int ax = 0; ax < 2; ax++) {
      double sIn = (double) in[ax] / Math.max(in[ax], 2);
      double cIn = (in[ax] - 1) / 2.0;
      for (int v = 0; v < n; v++) {
        out[ax][v] = (float) (centred[ax][v] * sIn + cIn);
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Rand2DElastic(spacing=" + Arrays.toString(spacing) + ", magnitude_range="
        + Arrays.toString(magnitudeRange) + ", prob=" + prob + ")";
  }
}
