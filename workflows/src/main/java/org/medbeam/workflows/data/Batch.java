package org.medbeam.workflows.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;

/**
 * A collated batch (MONAI's {@code list_data_collate} with {@code PadListDataCollate}'s padding):
 * per key, the samples' volumes as one float32 array in MONAI's tensor layout {@code (B, C, X,
 * Y[, Z])}, C order (last axis fastest: the layout a DJL/PyTorch tensor wants), plus the samples
 * themselves for ids and metadata.
 */
public final class Batch {
  private final List<Sample> samples;
  private final Map<String, float[]> arrays;
  private final Map<String, int[]> shapes;

  private Batch(List<Sample> samples, Map<String, float[]> arrays, Map<String, int[]> shapes) {
    this.samples = samples;
    this.arrays = arrays;
    this.shapes = shapes;
  }

  /**
   * Collates {@code samples} on {@code keys}: volumes of one key must share channels and spatial
   * rank; spatial sizes that differ are padded to the largest with zeros, split evenly with the
   * odd voxel after (MONAI's {@code PadListDataCollate(method="symmetric", mode="constant")}).
   */
  public static Batch collate(List<Sample> samples, List<String> keys) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("cannot collate an empty batch");
    }
    Map<String, float[]> arrays = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (String key : keys) {
      Volume first = samples.get(0).volume(key);
      int rank = first.spatialRank();
      int c = first.channels();
      int[] max = first.spatialShape();
      for (Sample s : samples) {
        Volume v = s.volume(key);
        if (v.channels() != c || v.spatialRank() != rank) {
          throw new IllegalArgumentException("collate: key '" + key + "' of sample '" + s.id()
              + "' has shape " + java.util.Arrays.toString(v.shape()) + ", sample '"
              + samples.get(0).id() + "' " + java.util.Arrays.toString(first.shape())
              + "; channels and spatial rank must agree");
        }
        int[] sp = v.spatialShape();
        for (int a = 0; a < rank; a++) {
          max[a] = Math.max(max[a], sp[a]);
        }
      }
      int[] sp3 = {1, 1, 1};
      System.arraycopy(max, 0, sp3, 0, rank);
      int per = c * sp3[0] * sp3[1] * sp3[2];
      float[] out = new float[samples.size() * per];
      for (int b = 0; b < samples.size(); b++) {
        toModel(samples.get(b).volume(key), sp3, out, b * per);
      }
      int[] shape = new int[2 + rank];
      shape[0] = samples.size();
      shape[1] = c;
      System.arraycopy(max, 0, shape, 2, rank);
      arrays.put(key, out);
      shapes.put(key, shape);
    }
    return new Batch(List.copyOf(samples), Collections.unmodifiableMap(arrays),
        Collections.unmodifiableMap(shapes));
  }

  /** Copies {@code v} (X fastest) centred into a C-order block of spatial size {@code sp3}. */
  static void toModel(Volume v, int[] sp3, float[] dst, int base) {
    float[] src = v.toFloatArray();
    int[] sp = {1, 1, 1};
    int[] own = v.spatialShape();
    System.arraycopy(own, 0, sp, 0, own.length);
    int nx = sp[0];
    int ny = sp[1];
    int nz = sp[2];
    int ox = (sp3[0] - nx) / 2;
    int oy = (sp3[1] - ny) / 2;
    int oz = (sp3[2] - nz) / 2;
    int xyz = nx * ny * nz;
    for (int c = 0; c < v.channels(); c++) {
      for (int x = 0; x < nx; x++) {
        for (int y = 0; y < ny; y++) {
          int d = base + ((c * sp3[0] + x + ox) * sp3[1] + y + oy) * sp3[2] + oz;
          int s = c * xyz + x + nx * y;
          for (int z = 0; z < nz; z++) {
            dst[d + z] = src[s + z * nx * ny];
          }
        }
      }
    }
  }

  /** The samples, in batch order. */
  public List<Sample> samples() {
    return samples;
  }

  /** Batch size B. */
  public int size() {
    return samples.size();
  }

  /** The array of {@code key}, C order, shape {@link #shape(String)}. */
  public float[] array(String key) {
    float[] a = arrays.get(key);
    if (a == null) {
      throw new IllegalArgumentException("batch has no key '" + key + "'; keys: "
          + arrays.keySet());
    }
    return a;
  }

  /** {@code (B, C, X, Y[, Z])} of {@code key}. */
  public int[] shape(String key) {
    array(key);
    return shapes.get(key).clone();
  }
}
