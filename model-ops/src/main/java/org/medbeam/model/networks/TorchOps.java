package org.medbeam.model.networks;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few PyTorch operations DJL's engine-neutral API does not expose (or exposes with float rather
 * than double arguments). Every call that reaches past DJL's {@code NDArray} interface into the
 * PyTorch engine lives here, so the rest of the module stays engine-neutral in shape.
 */
public final class TorchOps {
  private TorchOps() {}

  /**
   * {@code torch.nn.functional.batch_norm} with PyTorch's own momentum convention ({@code running =
   * (1 - momentum) * running + momentum * batch}); updates the running statistics in place when
   * {@code training}. None of the arrays may be null.
   */
  public static NDArray batchNorm(
      NDArray x,
      NDArray runningMean,
      NDArray runningVar,
      NDArray weight,
      NDArray bias,
      boolean training,
      double momentum,
      double eps) {
    // JniUtils.batchNorm's Java parameter names are shifted; the native order is
    // (input, running_mean, running_var, weight, bias), which is the order passed here.
    return JniUtils.batchNorm(
        pt(x), pt(runningMean), pt(runningVar), pt(weight), pt(bias), training, momentum, eps);
  }

  /** {@code torch.nn.functional.layer_norm} over the trailing {@code normalizedShape}. */
  public static NDArray layerNorm(
      NDArray x, Shape normalizedShape, NDArray weight, NDArray bias, double eps) {
    return JniUtils.layerNorm(pt(x), normalizedShape, pt(weight), pt(bias), eps);
  }

  /** {@code adaptive_avg_pool{1,2,3}d}. */
  public static NDArray adaptiveAvgPool(NDArray x, Shape outputSize) {
    return JniUtils.adaptiveAvgPool(pt(x), outputSize);
  }

  /** {@code adaptive_max_pool{1,2,3}d}. */
  public static NDArray adaptiveMaxPool(NDArray x, Shape outputSize) {
    return JniUtils.adaptiveMaxPool(pt(x), outputSize);
  }

  /** Zeroes {@code weight.grad} in place (what {@code optimizer.zero_grad()} does per tensor). */
  public static void zeroGrad(NDArray weight) {
    JniUtils.zeroGrad(pt(weight));
  }

  /** PyTorch's intra-op thread count ({@code torch.get_num_threads()}). */
  public static int numThreads() {
    Engine.getEngine("PyTorch");
    return JniUtils.getNumThreads();
  }

  /** {@code torch.set_num_threads(threads)}: intra-op parallelism for convolutions etc. */
  public static void setNumThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
  }

  private static PtNDArray pt(NDArray a) {
    if (!(a instanceof PtNDArray)) {
      throw new IllegalArgumentException(
          "medbeam networks run on DJL's PyTorch engine; got an array of engine "
              + a.getManager().getEngine().getEngineName());
    }
    return (PtNDArray) a;
  }
}
