package org.medbeam.transforms.config;

import java.util.Map;
import org.medbeam.transforms.OperationInverter;

/**
 * Contributes transforms to the config registry under their MONAI class names. Implementations
 * are listed in {@code META-INF/services/org.medbeam.transforms.config.TransformProvider}.
 */
public interface TransformProvider {
  /** MONAI class name (e.g. {@code "Spacingd"}) → factory. */
  Map<String, TransformFactory> transforms();

  /**
   * MONAI class name of an invertible array transform (the name recorded in {@code
   * AppliedOperation.className()}, e.g. {@code "Spacing"}) → its inverter.
   */
  default Map<String, OperationInverter> inverters() {
    return Map.of();
  }
}
