package org.medbeam.transforms.spatial;

import java.util.Locale;

/**
 * Interpolation of the grid-sample transforms ({@code Spacing}, {@code Affine}, {@code Rotate},
 * the elastic ones), MONAI's {@code GridSampleMode}: {@code "nearest"} or {@code "bilinear"}
 * (trilinear in 3D). As MONAI's {@code resolves_modes}, {@code "linear"} and {@code "trilinear"}
 * mean bilinear.
 */
public enum GridSampleMode {
  NEAREST("nearest"),
  BILINEAR("bilinear");

  private final String monaiName;

  GridSampleMode(String monaiName) {
    this.monaiName = monaiName;
  }

  /** MONAI's spelling, as recorded in applied operations. */
  public String monaiName() {
    return monaiName;
  }

  /**
   * Parses MONAI's names (case-insensitive): {@code nearest}, {@code bilinear}, {@code linear},
   * {@code trilinear}.
   *
   * @param where the transform and argument, for the error message
   */
  public static GridSampleMode parse(String name, String where) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "nearest":
        return NEAREST;
      case "bilinear":
      case "linear":
      case "trilinear":
        return BILINEAR;
      default:
        throw new IllegalArgumentException(
            where + " is \"" + name + "\"; accepted: nearest, bilinear (also linear, trilinear)"
                + ("bicubic".equals(n) ? "; bicubic grid sampling is not supported" : ""));
    }
  }

  @Override
  public String toString() {
    return monaiName;
  }
}
