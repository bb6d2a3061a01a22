package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Arrays;
import org.medbeam.model.networks.MonaiModule;

/**
 * Dropout in training mode, identity in eval mode. {@code channelWise=false} is {@code
 * torch.nn.Dropout} (each element zeroed with probability {@code p}); {@code true} is {@code
 * Dropout2d/3d} (whole channels of {@code (B, C, spatial...)} zeroed). Survivors are scaled by
 * {@code 1 / (1 - p)}. Draws come from the engine's generator, which {@code Engine.setRandomSeed}
 * seeds.
 */
public final class DropoutNd extends MonaiModule {
  private final double p;
  private final boolean channelWise;

  public DropoutNd(double p, boolean channelWise) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(
          "dropout probability has to be between 0 and 1, but got " + p);
    }
    this.p = p;
    this.channelWise = channelWise;
  }

  public double p() {
    return p;
  }

  @Override
  public NDArray apply(ParameterStore ps, NDArray x, boolean training) {
    if (!training || p == 0) {
      return x;
    }
    if (p == 1) {
      return x.zerosLike();
    }
    if (!channelWise) {
      return x.getNDArrayInternal().dropout(x, (float) p, true).singletonOrThrow();
    }
    long[] ms = new long[x.getShape().dimension()];
    Arrays.fill(ms, 1);
    ms[0] = x.getShape().get(0);
    ms[1] = x.getShape().get(1);
    NDArray keep =
        x.getManager().randomUniform(0f, 1f, new Shape(ms)).gte(p).toType(x.getDataType(), false);
    return x.mul(keep.div(1 - p));
  }

  @Override
  protected Shape[] outputShapes(Shape[] in) {
    return new Shape[] {in[0]};
  }

  @Override
  public String toString() {
    return (channelWise ? "ChannelDropout(p=" : "Dropout(p=") + p + ")";
  }
}
