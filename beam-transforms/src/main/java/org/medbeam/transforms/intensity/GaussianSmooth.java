package org.medbeam.transforms.intensity;

import java.util.Arrays;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;

/**
 * MONAI's {@code GaussianSmooth}: a separable Gaussian filter ({@link GaussianKernels}, truncated
 * at 4 sigma, not normalised) with zero padding (MONAI's {@code GaussianFilter}); {@code sigma} in
 * voxels, one value for every spatial axis or one per axis. Output float32.
 */
public final class GaussianSmooth implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final double[] sigma;
  private final String approx;

  public GaussianSmooth(double[] sigma, String approx) {
    if (sigma == null || sigma.length == 0) {
      throw new IllegalArgumentException("GaussianSmooth: sigma must have at least one value");
    }
    this.sigma = sigma.clone();
    this.approx = GaussianKernels.checkApprox("GaussianSmooth", approx);
  }

  public GaussianSmooth(double... sigma) {
    this(sigma, "erf");
  }

  @Override
  public Volume apply(Volume img, int threads) {
    int r = img.spatialRank();
    if (sigma.length != 1 && sigma.length != r) {
      throw new IllegalArgumentException(
          "GaussianSmooth: sigma has "
              + sigma.length
              + " values "
              + Arrays.toString(sigma)
              + " for an image with "
              + r
              + " spatial dimensions; give 1 or "
              + r);
    }
    float[][] kernels = new float[r][];
    for (int i = 0; i < r; i++) {
      kernels[i] = GaussianKernels.gaussian1d(sigma.length == 1 ? sigma[0] : sigma[i], 4.0, approx);
    }
    float[] data = Floats.view(img, threads);
    float[] out = SeparableFilter.apply(data, img.channels(), img.spatialShape(), kernels, threads);
    return img.withData(out, DType.FLOAT32, img.shape());
  }

  @Override
  public String toString() {
    return "GaussianSmooth(sigma=" + Arrays.toString(sigma) + ", approx=" + approx + ")";
  }
}
