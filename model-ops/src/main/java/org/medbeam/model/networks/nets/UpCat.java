package org.medbeam.model.networks.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.blocks.UpSample;
import org.medbeam.model.networks.layers.LayerSpec;

/**
 * BasicUNet's {@code UpCat}: {@code upsample} ({@link UpSample}, factor 2, linear interpolation
 * with aligned corners in the non-trainable mode), pad the upsampled map by one replicated voxel at
 * the end of every axis that differs from the encoder map, concatenate {@code [x_e, x_0]}, then
 * {@code convs} ({@link TwoConv}).
 */
public final class UpCat extends MonaiModule {
  private final UpSample upsample;
  private final TwoConv convs;
  private final boolean isPad;

  public UpCat(
      int spatialDims,
      int inChns,
      int catChns,
      int outChns,
      LayerSpec act,
      LayerSpec norm,
      boolean bias,
      Object dropout,
      String upsampleMode,
      boolean halves) {
    int upChns = halves ? inChns / 2 : inChns;
    upsample =
        module(
            "upsample",
            UpSample.builder(spatialDims, inChns, upChns)
                .scaleFactor(2)
                .mode(upsampleMode)
                .preConv("default")
                .interpMode("linear")
                .alignCorners(true)
                .build());
    convs =
        module(
            "convs", new TwoConv(spatialDims, catChns + upChns, outChns, act, norm, bias, dropout));
    isPad = true;
  }

  /**
   * Not used: UpCat takes two inputs; see {@link #apply(ParameterStore, NDArray, NDArray,
   * boolean)}.
   */
  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    return convs.apply(ps, upsample.apply(ps, x, training), training);
  }

  /**
   * @param x features to upsample
   * @param xe encoder features, or null
   */
  public NDArray apply(ParameterStore ps, NDArray x, NDArray xe, boolean training) {
    NDArray x0 = upsample.apply(ps, x, training);
    if (xe == null) {
      NDArray out = convs.apply(ps, x0, training);
      release(x0, x, out);
      return out;
    }
    if (isPad) {
      int d = x.getShape().dimension() - 2;
      for (int i = 0; i < d; i++) {
        int axis = 2 + i;
        if (xe.getShape().get(axis) != x0.getShape().get(axis)) {
          long n = x0.getShape().get(axis);
          NDIndex last = new NDIndex().addAllDim(axis).addSliceDim(n - 1, n);
          NDArray edge = x0.get(last);
          NDArray padded = NDArrays.concat(new NDList(x0, edge), axis);
          release(new NDArray[] {edge, x0}, x);
          x0 = padded;
        }
      }
    }
    NDArray cat = NDArrays.concat(new NDList(xe, x0), 1);
    release(x0, x);
    NDArray out = convs.apply(ps, cat, training);
    release(cat, out);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape x0 = trace(upsample, in[0]);
    if (in.length < 2 || in[1] == null) {
      return new Shape[] {trace(convs, x0)};
    }
    Shape xe = in[1];
    long[] s = x0.getShape().clone();
    for (int i = 2; i < s.length; i++) {
      if (xe.get(i) != s[i]) {
        s[i] += 1;
      }
    }
    s[1] += xe.get(1);
    return new Shape[] {trace(convs, new Shape(s))};
  }
}
