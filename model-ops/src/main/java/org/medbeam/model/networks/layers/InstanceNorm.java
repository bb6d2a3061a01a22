package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.InstanceNorm{1,2,3}d(num_features, eps, affine)} on {@code (B, C, ...)}: each
 * (sample, channel) normalised over its spatial axes with the biased variance, then scaled by
 * {@code weight} and shifted by {@code bias} when affine (MONAI's {@code ("instance", {"affine":
 * True})}). Computed as PyTorch does, as a batch norm over {@code (1, B*C, ...)}. Running
 * statistics ({@code track_running_stats=True}) are not supported.
 */
public final class InstanceNorm extends MonaiModule {
  private final int spatialDims;
  private final int numFeatures;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  public InstanceNorm(int spatialDims, int numFeatures, double eps, boolean affine) {
    this.spatialDims = Dims.checkSpatial(spatialDims);
    if (numFeatures < 1) {
      throw new IllegalArgumentException(
          "InstanceNorm: num_features must be >= 1, got " + numFeatures);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("InstanceNorm: eps must be > 0, got " + eps);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    Shape c = new Shape(numFeatures);
    weight = affine ? parameter("weight", Parameter.Type.GAMMA, c, Initializer.ONES) : null;
    bias = affine ? parameter("bias", Parameter.Type.BETA, c, Initializer.ZEROS) : null;
  }

  /** PyTorch's defaults: eps 1e-5, no affine. */
  public InstanceNorm(int spatialDims, int numFeatures) {
    this(spatialDims, numFeatures, 1e-5, false);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    Shape s = x.getShape();
    long bc = s.get(0) * s.get(1);
    if (s.get(1) != numFeatures) {
      throw new IllegalArgumentException(
          "InstanceNorm" + spatialDims + "d expects " + numFeatures + " channels, got " + s);
    }
    // each (sample, channel) row normalised over its voxels: a layer norm over (B*C, voxels)
    NDArray y = GroupNorm.normaliseRows(x, bc, eps);
    if (weight == null) {
      return y;
    }
    long[] bshape = new long[s.dimension()];
    java.util.Arrays.fill(bshape, 1);
    bshape[1] = numFeatures;
    NDArray w = local(x, value(ps, weight, x, training).reshape(bshape));
    NDArray b = local(x, value(ps, bias, x, training).reshape(bshape));
    NDArray scaled = y.mul(w);
    NDArray out = scaled.add(b);
    release(new NDArray[] {y, w, b, scaled});
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Dims.checkInput("InstanceNorm" + spatialDims + "d", in[0], spatialDims, numFeatures);
    return new Shape[] {in[0]};
  }
}
