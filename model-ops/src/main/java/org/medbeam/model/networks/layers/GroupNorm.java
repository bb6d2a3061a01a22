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
 * {@code torch.nn.GroupNorm(num_groups, num_channels, eps, affine)} on {@code (B, C, ...)}: the
 * channels split into {@code num_groups} consecutive groups, each (sample, group) normalised with
 * the biased variance, then per-channel {@code weight} and {@code bias}.
 */
public final class GroupNorm extends MonaiModule {
  private final int numGroups;
  private final int numChannels;
  private final double eps;
  private final Parameter weight;
  private final Parameter bias;

  public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
    if (numGroups < 1 || numChannels < 1 || numChannels % numGroups != 0) {
      throw new IllegalArgumentException(
          "GroupNorm: num_channels ("
              + numChannels
              + ") must be divisible by num_groups ("
              + numGroups
              + ")");
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("GroupNorm: eps must be > 0, got " + eps);
    }
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    Shape c = new Shape(numChannels);
    weight = affine ? parameter("weight", Parameter.Type.GAMMA, c, Initializer.ONES) : null;
    bias = affine ? parameter("bias", Parameter.Type.BETA, c, Initializer.ZEROS) : null;
  }

  /** PyTorch's defaults: eps 1e-5, affine. */
  public GroupNorm(int numGroups, int numChannels) {
    this(numGroups, numChannels, 1e-5, true);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    Shape s = x.getShape();
    if (s.dimension() < 2 || s.get(1) != numChannels) {
      throw new IllegalArgumentException(
          "GroupNorm expects " + numChannels + " channels, got " + s);
    }
    NDArray y = normaliseRows(x, s.get(0) * numGroups, eps);
    if (weight == null) {
      return y;
    }
    long[] bshape = new long[s.dimension()];
    java.util.Arrays.fill(bshape, 1);
    bshape[1] = numChannels;
    NDArray w = local(x, value(ps, weight, x, training).reshape(bshape));
    NDArray b = local(x, value(ps, bias, x, training).reshape(bshape));
    NDArray scaled = y.mul(w);
    NDArray out = scaled.add(b);
    release(new NDArray[] {y, w, b, scaled});
    return out;
  }

  /**
   * {@code x} viewed as {@code rows} equal rows, each normalised to zero mean and unit (biased)
   * variance with {@code eps}, reshaped back: PyTorch's layer norm kernel over {@code (rows, size /
   * rows)}.
   */
  static NDArray normaliseRows(NDArray x, long rows, double eps) {
    Shape s = x.getShape();
    long len = s.size() / rows;
    Shape row = new Shape(len);
    NDArray xf = x.reshape(rows, len);
    boolean cached = len <= Constants.MAX_CACHED;
    NDManager m = x.getManager();
    NDArray one = cached ? Constants.ones(x, len) : m.ones(row, x.getDataType());
    NDArray zero = cached ? Constants.zeros(x, len) : m.zeros(row, x.getDataType());
    NDArray yf = TorchOps.layerNorm(xf, row, one, zero, eps);
    NDArray y = yf.reshape(s);
    release(new NDArray[] {xf, yf, cached ? null : one, cached ? null : zero}, y);
    return y;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    if (in[0].dimension() < 2 || in[0].get(1) != numChannels) {
      throw new IllegalArgumentException(
          "GroupNorm expects " + numChannels + " channels, got " + in[0]);
    }
    return new Shape[] {in[0]};
  }
}
