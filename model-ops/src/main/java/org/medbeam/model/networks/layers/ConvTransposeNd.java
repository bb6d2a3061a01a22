package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import java.util.Arrays;
import org.medbeam.model.networks.MonaiModule;

/**
 * {@code torch.nn.ConvTranspose{1,2,3}d}: weight {@code (in, out / groups, k...)}, optional bias
 * {@code (out)}; output size {@code (s - 1) * stride - 2p + (k - 1) + output_padding + 1}.
 *
 * <p>DJL's PyTorch engine has no transposed convolution, so it is computed exactly as its
 * polyphase decomposition: for stride {@code st} the output splits into {@code prod(st)} phases,
 * each an ordinary convolution of the input with a flipped sub-kernel ({@code ceil(k / st)} taps
 * per axis). All phases run as one grouped {@code convNd} with {@code out * prod(st)} output
 * channels, followed by a pixel shuffle and a crop. The arithmetic is that of the transposed
 * convolution; gradients flow through ordinary operations. Dilation other than 1 is not
 * supported.
 */
public final class ConvTransposeNd extends MonaiModule {
  private final int spatialDims;
  private final int inChannels;
  private final int outChannels;
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final int[] outputPadding;
  private final int groups;
  private final Parameter weight;
  private final Parameter bias;

