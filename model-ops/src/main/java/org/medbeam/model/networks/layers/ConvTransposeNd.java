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
 * <p>DJL's PyTorch engine has no transposed convolution, so it is computed exactly as its polyphase
 * decomposition: for stride {@code st} the output splits into {@code prod(st)} phases, output
 * {@code o = st * q + r}, each an ordinary convolution of the input with the taps {@code j = (r +
 * padding) mod st + st * t} of the kernel, in reverse order. When kernel and padding are multiples
 * of the stride (e.g. kernel = stride, padding 0) all phases have the same aligned taps and run as
 * one grouped {@code convNd} with {@code out * prod(st)} channels; otherwise each phase is its own
 * exact convolution (so no multiply is wasted on zero taps). The phases are then interleaved (a
 * pixel shuffle). The arithmetic is that of the transposed convolution; gradients flow through
 * ordinary operations. Dilation other than 1 is not supported.
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
    long[] in = new long[d];
    long[] outLen = new long[d];
    long[] q = new long[d];
    long phases = 1;
    for (int i = 0; i < d; i++) {
      in[i] = xs.get(i + 2);
      outLen[i] = outputLength(in[i], i);
      q[i] = ceilDiv(outLen[i], stride[i]);
      phases *= stride[i];
    }
    // Weight (in, out/g, k...) in convolution layout (out, in/g, k...), not flipped.
    NDArray w = value(ps, weight, x, training);
    long[] grouped = new long[3 + d];
    grouped[0] = groups;
    grouped[1] = inChannels / groups;
    grouped[2] = outChannels / groups;
    long[] convLayout = new long[2 + d];
    convLayout[0] = outChannels;
    convLayout[1] = inChannels / groups;
    for (int i = 0; i < d; i++) {
      grouped[3 + i] = kernel[i];
      convLayout[2 + i] = kernel[i];
    }
    NDArray wg = local(x, w.reshape(new Shape(grouped)));
    NDArray ws = wg.swapAxes(1, 2);
    NDArray wt = ws.reshape(new Shape(convLayout));
    release(new NDArray[] {wg, ws});
    NDArray b = bias == null ? null : value(ps, bias, x, training);
    NDArray phased = phases(x, wt, b, in, q, phases);
    release(wt);
    // (B, out, s1, s2, .., Q1, Q2, ..) -> (B, out, Q1*s1, Q2*s2, ..), then crop to the output size
    long[] folded = new long[2 + d];
    folded[0] = xs.get(0);
    folded[1] = outChannels;
    int[] perm = new int[2 + 2 * d];
    perm[0] = 0;
    perm[1] = 1;
    boolean crop = false;
    StringBuilder idx = new StringBuilder(":, :");
    for (int i = 0; i < d; i++) {
      perm[2 + 2 * i] = 2 + d + i;
      perm[3 + 2 * i] = 2 + i;
      folded[2 + i] = q[i] * stride[i];
      crop |= folded[2 + i] != outLen[i];
      idx.append(", 0:").append(outLen[i]);
    }
    NDArray y;
    if (phases > 1) {
      NDArray t = phased.transpose(perm);
      y = t.reshape(new Shape(folded));
      release(t);
    } else {
      y = phased.reshape(new Shape(folded));
    }
    release(phased, y);
    if (!crop) {
      return y;
    }
    NDArray out = y.get(new NDIndex(idx.toString()));
    release(y, out);
    return out;
  }

  /**
   * All phases as one convolution with {@code out * phases} channels: per axis the phases' taps are
   * placed in a common window of input offsets {@code [dmin, dmax]} of width {@code W} (zeros where
   * a phase has no tap). Kernel index {@code j} of phase {@code r} at window slot {@code v}
   * (counted from {@code dmax} down) is {@code j = p - s * dmax + s * v + r}, so the phase kernels
   * are the weight zero-padded to {@code s * W} taps, split into {@code (W, s)} and flipped on
   * {@code W}: a few small operations on the weight, differentiable. Returns {@code (B, out, s1,
   * .., Q1, ..)}.
   */
  private NDArray phases(NDArray x, NDArray wt, NDArray b, long[] in, long[] q, long phases) {
    int d = spatialDims;
    long cinG = inChannels / groups;
    int[] win = new int[d];
    long[] pad = new long[d];
    long[] start = new long[d];
    long[] kernelPad = new long[2 * d]; // torch order: last axis first, (before, after)
    boolean padded = false;
    for (int i = 0; i < d; i++) {
      int s = stride[i];
      // input offset of tap j (of phase r = (j - p) mod s): (r + p - j) / s
      int dmin = Integer.MAX_VALUE;
      int dmax = Integer.MIN_VALUE;
      for (int j = 0; j < kernel[i]; j++) {
        int off = Math.floorDiv(Math.floorMod(j - padding[i], s) + padding[i] - j, s);
        dmin = Math.min(dmin, off);
        dmax = Math.max(dmax, off);
      }
      win[i] = dmax - dmin + 1;
      long base = padding[i] - (long) s * dmax; // <= 0: taps before j = 0 are zeros
      long before = -base;
      long after = (long) s * win[i] - kernel[i] - before;
      kernelPad[2 * (d - 1 - i)] = before;
      kernelPad[2 * (d - 1 - i) + 1] = after;
      padded |= before != 0 || after != 0;
      pad[i] = Math.max(0, Math.max(-dmin, (q[i] - 1) + dmax - (in[i] - 1)));
      start[i] = dmin + pad[i];
    }
    NDArray kp = padded ? wt.pad(new Shape(kernelPad), 0) : wt;
    // (out, cin_g, W1, s1, W2, s2, ..) flipped on W -> (out, s1, s2, .., cin_g, W1, W2, ..)
    long[] split = new long[2 + 2 * d];
    split[0] = outChannels;
    split[1] = cinG;
    int[] flip = new int[d];
    int[] perm = new int[2 + 2 * d];
    perm[0] = 0;
    long[] kshape = new long[2 + d];
    kshape[0] = outChannels * phases;
    kshape[1] = cinG;
    for (int i = 0; i < d; i++) {
      split[2 + 2 * i] = win[i];
      split[3 + 2 * i] = stride[i];
      flip[i] = 2 + 2 * i;
      perm[1 + i] = 3 + 2 * i;
      perm[2 + d + i] = 2 + 2 * i;
      kshape[2 + i] = win[i];
    }
    perm[1 + d] = 1;
    NDArray k1 = kp.reshape(new Shape(split));
    NDArray k2 = k1.flip(flip);
    NDArray k3 = k2.transpose(perm);
    NDArray kernelAll = k3.reshape(new Shape(kshape));
    NDArray pb = b == null ? null : local(x, b.repeat(0, phases));
    NDArray y = conv(x, kernelAll, pb, pad);
    release(new NDArray[] {kp, k1, k2, k3, kernelAll, pb}, wt);
    long[] unfold = new long[2 + 2 * d];
    unfold[0] = x.getShape().get(0);
    unfold[1] = outChannels;
    StringBuilder idx = new StringBuilder(":, :");
    for (int i = 0; i < d; i++) {
      unfold[2 + i] = stride[i];
      unfold[2 + d + i] = y.getShape().get(2 + i);
      idx.append(", :");
    }
    for (int i = 0; i < d; i++) {
      idx.append(", ").append(start[i]).append(':').append(start[i] + q[i]);
    }
    NDArray u = y.reshape(new Shape(unfold));
    NDArray out = u.get(new NDIndex(idx.toString()));
    release(new NDArray[] {y, u}, out);
    return out;
  }

  private NDArray conv(NDArray x, NDArray k, NDArray b, long[] pad) {
    long[] ones = new long[spatialDims];
    Arrays.fill(ones, 1);
    return x.getNDArrayInternal()
        .convolution(x, k, b, new Shape(ones), new Shape(pad), new Shape(ones), groups)
        .singletonOrThrow();
  }

  private long outputLength(long in, int i) {
    return (in - 1) * stride[i] - 2L * padding[i] + kernel[i] + outputPadding[i];
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
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
            "in_channels and out_channels must be >= 1, got " + inChannels + " and " + outChannels);
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
