package org.medbeam.transforms.croppad;

import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Transform;

/** What MONAI's {@code Pad} subclasses share: a mode, a value, pad widths from the shape. */
abstract class PadBase implements Transform, InvertibleTransform {
  private static final long serialVersionUID = 1L;

  final String mode;
  final double value;

  PadBase(String mode, double value) {
    this.mode = Padding.checkMode(getClass().getSimpleName(), mode);
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": value must be finite, got " + value);
    }
    this.value = value;
  }

  /** Per spatial axis {@code {before, after}} for an image of spatial shape {@code shape}. */
  public abstract int[][] computePadWidth(int[] shape);

  /** The name recorded on the applied-operations stack (MONAI's class name). */
  String className() {
    return getClass().getSimpleName();
  }

  public String mode() {
    return mode;
  }

  @Override
  public Volume apply(Volume img) {
    return apply(img, mode);
  }

  /** Pads with another mode (MONAI's {@code __call__(img, mode=...)}). */
  public Volume apply(Volume img, String modeOverride) {
    String m = modeOverride == null ? mode : Padding.checkMode(className(), modeOverride);
    return Padding.pad(img, computePadWidth(img.spatialShape()), m, value, className());
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, className(), null);
  }
}
