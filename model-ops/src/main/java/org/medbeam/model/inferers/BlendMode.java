package org.medbeam.model.inferers;

import java.util.Locale;

/** How overlapping windows are blended (MONAI's {@code BlendMode}). */
public enum BlendMode {
  /** Every voxel of a window weighs 1. */
  CONSTANT,
  /** A Gaussian centred on the window, sigma = {@code sigma_scale * roi_size} per axis. */
  GAUSSIAN;

  /** MONAI's spelling, {@code "constant"} or {@code "gaussian"}. */
  public String monaiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** From MONAI's spelling (case-insensitive). */
  public static BlendMode parse(String mode) {
    if (mode != null) {
      for (BlendMode m : values()) {
        if (m.monaiName().equalsIgnoreCase(mode.trim())) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        "mode must be one of \"constant\", \"gaussian\"; got " + quote(mode));
  }

  static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
