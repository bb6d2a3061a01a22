package org.medbeam.transforms.config;

import java.util.Map;

/**
 * Contributes transforms to the config registry under their MONAI class names. Implementations
 * are listed in {@code META-INF/services/org.medbeam.transforms.config.TransformProvider}.
 */
public interface TransformProvider {
  /** MONAI class name (e.g. {@code "Spacingd"}) → factory. */
  Map<String, TransformFactory> transforms();
}