  private ConvTransposeNd(Builder b) {
    spatialDims = b.spatialDims;
    inChannels = b.inChannels;
    outChannels = b.outChannels;
    kernel = b.kernelSize;
    stride = b.stride;
    padding = b.padding;
    outputPadding = b.outputPadding;
    groups = b.groups;
    String name = "ConvTranspose" + spatialDims + "d";
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          name
              + ": in_channels ("
              + inChannels
              + ") and out_channels ("
              + outChannels
              + ") must be divisible by groups ("
              + groups
              + ")");
    }
    for (int i = 0; i < spatialDims; i++) {
      if (outputPadding[i] >= stride[i]) {
        throw new IllegalArgumentException(
            name
                + ": output_padding "
                + Arrays.toString(outputPadding)
                + " must be smaller than stride "
                + Arrays.toString(stride));
      }
    }
    long fanIn = (long) (outChannels / groups) * Dims.prod(kernel);
    float bound = (float) (1.0 / Math.sqrt(fanIn));
    long[] ws = new long[spatialDims + 2];
    ws[0] = inChannels;
    ws[1] = outChannels / groups;
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

  public static Builder builder(int spatialDims, int inChannels, int outChannels) {
    return new Builder(spatialDims, inChannels, outChannels);
  }

  public Parameter weight() {
    return weight;
  }

  public Parameter bias() {
    return bias;
  }

  public ConvTransposeNd weightInitializer(Initializer init) {
    weight.setInitializer(init);
    return this;
  }

  public ConvTransposeNd biasInitializer(Initializer init) {
    if (bias != null) {
      bias.setInitializer(init);
    }
    return this;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    int d = spatialDims;
    Shape xs = x.getShape();
    Dims.checkInput("ConvTranspose" + d + "d", xs, d, inChannels);
    long batch = xs.get(0);
    int[] taps = new int[d];
    int[] extra = new int[d];
    long[] outLen = new long[d];
    long phases = 1;
    boolean padKernel = false;
    for (int i = 0; i < d; i++) {
      taps[i] = (kernel[i] + stride[i] - 1) / stride[i];
      padKernel |= taps[i] * stride[i] != kernel[i];
      long in = xs.get(i + 2);
      outLen[i] = outputLength(in, i);
      long need = ceilDiv(padding[i] + outLen[i], stride[i]) - (in + taps[i] - 1);
      extra[i] = (int) Math.max(0, need);
      phases *= stride[i];
    }
    long cinG = inChannels / groups;
    long coutG = outChannels / groups;

    // Weight (in, out/g, k...) -> phase kernels (out * phases, in/g, taps...).
    NDArray w = value(ps, weight, x, training);
    NDArray wl;
    if (padKernel) {
      long[] pad = new long[2 * d]; // torch order: last axis first
      for (int i = 0; i < d; i++) {
        pad[2 * (d - 1 - i) + 1] = (long) taps[i] * stride[i] - kernel[i];
      }
      wl = local(x, w.pad(new Shape(pad), 0));
    } else {
      wl = local(x, w.reshape(w.getShape()));
    }
    long[] split = new long[3 + 2 * d];
    split[0] = groups;
    split[1] = cinG;
    split[2] = coutG;
    int[] flipAxes = new int[d];
    for (int i = 0; i < d; i++) {
      split[3 + 2 * i] = taps[i];
      split[4 + 2 * i] = stride[i];
      flipAxes[i] = 3 + 2 * i;
    }
    NDArray ws = wl.reshape(new Shape(split)).flip(flipAxes);
    // (g, cin_g, cout_g, T1, s1, T2, s2, ...) -> (g, cout_g, s1, s2, .., cin_g, T1, T2, ..)
    int[] perm = new int[3 + 2 * d];
    perm[0] = 0;
    perm[1] = 2;
    for (int i = 0; i < d; i++) {
      perm[2 + i] = 4 + 2 * i;
      perm[2 + d + 1 + i] = 3 + 2 * i;
    }
    perm[2 + d] = 1;
    long[] kshape = new long[2 + d];
    kshape[0] = outChannels * phases;
    kshape[1] = cinG;
    for (int i = 0; i < d; i++) {
      kshape[2 + i] = taps[i];
    }
    NDArray phaseKernel = ws.transpose(perm).reshape(new Shape(kshape));
    NDArray phaseBias = null;
    if (bias != null) {
      phaseBias = local(x, value(ps, bias, x, training).repeat(0, phases));
    }
    long[] convPad = new long[d];
    for (int i = 0; i < d; i++) {
      convPad[i] = taps[i] - 1 + extra[i];
    }
    NDArray y =
        x.getNDArrayInternal()
            .convolution(
                x,
                phaseKernel,
                phaseBias,
                new Shape(ones(d)),
                new Shape(convPad),
                new Shape(ones(d)),
                groups)
            .singletonOrThrow();
    // Pixel shuffle (B, out * phases, Q...) -> (B, out, Q1*s1, ...).
    Shape ys = y.getShape();
    if (phases > 1) {
      long[] unfold = new long[2 + 2 * d];
      unfold[0] = batch;
      unfold[1] = outChannels;
      for (int i = 0; i < d; i++) {
        unfold[2 + i] = stride[i];
        unfold[2 + d + i] = ys.get(2 + i);
      }
      int[] sp = new int[2 + 2 * d];
      sp[0] = 0;
      sp[1] = 1;
      long[] folded = new long[2 + d];
      folded[0] = batch;
      folded[1] = outChannels;
      for (int i = 0; i < d; i++) {
        sp[2 + 2 * i] = 2 + d + i;
        sp[3 + 2 * i] = 2 + i;
        folded[2 + i] = ys.get(2 + i) * stride[i];
      }
      y = y.reshape(new Shape(unfold)).transpose(sp).reshape(new Shape(folded));
    }
    // Crop [p + extra * s, + outLen) on every spatial axis.
    boolean crop = false;
    StringBuilder idx = new StringBuilder(":, :");
    for (int i = 0; i < d; i++) {
      long start = padding[i] + (long) extra[i] * stride[i];
      long end = start + outLen[i];
      crop |= start != 0 || end != y.getShape().get(2 + i);
      idx.append(", ").append(start).append(':').append(end);
    }
    return crop ? y.get(new NDIndex(idx.toString())) : y;
  }

  private long outputLength(long in, int i) {
    return (in - 1) * stride[i] - 2L * padding[i] + kernel[i] + outputPadding[i];
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static long[] ones(int d) {
    long[] o = new long[d];
    Arrays.fill(o, 1);
    return o;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = in[0];
    Dims.checkInput("ConvTranspose" + spatialDims + "d", s, spatialDims, inChannels);
    long[] out = s.getShape().clone();
    out[1] = outChannels;
    for (int i = 0; i < spatialDims; i++) {
      out[i + 2] = outputLength(s.get(i + 2), i);
    }
    return new Shape[] {new Shape(out)};
  }

  /** Arguments as {@code torch.nn.ConvTransposeNd} names them; defaults as PyTorch's. */
  public static final class Builder {
    private final int spatialDims;
    private final int inChannels;
    private final int outChannels;
    private int[] kernelSize;
    private int[] stride;
    private int[] padding;
    private int[] outputPadding;
    private int groups = 1;
    private boolean bias = true;

    private Builder(int spatialDims, int inChannels, int outChannels) {
      this.spatialDims = Dims.checkSpatial(spatialDims);
      if (inChannels < 1 || outChannels < 1) {
        throw new IllegalArgumentException(
            "in_channels and out_channels must be >= 1, got "
                + inChannels
                + " and "
                + outChannels);
      }
      this.inChannels = inChannels;
      this.outChannels = outChannels;
      kernelSize = Dims.fill(3, spatialDims);
      stride = Dims.fill(1, spatialDims);
      padding = Dims.fill(0, spatialDims);
      outputPadding = Dims.fill(0, spatialDims);
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

    public Builder outputPadding(int... p) {
      outputPadding = Dims.atLeast(Dims.rep(p, spatialDims, "output_padding"), 0, "output_padding");
      return this;
    }

    /** Only 1 is supported (see the class comment). */
    public Builder dilation(int... d) {
      for (int v : Dims.rep(d, spatialDims, "dilation")) {
        if (v != 1) {
          throw new IllegalArgumentException(
              "ConvTranspose"
                  + spatialDims
                  + "d: dilation "
                  + Arrays.toString(d)
                  + " is not supported; only 1");
        }
      }
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

    public ConvTransposeNd build() {
      return new ConvTransposeNd(this);
    }
  }
}
