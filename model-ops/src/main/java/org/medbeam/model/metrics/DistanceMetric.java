package org.medbeam.model.metrics;

import java.util.Locale;

/**
 * MONAI's {@code distance_metric} of the surface-distance metrics: {@code euclidean} (exact EDT
 * honouring the voxel spacing, in mm), {@code chessboard} and {@code taxicab} (chamfer distances in
 * voxels, like {@code scipy.ndimage.distance_transform_cdt}; MONAI ignores the spacing for them).
 */
public enum DistanceMetric {
  EUCLIDEAN("euclidean"),
  CHESSBOARD("chessboard"),
  TAXICAB("taxicab");

  private final String monaiName;

  DistanceMetric(String monaiName) {
    this.monaiName = monaiName;
  }

  public String monaiName() {
    return monaiName;
  }

  public static DistanceMetric of(String name) {
    if (name != null) {
      String n = name.trim().toLowerCase(Locale.ROOT);
      for (DistanceMetric m : values()) {
        if (m.monaiName.equals(n)) {
          return m;
        }
      }
    }
    throw new IllegalArgumentException(
        "distance_metric must be one of [euclidean, chessboard, taxicab], got '" + name + "'");
  }
}
