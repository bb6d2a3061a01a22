package org.medbeam.model.networks.nets;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import java.util.Map;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.NamedParameters;
import org.medbeam.model.networks.layers.Act;
import org.medbeam.model.networks.layers.AdaptivePool;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.Dims;
import org.medbeam.model.networks.layers.Dropout;
import org.medbeam.model.networks.layers.Flatten;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Linear;
import org.medbeam.model.networks.layers.Norm;
import org.medbeam.model.networks.layers.Pooling;
import org.medbeam.model.networks.layers.Sequential;

/**
 * MONAI's {@code DenseNet} (Huang et al.) for classification, 1D/2D/3D: {@code features} ({@code
 * conv0} 7-wide stride 2, {@code norm0}, {@code relu0}, {@code pool0} max 3/2, then {@code
 * denseblock{i}} of {@code _DenseLayer}s and {@code transition{i}} halving channels and size,
 * {@code norm5}) and {@code class_layers} (activation, global average pool, flatten, {@code out}
 * linear). Input {@code (B, in_channels, X, Y[, Z])}, output {@code (B, out_channels)} logits.
 * Convolution weights start Kaiming-normal, batch norms at 1/0 and the linear bias at 0, as MONAI.
 * {@link #densenet121} gives MONAI's {@code DenseNet121}.
 */
public class DenseNet extends MonaiModule {
  private final Sequential features;
  private final Sequential classLayers;

  protected DenseNet(Builder b) {
    int d = b.spatialDims;
    features = module("features", new Sequential());
    features.add(
        "conv0",
        Conv.conv(d, b.inChannels, b.initFeatures)
            .kernelSize(7)
            .stride(2)
            .padding(3)
            .bias(false)
            .build());
    features.add("norm0", Norm.create(b.norm, d, b.initFeatures));
    features.add("relu0", Act.create(b.act));
    features.add("pool0", Pooling.max(d, new int[] {3}, new int[] {2}, new int[] {1}, false));
    int ch = b.initFeatures;
    for (int i = 0; i < b.blockConfig.length; i++) {
      Sequential block = new Sequential();
      for (int l = 0; l < b.blockConfig[i]; l++) {
        block.add("denselayer" + (l + 1), new DenseLayer(d, ch, b));
        ch += b.growthRate;
      }
      features.add("denseblock" + (i + 1), block);
      if (i == b.blockConfig.length - 1) {
        features.add("norm5", Norm.create(b.norm, d, ch));
      } else {
        int out = ch / 2;
        Sequential trans = new Sequential();
        trans.add("norm", Norm.create(b.norm, d, ch));
        trans.add("relu", Act.create(b.act));
        trans.add("conv", Conv.conv(d, ch, out).kernelSize(1).bias(false).build());
        trans.add("pool", Pooling.avg(d, new int[] {2}, new int[] {2}, new int[] {0}, false, true));
        features.add("transition" + (i + 1), trans);
        ch = out;
      }
    }
    classLayers = module("class_layers", new Sequential());
    classLayers.add("relu", Act.create(b.act));
    classLayers.add("pool", new AdaptivePool(false, d, new int[] {1}));
    classLayers.add("flatten", new Flatten());
    classLayers.add("out", new Linear(ch, b.outChannels, true).biasInitializer(Initializer.ZEROS));
    Initializer kaiming =
        new XavierInitializer(
            XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);
    for (Map.Entry<String, Parameter> e : NamedParameters.of(this).entrySet()) {
      Parameter p = e.getValue();
      if (p.getType() == Parameter.Type.WEIGHT && p.getShape().dimension() == d + 2) {
        p.setInitializer(kaiming);
      }
    }
  }

  /** {@code DenseNet(spatial_dims, in_channels, out_channels)} with MONAI's defaults. */
  public static Builder builder(int spatialDims, int inChannels, int outChannels) {
    return new Builder(spatialDims, inChannels, outChannels);
  }

