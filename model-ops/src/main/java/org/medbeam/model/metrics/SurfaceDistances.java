package org.medbeam.model.metrics;

import java.util.Arrays;
import org.medbeam.core.Volume;

/**
 * MONAI's surface-distance utilities ({@code monai.metrics.utils}): {@code get_mask_edges} and
 * {@code get_surface_distance} for one class of one case, the shared core of {@link
 * HausdorffDistanceMetric}, {@link SurfaceDistanceMetric} and {@link SurfaceDiceMetric}.
 *
 * <p>Distances are float32, as MONAI casts them ({@code convert_to_dst_type(..., float32)}): the
 * Euclidean ones are computed in float64 ({@link DistanceTransforms#edt}) and rounded once.
 */
public final class SurfaceDistances {
  private SurfaceDistances() {}

  /**
   * The edge distances of one class: {@code fromPred} = from each prediction edge voxel to the
   * nearest ground-truth edge voxel; {@code fromGt} the other way ({@code null} unless symmetric).
   * Empty edge sets follow MONAI: no ground-truth edge gives +inf for every prediction edge voxel;
   * no prediction edge (with a ground truth) gives one +inf per ground-truth edge voxel; neither
   * gives an empty array.
   */
  public static final class EdgeDistances {
    private final float[] fromPred;
    private final float[] fromGt;
    private final int predEdges;
    private final int gtEdges;

    EdgeDistances(float[] fromPred, float[] fromGt, int predEdges, int gtEdges) {
      this.fromPred = fromPred;
      this.fromGt = fromGt;
      this.predEdges = predEdges;
      this.gtEdges = gtEdges;
    }

    /** Distances from the prediction's edge to the ground truth's (a copy). */
    public float[] fromPred() {
      return fromPred.clone();
    }

    /** Distances from the ground truth's edge to the prediction's, or null when not symmetric. */
    public float[] fromGt() {
      return fromGt == null ? null : fromGt.clone();
    }

    float[] fromPredRaw() {
      return fromPred;
    }

    float[] fromGtRaw() {
      return fromGt;
    }

    /** Number of prediction edge voxels. */
    public int predEdges() {
      return predEdges;
    }

    /** Number of ground-truth edge voxels. */
    public int gtEdges() {
      return gtEdges;
    }
  }

  /**
   * MONAI's {@code get_edge_surface_distance} for channel {@code predCh} of {@code yPred} against
   * channel {@code gtCh} of {@code y}.
   *
   * @param spacing voxel size per spatial axis (mm), used by {@code euclidean} only; null = 1
   */
  public static EdgeDistances edgeSurfaceDistance(
      Volume yPred,
      int predCh,
      Volume y,
      int gtCh,
      DistanceMetric metric,
      double[] spacing,
      boolean symmetric,
      int threads) {
    MaskEdges e = MaskEdges.of(yPred, predCh, y, gtCh, threads);
    float[] a = surfaceDistance(e, true, metric, spacing, threads);
    float[] b = symmetric ? surfaceDistance(e, false, metric, spacing, threads) : null;
    return new EdgeDistances(a, b, e.predCount(), e.gtCount());
  }

  /** MONAI's {@code get_surface_distance(seg_pred, seg_gt)} with pred/gt swapped when !fromPred. */
  static float[] surfaceDistance(
      MaskEdges e, boolean fromPred, DistanceMetric metric, double[] spacing, int threads) {
    int[] query = fromPred ? e.predIndex : e.gtIndex;
    byte[] featureMask = fromPred ? e.gtEdges : e.predEdges;
    int features = fromPred ? e.gtCount() : e.predCount();
    if (features == 0) {
      float[] inf = new float[query.length];
      Arrays.fill(inf, Float.POSITIVE_INFINITY);
      return inf;
    }
    if (query.length == 0) {
      float[] inf = new float[features];
      Arrays.fill(inf, Float.POSITIVE_INFINITY);
      return inf;
    }
    if (metric == DistanceMetric.EUCLIDEAN) {
      return DistanceTransforms.distancesAt(featureMask, e.box, spacing, query, threads);
    }
    byte[] notFeature = new byte[featureMask.length];
    for (int i = 0; i < notFeature.length; i++) {
      notFeature[i] = (byte) (featureMask[i] ^ 1);
    }
    float[] out = new float[query.length];
    {
      int[] d = DistanceTransforms.cdt(notFeature, e.box, metric);
      for (int k = 0; k < query.length; k++) {
        out[k] = d[query[k]];
      }
    }
    return out;
  }
}
