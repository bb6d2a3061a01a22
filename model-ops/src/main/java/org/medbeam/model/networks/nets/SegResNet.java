package org.medbeam.model.networks.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.NamedParameters;
import org.medbeam.model.networks.blocks.ResBlock;
import org.medbeam.model.networks.blocks.UpSample;
import org.medbeam.model.networks.layers.Act;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.Dropout;
import org.medbeam.model.networks.layers.Identity;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.ModuleList;
import org.medbeam.model.networks.layers.Norm;
import org.medbeam.model.networks.layers.Sequential;

/**
 * MONAI's {@code SegResNet} (Myronenko 2018, without the VAE branch), 2D or 3D: {@code convInit},
 * {@code down_layers} (a stride-2 convolution then {@code blocks_down[i]} {@link ResBlock}s per
 * level), {@code up_samples} (1-wide convolution halving the channels, then {@link UpSample} by 2)
 * added to the encoder features, {@code up_layers}, and {@code conv_final} (norm, activation,
 * 1-wide convolution). The activation module {@code act_mod} is shared with {@code conv_final}, as
 * in MONAI. Each axis of {@code (B, C, X, Y[, Z])} must be a multiple of {@code 2^(len(blocks_down)
 * - 1)}.
 *
 * <p>With {@code use_conv_final=false} the (still created) {@code conv_final} parameters are frozen
 * so a trainer does not expect gradients for them.
 */
public final class SegResNet extends MonaiModule {
  private final Block actMod;
  private final Block convInit;
  private final ModuleList downLayers;
  private final ModuleList upLayers;
  private final ModuleList upSamples;
  private final Sequential convFinal;
  private final Block dropout;
  private final boolean useConvFinal;

  private SegResNet(Builder b) {
    int d = b.spatialDims;
    actMod = module("act_mod", Act.create(b.act));
    convInit = module("convInit", ResBlock.segResConv(d, b.inChannels, b.initFilters, 3, 1, false));
    downLayers = module("down_layers", new ModuleList());
    for (int i = 0; i < b.blocksDown.length; i++) {
      int ch = b.initFilters << i;
      Sequential level = new Sequential();
      level.add(i > 0 ? ResBlock.segResConv(d, ch / 2, ch, 3, 2, false) : new Identity());
      for (int k = 0; k < b.blocksDown[i]; k++) {
        level.add(new ResBlock(d, ch, b.norm, 3, b.act));
      }
      downLayers.add(level);
    }
    upLayers = module("up_layers", new ModuleList());
    upSamples = module("up_samples", new ModuleList());
    int nUp = b.blocksUp.length;
    for (int i = 0; i < nUp; i++) {
      int ch = b.initFilters << (nUp - i);
      Sequential level = new Sequential();
      for (int k = 0; k < b.blocksUp[i]; k++) {
        level.add(new ResBlock(d, ch / 2, b.norm, 3, b.act));
      }
      upLayers.add(level);
      upSamples.add(
          new Sequential(
              ResBlock.segResConv(d, ch, ch / 2, 1, 1, false),
              UpSample.builder(d, ch / 2, ch / 2)
                  .scaleFactor(2)
                  .mode(b.upsampleMode)
                  .interpMode("linear")
                  .alignCorners(false)
                  .build()));
    }
    convFinal =
        module(
            "conv_final",
            new Sequential(
                Norm.create(b.norm, d, b.initFilters),
                actMod,
                ResBlock.segResConv(d, b.initFilters, b.outChannels, 1, 1, true)));
    dropout = b.dropoutProb == null ? null : module("dropout", Dropout.create(b.dropoutProb, d));
    useConvFinal = b.useConvFinal;
    if (!useConvFinal) {
      for (Parameter p : NamedParameters.of(convFinal).values()) {
        p.freeze(true);
      }
    }
  }

