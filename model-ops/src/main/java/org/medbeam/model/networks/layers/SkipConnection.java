package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.Locale;
import org.medbeam.model.networks.MonaiModule;

/**
 * MONAI's {@code SkipConnection(submodule, dim=1, mode="cat")}: combines the input with {@code
 * submodule(x)} by concatenation along {@code dim} ({@code [x, y]}), addition or multiplication.
 */
public final class SkipConnection extends MonaiModule {
  private final Block submodule;
  private final int dim;
  private final String mode;

  public SkipConnection(Block submodule, int dim, String mode) {
    this.submodule = module("submodule", submodule);
    this.dim = dim;
    this.mode = mode.toLowerCase(Locale.ROOT);
    if (!this.mode.equals("cat") && !this.mode.equals("add") && !this.mode.equals("mul")) {
      throw new IllegalArgumentException(
          "SkipConnection: mode must be cat, add or mul, got '" + mode + "'");
    }
  }

  public SkipConnection(Block submodule) {
    this(submodule, 1, "cat");
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray y = call(submodule, ps, x, training);
    NDArray out;
    switch (mode) {
      case "cat":
        out = NDArrays.concat(new NDList(x, y), dim);
        break;
      case "add":
        out = x.add(y);
        break;
      default:
        out = x.mul(y);
    }
    release(y, x, out);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape y = trace(submodule, in[0]);
    if (!mode.equals("cat")) {
      return new Shape[] {in[0]};
    }
    long[] s = in[0].getShape().clone();
    s[dim] += y.get(dim);
    return new Shape[] {new Shape(s)};
  }
}
