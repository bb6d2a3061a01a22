package org.medbeam.transforms.spatial;

import java.util.Locale;

/**
 * Interpolation of {@code Resize} and {@code Zoom}, MONAI's {@code InterpolateMode} with PyTorch
 * {@code interpolate} semantics: {@code nearest} (source {@code floor(j * in/out)}), {@code
 * nearest-exact} ({@code floor((j + 0.5) * in/out)}), {@code linear} (also {@code bilinear}, {@code
 * trilinear}: separable linear, half-pixel centres unless {@code align_corners}), {@code bicubic}
 * (2D only, as PyTorch) and {@code area} (adaptive average pooling).
 */
public enum InterpolateMode {
  NEAREST("nearest"),
  NEAREST_EXACT("nearest-exact"),
  LINEAR("linear"),
  BICUBIC("bicubic"),
  AREA("area");

  private final String monaiName;

  InterpolateMode(String monaiName) {
    this.monaiName = monaiName;
  }

  public String monaiName() {
    return monaiName;
  }

  /** Parses MONAI's names (case-insensitive); {@code where} names transform and argument. */
  public static InterpolateMode parse(String name, String where) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "nearest":
        return NEAREST;
      case "nearest-exact":
      case "nearest_exact":
        return NEAREST_EXACT;
      case "linear":
      case "bilinear":
      case "trilinear":
        return LINEAR;
      case "bicubic":
        return BICUBIC;
      case "area":
        return AREA;
      default:
        throw new IllegalArgumentException(
            where + " is \"" + name + "\"; accepted: nearest, nearest-exact, linear, bilinear, "
                + "trilinear, bicubic, area");
    }
  }

  /** Whether {@code align_corners} means anything for this mode (PyTorch rejects it otherwise). */
  public boolean usesAlignCorners() {
    return this == LINEAR || this == BICUBIC;
  }

  @Override
  public String toString() {
    return monaiName;
  }
}
