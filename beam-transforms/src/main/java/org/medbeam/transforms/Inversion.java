package org.medbeam.transforms;

import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Volume;
import org.medbeam.transforms.config.TransformRegistry;

/** Pops and undoes applied operations through the registered {@link OperationInverter}s. */
public final class Inversion {
  private Inversion() {}

  /**
   * Undoes the top operation of {@code img}, which must have been recorded by {@code className}
   * (a check that the caller inverts what it thinks it inverts), and returns the volume with that
   * entry popped.
   */
  public static Volume undoTop(Volume img, String className, String modeOverride) {
    AppliedOperation op = img.peekOperation();
    if (op == null) {
      throw new IllegalStateException(
          className + ".inverse: the volume has no applied operations to undo");
    }
    if (!op.className().equals(className)) {
      throw new IllegalStateException(
          className + ".inverse: the most recent operation is " + op.className()
              + "; invert transforms in reverse order");
    }
    return undo(img.popOperation(), op, modeOverride);
  }

  /** Undoes {@code op} on {@code img} (whose stack no longer holds it) with the registered inverter. */
  public static Volume undo(Volume img, AppliedOperation op, String modeOverride) {
    if (!op.doTransform()) {
      return img;
    }
    OperationInverter inv = TransformRegistry.getDefault().inverter(op.className());
    if (inv == null) {
      throw new IllegalStateException(
          "no inverse is registered for operation " + op.className());
    }
    return inv.invert(img, op, modeOverride);
  }
}
