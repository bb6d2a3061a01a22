package org.medbeam.model.networks.nets;

import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Pooling;
import org.medbeam.model.networks.layers.Sequential;

/**
 * BasicUNet's {@code Down}: {@code max_pooling} (kernel 2) then {@code convs} ({@link TwoConv}).
 */
public final class Down extends Sequential {
  public Down(
      int spatialDims,
      int inChns,
      int outChns,
      LayerSpec act,
      LayerSpec norm,
      boolean bias,
      Object dropout) {
    add("max_pooling", Pooling.max(spatialDims, new int[] {2}, null, new int[] {0}, false));
    add("convs", new TwoConv(spatialDims, inChns, outChns, act, norm, bias, dropout));
  }
}