  /** MONAI's defaults: 3D, 8 initial filters, 1 input and 2 output channels. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray y = call(convInit, ps, x, training);
    if (dropout != null) {
      NDArray d = call(dropout, ps, y, training);
      release(y, d);
      y = d;
    }
    List<NDArray> downX = new ArrayList<>();
    for (Block level : downLayers.items()) {
      y = call(level, ps, y, training);
      downX.add(y);
    }
    // the encoder outputs stay alive until their skip addition; the deepest is y itself
    int last = downX.size() - 1;
    for (int i = 0; i < upSamples.size(); i++) {
      NDArray up = call(upSamples.get(i), ps, y, training);
      NDArray skip = downX.get(last - (i + 1));
      NDArray sum = up.add(skip);
      release(new NDArray[] {up, y}, x);
      NDArray next = call(upLayers.get(i), ps, sum, training);
      release(sum, next);
      y = next;
    }
    for (int i = 0; i < last; i++) {
      release(downX.get(i), x, y);
    }
    if (!useConvFinal) {
      return y;
    }
    NDArray out = call(convFinal, ps, y, training);
    release(y, x, out);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    trace(actMod, in[0]);
    Shape s = trace(convInit, in[0]);
    if (dropout != null) {
      s = trace(dropout, s);
    }
    List<Shape> downX = new ArrayList<>();
    for (Block level : downLayers.items()) {
      s = trace(level, s);
      downX.add(s);
    }
    int last = downX.size() - 1;
    for (int i = 0; i < upSamples.size(); i++) {
      s = trace(upSamples.get(i), s);
      Shape skip = downX.get(last - (i + 1));
      if (!s.equals(skip)) {
        throw new IllegalArgumentException(
            "SegResNet: upsampled "
                + s
                + " does not match encoder features "
                + skip
                + "; input axes must be multiples of 2^"
                + last);
      }
      s = trace(upLayers.get(i), s);
    }
    Shape f = trace(convFinal, s);
    return new Shape[] {useConvFinal ? f : s};
  }

  /** MONAI's constructor arguments and defaults. */
  public static final class Builder {
    private int spatialDims = 3;
    private int initFilters = 8;
    private int inChannels = 1;
    private int outChannels = 2;
    private Double dropoutProb;
    private LayerSpec act = LayerSpec.of("relu", Map.of("inplace", true));
    private LayerSpec norm = LayerSpec.of("group", Map.of("num_groups", 8));
    private boolean useConvFinal = true;
    private int[] blocksDown = {1, 2, 2, 4};
    private int[] blocksUp = {1, 1, 1};
    private String upsampleMode = "nontrainable";

    private Builder() {}

    public Builder spatialDims(int d) {
      if (d != 2 && d != 3) {
        throw new IllegalArgumentException("SegResNet: `spatial_dims` can only be 2 or 3.");
      }
      spatialDims = d;
      return this;
    }

    public Builder initFilters(int f) {
      if (f < 1) {
        throw new IllegalArgumentException("SegResNet: init_filters must be >= 1, got " + f);
      }
      initFilters = f;
      return this;
    }

    public Builder inChannels(int c) {
      inChannels = c;
      return this;
    }

    public Builder outChannels(int c) {
      outChannels = c;
      return this;
    }

    /** Dropout after {@code convInit}; null for none. */
    public Builder dropoutProb(Double p) {
      if (p != null && !(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("SegResNet: dropout_prob must be in [0, 1], got " + p);
      }
      dropoutProb = p;
      return this;
    }

    public Builder act(LayerSpec a) {
      act = a;
      return this;
    }

    public Builder norm(LayerSpec n) {
      norm = n;
      return this;
    }

    /** MONAI's deprecated {@code norm_name="group"} with {@code num_groups}. */
    public Builder normName(String name, int numGroups) {
      if (!name.toLowerCase(Locale.ROOT).equals("group")) {
        throw new IllegalArgumentException(
            "Deprecating option 'norm_name=" + name + "', please use 'norm' instead.");
      }
      norm = LayerSpec.of("group", Map.of("num_groups", numGroups));
      return this;
    }

    public Builder useConvFinal(boolean u) {
      useConvFinal = u;
      return this;
    }

    public Builder blocksDown(int... b) {
      if (b.length < 1) {
        throw new IllegalArgumentException("SegResNet: blocks_down must not be empty");
      }
      blocksDown = Dims.atLeast(b.clone(), 0, "blocks_down");
      return this;
    }

    public Builder blocksUp(int... b) {
      blocksUp = Dims.atLeast(b.clone(), 0, "blocks_up");
      return this;
    }

    /** "nontrainable", "deconv" or "pixelshuffle". */
    public Builder upsampleMode(String m) {
      String s = m.toLowerCase(Locale.ROOT);
      if (!Arrays.asList("nontrainable", "deconv", "pixelshuffle").contains(s)) {
        throw new IllegalArgumentException(
            "SegResNet: upsample_mode must be deconv, nontrainable or pixelshuffle, got '"
                + m
                + "'");
      }
      upsampleMode = s;
      return this;
    }

    public SegResNet build() {
      if (blocksUp.length >= blocksDown.length) {
        throw new IllegalArgumentException(
            "SegResNet: blocks_up "
                + Arrays.toString(blocksUp)
                + " needs fewer levels than blocks_down "
                + Arrays.toString(blocksDown));
      }
      return new SegResNet(this);
    }
  }
}
