package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.TorchOps;

/**
 * {@code torch.nn.BatchNorm{1,2,3}d(num_features, eps, momentum, affine, track_running_stats)} on
 * {@code (B, C, ...)}. Parameters {@code weight}, {@code bias} (when affine) and buffers {@code
 * running_mean}, {@code running_var} (when tracking); PyTorch's momentum convention and its
 * unbiased variance in the running estimate. The {@code num_batches_tracked} counter is not kept
 * (it only matters for {@code momentum=None}, which is not supported).
 */
public final class BatchNorm extends MonaiModule {
  private final int spatialDims;
  private final int numFeatures;
  private final double eps;
  private final double momentum;
  private final Parameter weight;
  private final Parameter bias;
  private final Parameter runningMean;
  private final Parameter runningVar;

  public BatchNorm(
      int spatialDims,
      int numFeatures,
      double eps,
      double momentum,
      boolean affine,
      boolean trackRunningStats) {
    this.spatialDims = Dims.checkSpatial(spatialDims);
    if (numFeatures < 1) {
      throw new IllegalArgumentException(
          "BatchNorm: num_features must be >= 1, got " + numFeatures);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("BatchNorm: eps must be > 0, got " + eps);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("BatchNorm: momentum must be in [0, 1], got " + momentum);
    }
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    Shape c = new Shape(numFeatures);
    weight = affine ? parameter("weight", Parameter.Type.GAMMA, c, Initializer.ONES) : null;
    bias = affine ? parameter("bias", Parameter.Type.BETA, c, Initializer.ZEROS) : null;
    runningMean =
        trackRunningStats
            ? buffer("running_mean", Parameter.Type.RUNNING_MEAN, c, Initializer.ZEROS)
            : null;
    runningVar =
        trackRunningStats
            ? buffer("running_var", Parameter.Type.RUNNING_VAR, c, Initializer.ONES)
            : null;
  }

  /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
  public BatchNorm(int spatialDims, int numFeatures) {
    this(spatialDims, numFeatures, 1e-5, 0.1, true, true);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDManager m = x.getManager();
    Shape c = new Shape(numFeatures);
    NDArray w = weight == null ? m.ones(c) : value(ps, weight, x, training);
    NDArray b = bias == null ? m.zeros(c) : value(ps, bias, x, training);
    NDArray out;
    if (runningMean == null) {
      NDArray rm = m.zeros(c);
      NDArray rv = m.ones(c);
      out = TorchOps.batchNorm(x, rm, rv, w, b, true, momentum, eps);
      release(new NDArray[] {rm, rv});
    } else {
      NDArray rm = value(ps, runningMean, x, training);
      NDArray rv = value(ps, runningVar, x, training);
      out = TorchOps.batchNorm(x, rm, rv, w, b, training, momentum, eps);
    }
    release(new NDArray[] {weight == null ? w : null, bias == null ? b : null});
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    if (in[0].dimension() < 2 || in[0].get(1) != numFeatures) {
      throw new IllegalArgumentException(
          "BatchNorm" + spatialDims + "d expects " + numFeatures + " channels, got " + in[0]);
    }
    return new Shape[] {in[0]};
  }
}
