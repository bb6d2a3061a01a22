package org.medbeam.transforms.spatial;

import java.util.Arrays;
import java.util.Objects;
import org.medbeam.core.Affine;
import org.medbeam.core.Volume;

/**
 * The grid of a volume without its voxels: channel count, spatial shape {@code (X, Y[, Z])} and
 * RAS affine. Spatial transforms plan on a geometry, so a chain of them can be composed before any
 * voxel is touched (lazy resampling).
 */
public final class Geometry {
  private final int channels;
  private final int[] spatialShape;
  private final Affine affine;

  private Geometry(int channels, int[] spatialShape, Affine affine) {
    this.channels = channels;
    this.spatialShape = spatialShape.clone();
    this.affine = Objects.requireNonNull(affine, "affine");
  }

  public static Geometry of(int channels, int[] spatialShape, Affine affine) {
    if (spatialShape.length < 1 || spatialShape.length > 3) {
      throw new IllegalArgumentException(
          "spatial shape must have 1 to 3 axes, got " + Arrays.toString(spatialShape));
    }
    return new Geometry(channels, spatialShape, affine);
  }

  public static Geometry of(Volume v) {
    return new Geometry(v.channels(), v.spatialShape(), v.affine());
  }

  public int channels() {
    return channels;
  }

  /** Spatial shape, a copy. */
  public int[] spatialShape() {
    return spatialShape.clone();
  }

  public int rank() {
    return spatialShape.length;
  }

  public Affine affine() {
    return affine;
  }

  /** Channel-first full shape {@code (C, X, Y[, Z])}. */
  public int[] fullShape() {
    int[] s = new int[spatialShape.length + 1];
    s[0] = channels;
    System.arraycopy(spatialShape, 0, s, 1, spatialShape.length);
    return s;
  }

  public Geometry with(int[] newSpatialShape, Affine newAffine) {
    return of(channels, newSpatialShape, newAffine);
  }

  @Override
  public String toString() {
    return "Geometry(C=" + channels + ", " + Arrays.toString(spatialShape) + ")";
  }
}
