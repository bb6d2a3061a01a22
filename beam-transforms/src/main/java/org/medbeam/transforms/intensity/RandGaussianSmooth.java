package org.medbeam.transforms.intensity;

import java.util.Arrays;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandGaussianSmooth}: with probability {@code prob}, {@link GaussianSmooth} with
 * sigmas drawn from {@code sigma_x}, {@code sigma_y}, {@code sigma_z} (all three are drawn, in that
 * order, whatever the image rank; the first {@code rank} are used).
 */
public final class RandGaussianSmooth implements RandomizableTransform<double[]> {
  private static final long serialVersionUID = 1L;

  private final double[] sigmaX;
  private final double[] sigmaY;
  private final double[] sigmaZ;
  private final double prob;
  private final String approx;
  private final int threads;

  public RandGaussianSmooth(
      double[] sigmaX, double[] sigmaY, double[] sigmaZ, double prob, String approx) {
    this(sigmaX, sigmaY, sigmaZ, prob, approx, 1);
  }

  private RandGaussianSmooth(
      double[] sigmaX, double[] sigmaY, double[] sigmaZ, double prob, String approx, int threads) {
    this.sigmaX = pair("sigma_x", sigmaX);
    this.sigmaY = pair("sigma_y", sigmaY);
    this.sigmaZ = pair("sigma_z", sigmaZ);
    this.prob = Probability.check("RandGaussianSmooth", prob);
    this.approx = GaussianKernels.checkApprox("RandGaussianSmooth", approx);
    this.threads = threads;
  }

  private static double[] pair(String name, double[] v) {
    if (v == null) {
      return new double[] {0.25, 1.5};
    }
    if (v.length != 2) {
      throw new IllegalArgumentException(
          "RandGaussianSmooth: " + name + " must be a (min, max) pair, got " + Arrays.toString(v));
    }
    return v.clone();
  }

  /** The same transform running its filter with {@code t} intra-op threads. */
  public RandGaussianSmooth withThreads(int t) {
    return new RandGaussianSmooth(sigmaX, sigmaY, sigmaZ, prob, approx, t);
  }

  /** The drawn {@code (x, y, z)} sigmas, or null when not applied. */
  @Override
  public double[] randomize(RandomState random, Volume img) {
    if (!(random.rand() < prob)) {
      return null;
    }
    double x = random.uniform(sigmaX[0], sigmaX[1]);
    double y = random.uniform(sigmaY[0], sigmaY[1]);
    double z = random.uniform(sigmaZ[0], sigmaZ[1]);
    return new double[] {x, y, z};
  }

  @Override
  public Volume apply(Volume img, double[] draw) {
    return apply(img, draw, threads);
  }

  public Volume apply(Volume img, double[] draw, int t) {
    if (draw == null) {
      return img;
    }
    return new GaussianSmooth(Arrays.copyOf(draw, img.spatialRank()), approx).apply(img, t);
  }

  @Override
  public String toString() {
    return "RandGaussianSmooth(sigma_x="
        + Arrays.toString(sigmaX)
        + ", sigma_y="
        + Arrays.toString(sigmaY)
        + ", sigma_z="
        + Arrays.toString(sigmaZ)
        + ", prob="
        + prob
        + ")";
  }
}
