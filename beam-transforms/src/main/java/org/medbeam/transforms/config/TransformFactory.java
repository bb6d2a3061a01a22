package org.medbeam.transforms.config;

/** Builds one transform from its config arguments. */
@FunctionalInterface
public interface TransformFactory {
  /**
   * @return a {@code Transform}, {@code RandomizableTransform} or {@code MapTransform}
   */
  Object create(ConfigArgs args);
}
