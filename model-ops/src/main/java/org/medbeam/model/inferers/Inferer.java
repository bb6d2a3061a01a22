package org.medbeam.model.inferers;

import java.io.Serializable;
import java.util.List;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code Inferer}: how a network is run over one input ({@code inferer(inputs,
 * network)}). Configuration objects are immutable and serializable; the network is passed at call
 * time.
 */
public interface Inferer extends Serializable {
  /**
   * The network's outputs for one channel-first input {@code (C, X, Y[, Z])} (a batch of one).
   * Spatial outputs come back as volumes in medbeam's layout carrying the input's affine, metadata
   * and applied operations; non-spatial ones (class scores) as arrays.
   */
  List<InferenceOutput> infer(Volume input, Network network);
}
