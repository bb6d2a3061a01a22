package org.medbeam.model.networks.layers;

import ai.djl.ndarray.NDArray;

/** Closing temporaries from static helpers (the same rule as {@code MonaiModule.release}). */
final class MonaiModuleAccess {
  private MonaiModuleAccess() {}

  static void close(NDArray... arrays) {
    for (NDArray a : arrays) {
      if (a != null) {
        a.close();
      }
    }
  }
}
