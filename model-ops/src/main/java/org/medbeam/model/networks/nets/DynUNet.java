package org.medbeam.model.networks.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.Arrays;
import java.util.Map;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.NamedParameters;
import org.medbeam.model.networks.blocks.UnetBasicBlock;
import org.medbeam.model.networks.blocks.UnetOutBlock;
import org.medbeam.model.networks.blocks.UnetResBlock;
import org.medbeam.model.networks.blocks.UnetUpBlock;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.Interpolation;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.ModuleList;

/**
 * MONAI's {@code DynUNet} (nnU-Net style): {@code input_block}, {@code downsamples}, {@code
 * bottleneck}, {@code upsamples} ({@link UnetUpBlock}s), {@code output_block} and, with deep
 * supervision, {@code deep_supervision_heads}. The first kernel/stride serve the input block, the
 * last the bottleneck, the rest the down/up levels; kernels and strides may be anisotropic per
 * level. Convolution weights start Kaiming-normal ({@code a = 0.01}) and biases zero, as MONAI.
 *
 * <p>Output {@code (B, out_channels, spatial / strides[0])}. In training mode with deep supervision
 * the output is {@code (B, 1 + deep_supr_num, out_channels, ...)}: the final map then each head's
 * map resized (nearest) to its size, as MONAI stacks them; {@link #outputShapes} reports the
 * eval-mode shape.
 */
public final class DynUNet extends MonaiModule {
  private final Block inputBlock;
  private final ModuleList downsamples;
  private final Block bottleneck;
  private final ModuleList upsamples;
  private final Block outputBlock;
  private final ModuleList heads;
  private final int deepSuprNum;

  private DynUNet(Builder b) {
    int d = b.spatialDims;
    int n = b.strides.length;
    int[] filters = b.filters;
    inputBlock =
        module(
            "input_block", convBlock(b, b.inChannels, filters[0], b.kernelSize[0], b.strides[0]));
    downsamples = module("downsamples", new ModuleList());
    for (int i = 1; i < n - 1; i++) {
      downsamples.add(convBlock(b, filters[i - 1], filters[i], b.kernelSize[i], b.strides[i]));
    }
    bottleneck =
        module(
            "bottleneck",
            convBlock(b, filters[n - 2], filters[n - 1], b.kernelSize[n - 1], b.strides[n - 1]));
    upsamples = module("upsamples", new ModuleList());
    // inp = filters[1:][::-1], out = filters[:-1][::-1], kernel/stride [1:][::-1], up kernel [::-1]
    for (int j = 0; j < n - 1; j++) {
      int level = n - 1 - j;
      upsamples.add(
          new UnetUpBlock(
              d,
              filters[level],
              filters[level - 1],
              b.kernelSize[level],
              b.upsampleKernelSize[level - 1],
              b.normName,
              b.actName,
              b.dropout,
              b.transBias));
    }
    outputBlock = module("output_block", new UnetOutBlock(d, filters[0], b.outChannels, b.dropout));
    deepSuprNum = b.deepSupervision ? b.deepSuprNum : 0;
    if (b.deepSupervision) {
      heads = module("deep_supervision_heads", new ModuleList());
      for (int i = 0; i < b.deepSuprNum; i++) {
        heads.add(new UnetOutBlock(d, filters[i + 1], b.outChannels, b.dropout));
      }
    } else {
      heads = null;
    }
    Initializer kaiming =
        new XavierInitializer(
            XavierInitializer.RandomType.GAUSSIAN,
            XavierInitializer.FactorType.IN,
            (float) (2.0 / (1 + 0.01 * 0.01)));
    for (Map.Entry<String, Parameter> e : NamedParameters.of(this).entrySet()) {
      // MONAI initialises every Conv/ConvTranspose: weight kaiming_normal_(a=0.01), bias 0.
      Parameter p = e.getValue();
      if (p.getType() == Parameter.Type.WEIGHT && p.getShape().dimension() == d + 2) {
        p.setInitializer(kaiming);
      } else if (p.getType() == Parameter.Type.BIAS) {
        p.setInitializer(Initializer.ZEROS);
      }
    }
  }

  private static Block convBlock(Builder b, int in, int out, int[] kernel, int[] stride) {
    return b.resBlock
        ? new UnetResBlock(b.spatialDims, in, out, kernel, stride, b.normName, b.actName, b.dropout)
        : new UnetBasicBlock(
            b.spatialDims, in, out, kernel, stride, b.normName, b.actName, b.dropout);
  }

  /**
   * @param kernelSize per level, each one value or one per spatial axis
   * @param strides per level, as kernelSize
   * @param upsampleKernelSize per up level ({@code len(strides) - 1} of them)
   */
  public static Builder builder(
      int spatialDims,
      int inChannels,
      int outChannels,
      int[][] kernelSize,
      int[][] strides,
      int[][] upsampleKernelSize) {
    return new Builder(
        spatialDims, inChannels, outChannels, kernelSize, strides, upsampleKernelSize);
  }

  private Block down(int index) {
    return index == 0 ? inputBlock : downsamples.get(index - 1);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray[] headMaps = new NDArray[deepSuprNum];
    NDArray top = skip(0, ps, x, training, headMaps);
    NDArray out = call(outputBlock, ps, top, training);
    release(top, x, out);
    if (!training || deepSuprNum == 0) {
      return out;
    }
    long[] size = new long[out.getShape().dimension() - 2];
    for (int i = 0; i < size.length; i++) {
      size[i] = out.getShape().get(2 + i);
    }
    NDList all = new NDList(out);
    for (NDArray h : headMaps) {
      NDArray r = Interpolation.resize(h, size, null, Interpolation.Mode.NEAREST, false);
      release(h, r);
      all.add(r);
    }
    NDArray stacked = NDArrays.stack(all, 1);
    release(all.toArray(new NDArray[0]));
    return stacked;
  }

