package org.medbeam.transforms;

import java.io.Serializable;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Volume;

/**
 * Undoes one recorded {@link AppliedOperation} from what the operation itself recorded, so the
 * inverse can be applied to the image that went through it or to any volume on the same grid (a
 * prediction: MONAI's {@code Invertd}). Each invertible transform registers one under its MONAI
 * class name ({@link org.medbeam.transforms.config.TransformProvider#inverters()}).
 */
@FunctionalInterface
public interface OperationInverter extends Serializable {
  /**
   * @param img a volume whose top applied operation is {@code op} (already popped or not: the
   *     inverter does not touch the stack; callers pop)
   * @param op the recorded operation
   * @param modeOverride interpolation mode to use instead of the recorded one ({@code
   *     "nearest"} for labels), or {@code null}
   */
  Volume invert(Volume img, AppliedOperation op, String modeOverride);
}
