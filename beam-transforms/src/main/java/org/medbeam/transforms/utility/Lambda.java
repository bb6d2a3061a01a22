package org.medbeam.transforms.utility;

import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code Lambda}: applies a user function to the volume and records {@code Lambda} on its
 * applied-operations stack; {@link #inverse} pops that entry and applies {@code inv_func} (default:
 * identity). Functions are Java code, so configs cannot build this transform.
 */
public final class Lambda implements Transform, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  private final SerializableFunction<Volume, Volume> func;
  private final SerializableFunction<Volume, Volume> invFunc;

  public Lambda(
      SerializableFunction<Volume, Volume> func, SerializableFunction<Volume, Volume> invFunc) {
    if (func == null) {
      throw new IllegalArgumentException("Lambda: func must be given");
    }
    this.func = func;
    this.invFunc = invFunc == null ? v -> v : invFunc;
  }

  public Lambda(SerializableFunction<Volume, Volume> func) {
    this(func, null);
  }

  @Override
  public Volume apply(Volume img) {
    Volume out = func.apply(img);
    return out.pushOperation(AppliedOperation.of("Lambda", img.spatialShape(), Metadata.empty()));
  }

  @Override
  public Volume inverse(Volume img) {
    AppliedOperation top = img.peekOperation();
    if (top == null || !top.className().equals("Lambda")) {
      throw new IllegalStateException(
          "Lambda.inverse: the most recent operation is "
              + (top == null ? "none" : top.className())
              + "; invert transforms in reverse order");
    }
    return invFunc.apply(img.popOperation());
  }
}
