package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import java.util.Arrays;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.Conv{1,2,3}d}: weight {@code (out, in / groups, k...)}, optional bias {@code
 * (out)}, zero padding. Input {@code (B, in, spatial...)}, output {@code (B, out, spatial'...)}
 * with {@code spatial' = floor((s + 2p - d(k - 1) - 1) / stride) + 1}.
 *
 * <p>Initial values follow PyTorch's defaults: weight and bias uniform in {@code +-1/sqrt(fan_in)},
 * {@code fan_in = in / groups * prod(k)}.
 */
public final class ConvNd extends MonaiModule {
  private final int spatialDims;
  private final int inChannels;
  private final int outChannels;
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final int[] dilation;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias;

  private ConvNd(Builder b) {
    spatialDims = b.spatialDims;
    inChannels = b.inChannels;
    outChannels = b.outChannels;
    kernel = Dims.atLeast(Dims.rep(b.kernelSize, spatialDims, "kernel_size"), 1, "kernel_size");
    stride = Dims.atLeast(Dims.rep(b.stride, spatialDims, "stride"), 1, "stride");
    padding = Dims.atLeast(Dims.rep(b.padding, spatialDims, "padding"), 0, "padding");
    dilation = Dims.atLeast(Dims.rep(b.dilation, spatialDims, "dilation"), 1, "dilation");
    groups = b.groups;
    if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          "Conv"
              + spatialDims
              + "d: in_channels ("
              + inChannels
              + ") and out_channels ("
              + outChannels
              + ") must be divisible by groups ("
              + groups
              + ")");
    }
    long fanIn = (long) (inChannels / groups) * Dims.prod(kernel);
    float bound = (float) (1.0 / Math.sqrt(fanIn));
    long[] ws = new long[spatialDims + 2];
    ws[0] = outChannels;
    ws[1] = inChannels / groups;
    for (int i = 0; i < spatialDims; i++) {
      ws[i + 2] = kernel[i];
    }
    weight =
        parameter("weight", Parameter.Type.WEIGHT, new Shape(ws), new UniformInitializer(bound));
    bias =
        b.bias
            ? parameter(
                "bias", Parameter.Type.BIAS, new Shape(outChannels), new UniformInitializer(bound))
            : null;
  }

  /** A builder for a convolution with {@code spatialDims} spatial axes. */
  public static Builder builder(int spatialDims, int inChannels, int outChannels) {
    return new Builder(spatialDims, inChannels, outChannels);
  }

  public Parameter weight() {
    return weight;
  }

  /** The bias, or null when built with {@code bias=false}. */
  public Parameter bias() {
    return bias;
  }

  /** Replaces the weight's initializer (e.g. Kaiming normal as DynUNet and DenseNet do). */
  public ConvNd weightInitializer(Initializer init) {
    weight.setInitializer(init);
    return this;
  }

  /** Replaces the bias' initializer; no effect without a bias. */
  public ConvNd biasInitializer(Initializer init) {
    if (bias != null) {
      bias.setInitializer(init);
    }
    return this;
  }

  public int outChannels() {
    return outChannels;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray w = value(ps, weight, x, training);
    NDArray b = bias == null ? null : value(ps, bias, x, training);
    return x.getNDArrayInternal()
        .convolution(x, w, b, Dims.shape(stride), Dims.shape(padding), Dims.shape(dilation), groups)
        .singletonOrThrow();
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = in[0];
    Dims.checkInput("Conv" + spatialDims + "d", s, spatialDims, inChannels);
    long[] out = s.getShape().clone();
    out[1] = outChannels;
    for (int i = 0; i < spatialDims; i++) {
      long l = s.get(i + 2) + 2L * padding[i] - (long) dilation[i] * (kernel[i] - 1) - 1;
      if (l < 0) {
        throw new IllegalArgumentException(
            "Conv"
                + spatialDims
                + "d: input "
                + s
                + " is too small for kernel "
                + Arrays.toString(kernel)
                + " with padding "
                + Arrays.toString(padding));
      }
      out[i + 2] = l / stride[i] + 1;
    }
    return new Shape[] {new Shape(out)};
  }

  /** Arguments as {@code torch.nn.ConvNd} names them; defaults as PyTorch's. */
  public static final class Builder {
    private final int spatialDims;
    private final int inChannels;
    private final int outChannels;
    private int[] kernelSize = {3};
    private int[] stride = {1};
    private int[] padding = {0};
    private int[] dilation = {1};
    private int groups = 1;
    private boolean bias = true;

    private Builder(int spatialDims, int inChannels, int outChannels) {
      this.spatialDims = Dims.checkSpatial(spatialDims);
      if (inChannels < 1 || outChannels < 1) {
        throw new IllegalArgumentException(
            "in_channels and out_channels must be >= 1, got " + inChannels + " and " + outChannels);
      }
      this.inChannels = inChannels;
      this.outChannels = outChannels;
    }

    public Builder kernelSize(int... k) {
      kernelSize = Dims.atLeast(Dims.rep(k, spatialDims, "kernel_size"), 1, "kernel_size");
      return this;
    }

    public Builder stride(int... s) {
      stride = Dims.atLeast(Dims.rep(s, spatialDims, "stride"), 1, "stride");
      return this;
    }

    public Builder padding(int... p) {
      padding = Dims.atLeast(Dims.rep(p, spatialDims, "padding"), 0, "padding");
      return this;
    }

    public Builder dilation(int... d) {
      dilation = Dims.atLeast(Dims.rep(d, spatialDims, "dilation"), 1, "dilation");
      return this;
    }

    public Builder groups(int g) {
      if (g < 1) {
        throw new IllegalArgumentException("groups must be >= 1, got " + g);
      }
      groups = g;
      return this;
    }

    public Builder bias(boolean b) {
      bias = b;
      return this;
    }

    public ConvNd build() {
      return new ConvNd(this);
    }
  }
}
