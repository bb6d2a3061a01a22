package org.medbeam.transforms.spatial;

import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Transform;

/**
 * A deterministic spatial transform defined entirely by its {@link SpatialPlan}: applying it
 * executes the plan, it draws nothing, and its inverse pops its own entry off the applied
 * operations.
 */
interface PlannedSpatialTransform extends Transform, InvertibleTransform, LazySpatialTransform {
  /** The class name its plan records on the applied-operations stack. */
  String operationName();

  @Override
  default Volume apply(Volume img) {
    return plan(Geometry.of(img), null).execute(img, threads());
  }

  @Override
  default Volume inverse(Volume img) {
    return Inversion.undoTop(img, operationName(), null);
  }

  @Override
  default Object lazyDraw(RandomState random, Geometry geometry) {
    return null;
  }
}