  /** MONAI's {@code DenseNet121}: 64 initial features, growth 32, blocks (6, 12, 24, 16). */
  public static Builder densenet121(int spatialDims, int inChannels, int outChannels) {
    return new Builder(spatialDims, inChannels, outChannels)
        .initFeatures(64)
        .growthRate(32)
        .blockConfig(6, 12, 24, 16);
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    NDArray f = features.apply(ps, x, training);
    NDArray out = classLayers.apply(ps, f, training);
    release(f, x, out);
    return out;
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    return new Shape[] {trace(classLayers, trace(features, in[0]))};
  }

  /**
   * {@code _DenseLayer}: {@code layers} (BN-ReLU-1x1 conv-BN-ReLU-3x3 conv[-dropout]), concatenated
   * to the input.
   */
  static final class DenseLayer extends MonaiModule {
    private final Sequential layers;

    DenseLayer(int d, int in, Builder b) {
      int out = b.bnSize * b.growthRate;
      layers = module("layers", new Sequential());
      layers.add("norm1", Norm.create(b.norm, d, in));
      layers.add("relu1", Act.create(b.act));
      layers.add("conv1", Conv.conv(d, in, out).kernelSize(1).bias(false).build());
      layers.add("norm2", Norm.create(b.norm, d, out));
      layers.add("relu2", Act.create(b.act));
      layers.add(
          "conv2", Conv.conv(d, out, b.growthRate).kernelSize(3).padding(1).bias(false).build());
      if (b.dropoutProb > 0) {
        layers.add("dropout", Dropout.create(b.dropoutProb, d));
      }
    }

    @Override
    public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
      NDArray y = layers.apply(ps, x, training);
      NDArray out = NDArrays.concat(new NDList(x, y), 1);
      release(y, x);
      return out;
    }

    @Override
    protected Shape[] outputShapes(Shape[] in) {
      Shape y = trace(layers, in[0]);
      long[] s = in[0].getShape().clone();
      s[1] += y.get(1);
      return new Shape[] {new Shape(s)};
    }
  }

  /** MONAI's constructor arguments and defaults. */
  public static final class Builder {
    private final int spatialDims;
    private final int inChannels;
    private final int outChannels;
    private int initFeatures = 64;
    private int growthRate = 32;
    private int[] blockConfig = {6, 12, 24, 16};
    private int bnSize = 4;
    private LayerSpec act = LayerSpec.of("relu", Map.of("inplace", true));
    private LayerSpec norm = LayerSpec.of("batch");
    private double dropoutProb;

    private Builder(int spatialDims, int inChannels, int outChannels) {
      this.spatialDims = Dims.checkSpatial(spatialDims);
      if (inChannels < 1 || outChannels < 1) {
        throw new IllegalArgumentException(
            "DenseNet: in_channels and out_channels must be >= 1, got "
                + inChannels
                + " and "
                + outChannels);
      }
      this.inChannels = inChannels;
      this.outChannels = outChannels;
    }

    public Builder initFeatures(int f) {
      initFeatures = Dims.atLeast(new int[] {f}, 1, "init_features")[0];
      return this;
    }

    public Builder growthRate(int g) {
      growthRate = Dims.atLeast(new int[] {g}, 1, "growth_rate")[0];
      return this;
    }

    public Builder blockConfig(int... c) {
      if (c.length < 1) {
        throw new IllegalArgumentException("DenseNet: block_config must not be empty");
      }
      blockConfig = Dims.atLeast(c.clone(), 1, "block_config");
      return this;
    }

    public Builder bnSize(int s) {
      bnSize = Dims.atLeast(new int[] {s}, 1, "bn_size")[0];
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

    public Builder dropoutProb(double p) {
      if (!(p >= 0 && p <= 1)) {
        throw new IllegalArgumentException("DenseNet: dropout_prob must be in [0, 1], got " + p);
      }
      dropoutProb = p;
      return this;
    }

    public DenseNet build() {
      return new DenseNet(this);
    }
  }
}
