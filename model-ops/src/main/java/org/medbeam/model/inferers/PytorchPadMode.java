package org.medbeam.model.inferers;

import java.util.Locale;

/**
 * How the input is padded when the window is larger than the image (MONAI's {@code
 * PytorchPadMode}, i.e. {@code torch.nn.functional.pad} modes).
 */
public enum PytorchPadMode {
  /** The value {@code cval}. */
  CONSTANT,
  /** Mirror without repeating the edge voxel ({@code [a b c] -> b | a b c | b}); pad < size. */
  REFLECT,
  /** Repeat the edge voxel. */
  REPLICATE,
  /** Wrap around; pad <= size. */
  CIRCULAR;

  /** MONAI's spelling, e.g. {@code "replicate"}. */
  public String monaiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** From MONAI's spelling (case-insensitive). */
  public static PytorchPadMode parse(String mode) {
    if (mode != null) {
      for (PytorchPadMode m : values()) {
        if (m.monaiName().equalsIgnoreCase(mode.trim())) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        "padding_mode must be one of \"constant\", \"reflect\", \"replicate\", \"circular\"; got "
            + BlendMode.quote(mode));
  }
}
