package org.medbeam.model.losses;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Helpers shared by the losses, all on {@code (B, C, spatial...)} arrays. */
final class LossSupport {
  private LossSupport() {}

  /**
   * MONAI's {@code one_hot(labels, num_classes)}: a label map {@code (B, 1, ...)} of class indices
   * to float {@code (B, numClasses, ...)}.
   */
  static NDArray oneHot(NDArray labels, int numClasses, DataType dtype) {
    Shape s = labels.getShape();
    if (s.dimension() < 2 || s.get(1) != 1) {
      throw new IllegalArgumentException(
          "one_hot expects labels (B, 1, spatial...) of class indices, got shape " + s);
    }
    long[] cs = new long[s.dimension()];
    Arrays.fill(cs, 1);
    cs[1] = numClasses;
    NDArray classes =
        labels.getManager().arange(0f, (float) numClasses, 1f, labels.getDataType()).reshape(cs);
    return labels.eq(classes).toType(dtype, false);
  }

  /** {@code x[:, 1:]}. */
  static NDArray dropFirstChannel(NDArray x) {
    return x.get(new NDIndex(":, 1:"));
  }

  /** Axes 2.. (and 0 when {@code batch}). */
  static int[] reduceAxes(int ndim, boolean batch) {
    int[] axes = new int[ndim - 2 + (batch ? 1 : 0)];
    int k = 0;
    if (batch) {
      axes[k++] = 0;
    }
    for (int i = 2; i < ndim; i++) {
      axes[k++] = i;
    }
    return axes;
  }

  /** {@code f.shape[0:2] + [1] * (ndim - 2)}: MONAI's broadcast shape for reduction none. */
  static NDArray broadcastNone(NDArray f, int ndim) {
    Shape s = f.getShape();
    int lead = Math.min(2, s.dimension());
    long[] out = new long[lead + ndim - 2];
    Arrays.fill(out, 1);
    for (int i = 0; i < lead; i++) {
      out[i] = s.get(i);
    }
    return f.reshape(out);
  }

  /** A class-weight vector as {@code (C)} or broadcast from a single value. */
  static float[] classWeights(float[] weight, long numClasses, String loss) {
    if (weight == null) {
      return null;
    }
    float[] w = weight;
    if (w.length == 1 && numClasses != 1) {
      w = new float[(int) numClasses];
      Arrays.fill(w, weight[0]);
    }
    if (w.length != numClasses) {
      throw new IllegalArgumentException(
          loss
              + ": the length of the `weight` sequence should be the same as the number of classes"
              + " ("
              + numClasses
              + "). If `include_background=False`, the weight should not include the"
              + " background category class 0.");
    }
    for (float v : w) {
      if (v < 0) {
        throw new IllegalArgumentException(
            loss + ": the value/values of the `weight` should be no less than 0.");
      }
    }
    return w;
  }

  /** {@code log(sigmoid(x))}, computed stably as PyTorch does. */
  static NDArray logSigmoid(NDArray x) {
    return x.minimum(0).sub(x.abs().neg().exp().add(1).log());
  }

  static void checkNdim(NDArray input, NDArray target, String loss) {
    if (input.getShape().dimension() != target.getShape().dimension()) {
      throw new IllegalArgumentException(
          loss
              + ": the number of dimensions for input and target should be the same, got shape "
              + input.getShape()
              + " and "
              + target.getShape()
              + ". if target is not one-hot encoded, please provide a tensor with shape B1H[WD].");
    }
  }
}
