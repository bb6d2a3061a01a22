package org.medbeam.transforms.spatial;

import java.util.Locale;

/**
 * What a grid-sample transform reads outside the input, MONAI's {@code GridSamplePadMode} with
 * PyTorch {@code grid_sample} semantics: {@code zeros} (0 outside), {@code border} (clamp to the
 * edge voxel), {@code reflection} (mirror; about the voxel centres of the first and last voxel
 * when {@code align_corners}, about their outer faces otherwise). As MONAI's {@code
 * resolves_modes}, scipy's names are accepted too: {@code constant}/{@code grid-constant} →
 * zeros, {@code nearest}/{@code edge} → border, {@code reflect}/{@code mirror} → reflection.
 */
public enum GridSamplePadMode {
  ZEROS("zeros"),
  BORDER("border"),
  REFLECTION("reflection");

  private final String monaiName;

  GridSamplePadMode(String monaiName) {
    this.monaiName = monaiName;
  }

  public String monaiName() {
    return monaiName;
  }

  /** Parses MONAI's names (case-insensitive); {@code where} names transform and argument. */
  public static GridSamplePadMode parse(String name, String where) {
    String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    switch (n) {
      case "zeros":
      case "constant":
      case "grid-constant":
        return ZEROS;
      case "border":
      case "nearest":
      case "edge":
        return BORDER;
      case "reflection":
      case "reflect":
      case "mirror":
      case "grid-mirror":
        return REFLECTION;
      default:
        throw new IllegalArgumentException(
            where + " is \"" + name + "\"; accepted: zeros, border, reflection");
    }
  }

  @Override
  public String toString() {
    return monaiName;
  }
}
