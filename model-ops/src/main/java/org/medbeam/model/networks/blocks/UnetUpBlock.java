package org.medbeam.model.networks.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.layers.LayerSpec;

/**
 * MONAI's {@code UnetUpBlock}: {@code transp_conv} (transposed convolution, kernel = stride =
 * {@code upsample_kernel_size}), concatenation {@code [up, skip]}, then {@code conv_block} (an
 * {@link UnetBasicBlock} from {@code 2 * out} channels).
 */
public final class UnetUpBlock extends MonaiModule {
  private final Block transpConv;
  private final UnetBasicBlock convBlock;

  public UnetUpBlock(
      int spatialDims,
      int inChannels,
      int outChannels,
      int[] kernelSize,
      int[] upsampleKernelSize,
      LayerSpec normName,
      LayerSpec actName,
      Object dropout,
      boolean transBias) {
    transpConv =
        module(
            "transp_conv",
            DynUNetBlocks.conv(
                spatialDims,
                inChannels,
                outChannels,
                upsampleKernelSize,
                upsampleKernelSize,
                dropout,
                transBias,
                true));
    convBlock =
        module(
            "conv_block",
            new UnetBasicBlock(
                spatialDims,
                outChannels + outChannels,
                outChannels,
                kernelSize,
                new int[] {1},
                normName,
                actName,
                dropout));
  }

  /** Single-input use is not meaningful; see the two-input form. */
  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    throw new UnsupportedOperationException("UnetUpBlock needs the skip input");
  }

  public NDArray apply(ParameterStore ps, NDArray inp, NDArray skip, boolean training) {
    NDArray out = call(transpConv, ps, inp, training);
    NDArray cat = NDArrays.concat(new NDList(out, skip), 1);
    release(out, inp);
    NDArray y = convBlock.apply(ps, cat, training);
    release(cat, y);
    return y;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    Shape up = trace(transpConv, in[0]);
    long[] s = up.getShape().clone();
    s[1] += in[1].get(1);
    return new Shape[] {trace(convBlock, new Shape(s))};
  }
}
