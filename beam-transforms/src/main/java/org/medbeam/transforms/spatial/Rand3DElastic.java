package org.medbeam.transforms.spatial;

import org.medbeam.transforms.intensity.GaussianKernels;
import org.medbeam.transforms.intensity.SeparableFilter;
import java.util.Arrays;
import org.medbeam.core.Parallel;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code Rand3DElastic}: with probability {@code prob}, a random displacement field —
 * {@code uniform(-1, 1)} per voxel and axis, smoothed by a Gaussian of σ ~ {@code
 * uniform(sigma_range)} (truncated at 3σ, zero padding, separable), scaled by {@code magnitude ~
 * uniform(magnitude_range)} voxels — plus an optional random affine ({@link RandAffine}'s ranges)
 * moves the sampling grid of a {@code (C, X, Y, Z)} volume. Output {@code spatial_size} (default
 * the input's), float32; the affine and applied operations are kept (MONAI's {@code Resample}
 * does not track this transform, so it is not invertible).
 *
 * <p>Draw order after {@code set_random_state}: {@code R.rand()} (prob), {@code R.uniform(-1, 1,
 * [3, X, Y, Z])} (numpy C order, last axis fastest), magnitude, sigma; affine parameters from the
 * helper generator (second set, see {@link RandAffine}). Smoothing and resampling run on {@link
 * #threads()} threads.
 */
public final class Rand3DElastic implements RandomizableTransform<Rand3DElastic.Draw> {
  private static final long serialVersionUID = 1L;
  static final String NAME = "Rand3DElastic";

  /** The drawn parameters. */
  public static final class Draw implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public final boolean doTransform;
    final int[] size;
    final float[] offsets;
    public final double magnitude;
    public final double sigma;
    final RandAffineGrid.Params params;

    Draw(boolean d, int[] size, float[] offsets, double mag, double sigma,
        RandAffineGrid.Params params) {
      this.doTransform = d;
      this.size = size;
      this.offsets = offsets;
      this.magnitude = mag;
      this.sigma = sigma;
      this.params = params;
    }

    @Override
    public String toString() {
      return "Draw(do=" + doTransform + ", magnitude=" + magnitude + ", sigma=" + sigma + ", "
          + params + ")";
    }
  }

  private final double[] sigmaRange;
  private final double[] magnitudeRange;
  private final double prob;
  private final RandAffineGrid grid;
  private final int[] spatialSize;
  private final String modeName;
  private final String paddingName;
  private final int threads;

  private Rand3DElastic(
      double[] sigmaRange, double[] magnitudeRange, double prob, RandAffineGrid grid,
      int[] spatialSize, String mode, String padding, int threads) {
    this.sigmaRange = pair("sigma_range", sigmaRange);
    this.magnitudeRange = pair("magnitude_range", magnitudeRange);
    this.prob = Args.prob(NAME, prob);
    this.grid = grid;
    this.spatialSize = spatialSize;
    this.modeName = mode;
    this.paddingName = padding;
    this.threads = threads;
    GridSampleMode.parse(mode, NAME + ": argument 'mode'");
    GridSamplePadMode.parse(padding, NAME + ": argument 'padding_mode'");
  }

  static double[] pair(String name, double[] r) {
    if (r == null || r.length != 2) {
      throw new IllegalArgumentException(
          NAME + ": " + name + " must be a (min, max) pair, got " + Arrays.toString(r));
    }
    return Args.finite(NAME + ": " + name, r);
  }

  public static Rand3DElastic of(double[] sigmaRange, double[] magnitudeRange, double prob) {
    return new Rand3DElastic(sigmaRange, magnitudeRange, prob, RandAffineGrid.none(), null,
        "bilinear", "reflection", Parallel.defaultThreads());
  }

  private Rand3DElastic withGrid(RandAffineGrid g) {
    return new Rand3DElastic(sigmaRange, magnitudeRange, prob, g, spatialSize, modeName,
        paddingName, threads);
  }

  public Rand3DElastic withRotateRange(double[]... r) {
    return withGrid(new RandAffineGrid(Args.range(NAME + ": rotate_range", r), grid.shearRange,
        grid.translateRange, grid.scaleRange));
  }

  public Rand3DElastic withShearRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, Args.range(NAME + ": shear_range", r),
        grid.translateRange, grid.scaleRange));
  }

  public Rand3DElastic withTranslateRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, grid.shearRange,
        Args.range(NAME + ": translate_range", r), grid.scaleRange));
  }

  public Rand3DElastic withScaleRange(double[]... r) {
    return withGrid(new RandAffineGrid(grid.rotateRange, grid.shearRange, grid.translateRange,
        Args.range(NAME + ": scale_range", r)));
  }

  public Rand3DElastic withSpatialSize(int... s) {
    return new Rand3DElastic(sigmaRange, magnitudeRange, prob, grid,
        s == null ? null : s.clone(), modeName, paddingName, threads);
  }

  public Rand3DElastic withMode(String m) {
    return new Rand3DElastic(sigmaRange, magnitudeRange, prob, grid, spatialSize, m, paddingName,
        threads);
  }

  public Rand3DElastic withPaddingMode(String p) {
    return new Rand3DElastic(sigmaRange, magnitudeRange, prob, grid, spatialSize, modeName, p,
        threads);
  }

  public Rand3DElastic withThreads(int t) {
    return new Rand3DElastic(sigmaRange, magnitudeRange, prob, grid, spatialSize, modeName,
        paddingName, Args.threads(NAME, t));
  }

  Rand3DElastic withProb(double p) {
    return new Rand3DElastic(sigmaRange, magnitudeRange, p, grid, spatialSize, modeName,
        paddingName, threads);
  }

  Rand3DElastic forKey(String mode, String padding) {
    return new Rand3DElastic(sigmaRange, magnitudeRange, prob, grid, spatialSize, mode, padding,
        threads);
  }

  public int threads() {
    return threads;
  }

  int[] outputSize(int[] in) {
    if (in.length != 3) {
      throw new IllegalArgumentException(NAME + ": needs a 3D (C, X, Y, Z) image, got "
          + in.length + " spatial axes");
    }
    return Args.fallBack(NAME + ": spatial_size", spatialSize, in);
  }

  @Override
  public Draw randomize(RandomState random, Volume img) {
    return randomize(random, img.spatialShape());
  }

  Draw randomize(RandomState random, int[] inShape) {
    int[] sp = outputSize(inShape);
    RandomState gridState = random.copy();
    boolean d = random.rand() < prob;
    if (!d) {
      return new Draw(false, sp, null, 0, 0, RandAffineGrid.Params.identity());
    }
    int n = sp[0] * sp[1] * sp[2];
    float[] off = new float[3 * n];
    for (int i = 0; i < off.length; i++) {
      off[i] = (float) (-1.0 + 2.0 * random.rand());
    }
    double mag = random.uniform(magnitudeRange[0], magnitudeRange[1]);
    double sig = random.uniform(sigmaRange[0], sigmaRange[1]);
    grid.draw(gridState); // MONAI's randomize(): drawn, then overwritten
    return new Draw(true, sp, off, mag, sig, grid.draw(gridState));
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

  /** Input voxel coordinates of every output voxel (x fastest). */
  float[][] coordinates(int[] in, Draw d) {
    int[] sp = d.size;
    int nx = sp[0];
    int ny = sp[1];
    int nz = sp[2];
    int n = nx * ny * nz;
    float[] smooth = null;
    if (d.doTransform) {
      float[] k = GaussianKernels.gaussian1d(d.sigma, 3.0, "erf");
      // The field arrives in numpy order [3, X, Y, Z] (Z fastest). Smooth along Y and X there
      // (strided axes), move it to medbeam's order (X fastest), then smooth along Z, again a
      // strided axis: every pass runs in the vectorised strided form.
      int[] numpyDims = {nz, ny, nx};
      float[] t = new float[d.offsets.length];
      SeparableFilter.applyAxis(d.offsets, t, 3, numpyDims, 1, k, threads);
      float[] u = new float[d.offsets.length];
      SeparableFilter.applyAxis(t, u, 3, numpyDims, 2, k, threads);
      transposeXz(u, t, nx, ny, nz, threads);
      SeparableFilter.applyAxis(t, u, 3, new int[] {nx, ny, nz}, 2, k, threads);
      smooth = u;
    }
    final float[] field = smooth;
    double[][] a = d.params.matrix(3);
    boolean useAffine = d.doTransform && !isIdentity(a);
    double mag = d.magnitude;
    float[][] out = new float[3][n];
    double[] sIn = new double[3];
    double[] cIn = new double[3];
    for (int i = 0; i < 3; i++) {
      sIn[i] = (double) in[i] / Math.max(in[i], 2);
      cIn[i] = (in[i] - 1) / 2.0;
    }
    final int tile = 16;
    int xTiles = (nx + tile - 1) / tile;
    int zTiles = (nz + tile - 1) / tile;
    Parallel.forRange(
        zTiles * xTiles,
        threads,
        (from, to) -> {
          double[] c = new double[3];
          for (int job = from; job < to; job++) {
            int z0 = (job / xTiles) * tile;
            int x0 = (job % xTiles) * tile;
            int z1 = Math.min(nz, z0 + tile);
            int x1 = Math.min(nx, x0 + tile);
            for (int z = z0; z < z1; z++) {
              for (int y = 0; y < ny; y++) {
                for (int x = x0; x < x1; x++) {
                  int v = x + nx * (y + ny * z);
                  c[0] = x - (nx - 1) / 2.0;
                  c[1] = y - (ny - 1) / 2.0;
                  c[2] = z - (nz - 1) / 2.0;
                  if (field != null) {
                    c[0] += field[v] * mag;
                    c[1] += field[n + v] * mag;
                    c[2] += field[2 * n + v] * mag;
                  }
                  for (int ax = 0; ax < 3; ax++) {
                    double val = c[ax];
                    if (useAffine) {
                      val = a[ax][0] * c[0] + a[ax][1] * c[1] + a[ax][2] * c[2] + a[ax][3];
                    }
                    out[ax][v] = (float) (val * sIn[ax] + cIn[ax]);
                  }
                }
              }
            }
          }
        });
    return out;
  }

  /** {@code [c][x][y][z]} (z fastest) to {@code [c][z][y][x]} (x fastest), in tiles. */
  static void transposeXz(float[] src, float[] dst, int nx, int ny, int nz, int threads) {
    final int tile = 32;
    int xt = (nx + tile - 1) / tile;
    int n = nx * ny * nz;
    int channels = src.length / n;
    Parallel.forRange(
        channels * ny * xt,
        threads,
        (from, to) -> {
          for (int job = from; job < to; job++) {
            int c = job / (ny * xt);
            int y = (job / xt) % ny;
            int x0 = (job % xt) * tile;
            int x1 = Math.min(nx, x0 + tile);
            int cb = c * n;
            for (int z0 = 0; z0 < nz; z0 += tile) {
              int z1 = Math.min(nz, z0 + tile);
              for (int x = x0; x < x1; x++) {
                int sb = cb + (x * ny + y) * nz;
                for (int z = z0; z < z1; z++) {
                  dst[cb + (z * ny + y) * nx + x] = src[sb + z];
                }
              }
            }
          }
        });
  }

  static boolean isIdentity(double[][] a) {
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        if (a[i][j] != (i == j ? 1.0 : 0.0)) {
          return false;
        }
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "Rand3DElastic(sigma_range=" + Arrays.toString(sigmaRange) + ", magnitude_range="
        + Arrays.toString(magnitudeRange) + ", prob=" + prob + ")";
  }
}
