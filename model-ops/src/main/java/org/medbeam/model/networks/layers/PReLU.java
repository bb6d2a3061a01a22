package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.Arrays;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.PReLU(num_parameters=1, init=0.25)}: {@code x} where {@code x >= 0}, else {@code
 * weight * x}; one slope shared, or one per channel (axis 1).
 */
public final class PReLU extends MonaiModule {
  private final int numParameters;
  private final Parameter weight;

  public PReLU(int numParameters, double init) {
    if (numParameters < 1) {
      throw new IllegalArgumentException(
          "PReLU: num_parameters must be >= 1, got " + numParameters);
    }
    this.numParameters = numParameters;
    weight =
        parameter(
            "weight",
            Parameter.Type.WEIGHT,
            new Shape(numParameters),
            new ConstantInitializer((float) init));
  }

  public PReLU() {
    this(1, 0.25);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray a = value(ps, weight, x, training);
    if (numParameters > 1) {
      if (x.getShape().dimension() < 2 || x.getShape().get(1) != numParameters) {
        throw new IllegalArgumentException(
            "PReLU with "
                + numParameters
                + " parameters needs that many channels, got "
                + x.getShape());
      }
      long[] s = new long[x.getShape().dimension()];
      Arrays.fill(s, 1);
      s[1] = numParameters;
      a = local(x, a.reshape(s));
    }
    // torch.prelu: x where x > 0, else a * x; gradient a where x <= 0.
    NDArray out;
    if (training) {
      // relu(x) + a * (x - relu(x)): exact values (x - relu(x) is exactly min(x, 0)) and exactly
      // PReLU's gradients (slope a at x <= 0), from cheap backward kernels
      NDArray pos = x.getNDArrayInternal().relu();
      NDArray neg = x.sub(pos);
      NDArray scaledNeg = neg.mul(a);
      out = pos.add(scaledNeg);
      release(new NDArray[] {pos, neg, scaledNeg});
    } else {
      boolean unitSlopes = true;
      for (float v : a.toFloatArray()) {
        unitSlopes &= v >= 0 && v < 1;
      }
      NDArray scaled = x.mul(a);
      if (unitSlopes) {
        out = x.maximum(scaled); // for slopes in [0, 1): max(x, a x), same values, two passes
      } else {
        NDArray positive = x.gt(0f);
        out = NDArrays.where(positive, x, scaled);
        release(positive);
      }
      release(scaled);
    }
    release(numParameters > 1 ? a : null);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    return new Shape[] {in[0]};
  }
}
