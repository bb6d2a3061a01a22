package org.medbeam.model.networks.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;

/**
 * MONAI's {@code icnr_init(conv, upsample_factor)} for a convolution weight {@code (out, in, k...)}
 * feeding a pixel shuffle: a Kaiming-normal kernel for {@code out / factor^d} channels, repeated so
 * every sub-pixel starts equal (checkerboard-free), with MONAI's exact reshapes.
 */
public final class IcnrInitializer implements Initializer {
  private final int upsampleFactor;

  public IcnrInitializer(int upsampleFactor) {
    this.upsampleFactor = upsampleFactor;
  }

  @Override
  public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
    long out = shape.get(0);
    long in = shape.get(1);
    int dims = shape.dimension() - 2;
    long scale = 1;
    for (int i = 0; i < dims; i++) {
      scale *= upsampleFactor;
    }
    long oc2 = out / scale;
    long[] small = shape.getShape().clone();
    small[0] = oc2;
    // kaiming_normal_ (fan_in, gain sqrt(2)) = Xavier gaussian, fan in, magnitude 2
    NDArray k =
        new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2)
            .initialize(manager, new Shape(small), dataType);
    long kernelSize = shape.size() / (out * in);
    NDArray t = k.swapAxes(0, 1).reshape(oc2, in, -1);
    t = t.tile(new long[] {1, 1, scale});
    long[] full = shape.getShape().clone();
    full[0] = in;
    full[1] = out;
    NDArray w = t.reshape(new Shape(full)).swapAxes(0, 1);
    if (kernelSize * out * in != w.size()) {
      throw new IllegalStateException("ICNR reshape lost elements");
    }
    return w.duplicate();
  }
}
