package org.medbeam.model.networks.nets;

/** MONAI's {@code DenseNet121(spatial_dims, in_channels, out_channels)}. */
public final class DenseNet121 extends DenseNet {
  public DenseNet121(int spatialDims, int inChannels, int outChannels) {
    super(DenseNet.densenet121(spatialDims, inChannels, outChannels));
  }
}