  private NDArray skip(
      int index, ParameterStore ps, NDArray x, boolean training, NDArray[] headMaps) {
    NDArray downout = call(down(index), ps, x, training);
    NDArray nextout =
        index == downsamples.size()
            ? call(bottleneck, ps, downout, training)
            : skip(index + 1, ps, downout, training, headMaps);
    UnetUpBlock up = (UnetUpBlock) upsamples.get(upsamples.size() - 1 - index);
    NDArray upout = up.apply(ps, nextout, downout, training);
    release(new NDArray[] {nextout, downout}, x, upout);
    if (training && index >= 1 && index <= deepSuprNum) {
      headMaps[index - 1] = call(heads.get(index - 1), ps, upout, training);
    }
    return upout;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape s = traceSkip(0, in[0]);
    return new Shape[] {trace(outputBlock, s)};
  }

  private Shape traceSkip(int index, Shape x) {
    Shape downout = trace(down(index), x);
    Shape nextout =
        index == downsamples.size() ? trace(bottleneck, downout) : traceSkip(index + 1, downout);
    Shape upout = trace(upsamples.get(upsamples.size() - 1 - index), nextout, downout);
    if (index >= 1 && index <= deepSuprNum) {
      trace(heads.get(index - 1), upout);
    }
    return upout;
  }

  /** MONAI's constructor arguments and defaults. */
  public static final class Builder {
    private final int spatialDims;
    private final int inChannels;
    private final int outChannels;
    private final int[][] kernelSize;
    private final int[][] strides;
    private final int[][] upsampleKernelSize;
    private int[] filters;
    private Object dropout;
    private LayerSpec normName = LayerSpec.of("instance", Map.of("affine", true));
    private LayerSpec actName =
        LayerSpec.of("leakyrelu", Map.of("inplace", true, "negative_slope", 0.01));
    private boolean deepSupervision;
    private int deepSuprNum = 1;
    private boolean resBlock;
    private boolean transBias;

    private Builder(
        int spatialDims,
        int inChannels,
        int outChannels,
        int[][] kernelSize,
        int[][] strides,
        int[][] upsampleKernelSize) {
      this.spatialDims = Dims.checkSpatial(spatialDims);
      this.inChannels = inChannels;
      this.outChannels = outChannels;
      if (kernelSize.length != strides.length || kernelSize.length < 3) {
        throw new IllegalArgumentException(
            "DynUNet: length of kernel_size and strides should be the same, and no less than 3.");
      }
      this.kernelSize = perLevel(kernelSize, "kernel_size", 1);
      this.strides = perLevel(strides, "strides", 1);
      if (upsampleKernelSize.length < strides.length - 1) {
        throw new IllegalArgumentException(
            "DynUNet: upsample_kernel_size needs "
                + (strides.length - 1)
                + " levels (strides[1:]), got "
                + upsampleKernelSize.length);
      }
      this.upsampleKernelSize = perLevel(upsampleKernelSize, "upsample_kernel_size", 1);
      int[] f = new int[strides.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = Math.min(1 << (5 + i), spatialDims == 3 ? 320 : 512);
      }
      filters = f;
    }

    private int[][] perLevel(int[][] v, String arg, int min) {
      int[][] out = new int[v.length][];
      for (int i = 0; i < v.length; i++) {
        if (v[i].length != 1 && v[i].length != spatialDims) {
          throw new IllegalArgumentException(
              "DynUNet: length of "
                  + arg
                  + " in block "
                  + i
                  + " should be the same as spatial_dims, got "
                  + Arrays.toString(v[i]));
        }
        out[i] = Dims.atLeast(Dims.rep(v[i], spatialDims, arg), min, arg);
      }
      return out;
    }

    /** Output channels per level; at least {@code len(strides)} values (extra ones dropped). */
    public Builder filters(int... f) {
      if (f.length < strides.length) {
        throw new IllegalArgumentException(
            "DynUNet: length of filters should be no less than the length of strides.");
      }
      filters = Dims.atLeast(Arrays.copyOf(f, strides.length), 1, "filters");
      return this;
    }

    /** A probability, a dropout {@link LayerSpec}, or null. */
    public Builder dropout(Object d) {
      dropout = d;
      return this;
    }

    public Builder normName(LayerSpec n) {
      normName = n;
      return this;
    }

    public Builder actName(LayerSpec a) {
      actName = a;
      return this;
    }

    public Builder deepSupervision(boolean d) {
      deepSupervision = d;
      return this;
    }

    public Builder deepSuprNum(int n) {
      deepSuprNum = n;
      return this;
    }

    public Builder resBlock(boolean r) {
      resBlock = r;
      return this;
    }

    public Builder transBias(boolean t) {
      transBias = t;
      return this;
    }

    public DynUNet build() {
      if (deepSupervision) {
        int numUp = strides.length - 1;
        if (deepSuprNum >= numUp) {
          throw new IllegalArgumentException(
              "DynUNet: deep_supr_num should be less than the number of up sample layers.");
        }
        if (deepSuprNum < 1) {
          throw new IllegalArgumentException("DynUNet: deep_supr_num should be larger than 0.");
        }
      }
      return new DynUNet(this);
    }
  }
}
