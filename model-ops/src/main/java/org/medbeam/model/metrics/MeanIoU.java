package org.medbeam.model.metrics;

import org.medbeam.core.Volume;

/**
 * MONAI's {@code MeanIoU}: per case and class, {@code |y ∩ ŷ| / |y ∪ ŷ|} on binarised one-hot
 * {@code (C, X, Y[, Z])} inputs (values multiplied and summed as they are, as MONAI does).
 *
 * <p>{@code include_background=False} drops channel 0 when there is more than one channel. Empty
 * ground truth: NaN with {@code ignore_empty}; otherwise 1 when the union is empty, else the ratio
 * (0).
 */
public final class MeanIoU extends CumulativeIterationMetric {
  private final boolean includeBackground;
  private final boolean ignoreEmpty;

  private MeanIoU(
      boolean includeBackground,
      MetricReduction reduction,
      boolean getNotNans,
      boolean ignoreEmpty,
      int threads) {
    super(reduction, getNotNans, threads);
    this.includeBackground = includeBackground;
    this.ignoreEmpty = ignoreEmpty;
  }

  /** MONAI's defaults: include_background=True, reduction="mean", ignore_empty=True. */
  public static MeanIoU create() {
    return new MeanIoU(true, MetricReduction.MEAN, false, true, defaultThreads());
  }

  public MeanIoU withIncludeBackground(boolean v) {
    return new MeanIoU(v, reduction(), getNotNans(), ignoreEmpty, threads());
  }

  public MeanIoU withReduction(MetricReduction v) {
    return new MeanIoU(includeBackground, v, getNotNans(), ignoreEmpty, threads());
  }

  public MeanIoU withReduction(String v) {
    return withReduction(reductionOf(v));
  }

  public MeanIoU withGetNotNans(boolean v) {
    return new MeanIoU(includeBackground, reduction(), v, ignoreEmpty, threads());
  }

  public MeanIoU withIgnoreEmpty(boolean v) {
    return new MeanIoU(includeBackground, reduction(), getNotNans(), v, threads());
  }

  public MeanIoU withThreads(int v) {
    return new MeanIoU(includeBackground, reduction(), getNotNans(), ignoreEmpty, v);
  }

  @Override
  public MetricTensor computeCase(Volume yPred, Volume y) {
    int fp = Voxels.firstChannel(yPred, includeBackground);
    int fy = Voxels.firstChannel(y, includeBackground);
    if (yPred.channels() - fp != y.channels() - fy) {
      Voxels.checkSameShape("MeanIoU", yPred, y);
    }
    Voxels.checkSameSpatialShape("MeanIoU", yPred, y);
    int nc = yPred.channels() - fp;
    int n = yPred.voxelsPerChannel();
    double[] out = new double[nc];
    for (int k = 0; k < nc; k++) {
      int pOff = (fp + k) * n;
      int yOff = (fy + k) * n;
      double[] s =
          Voxels.blockSums(
              n,
              threads(),
              3,
              (from, to, o) -> {
                double[] pv = new double[Voxels.CHUNK];
                double[] yv = new double[Voxels.CHUNK];
                for (int st = from; st < to; st += Voxels.CHUNK) {
                  int len = Math.min(Voxels.CHUNK, to - st);
                  Voxels.read(yPred, pOff + st, len, pv);
                  Voxels.read(y, yOff + st, len, yv);
                  for (int i = 0; i < len; i++) {
                    o[0] += yv[i] * pv[i];
                    o[1] += yv[i];
                    o[2] += pv[i];
                  }
                }
              });
      double inter = s[0];
      double union = s[1] + s[2] - inter;
      if (ignoreEmpty) {
        out[k] = s[1] > 0 ? inter / union : Double.NaN;
      } else {
        out[k] = union > 0 ? inter / union : 1.0;
      }
    }
    return MetricTensor.wrap(out, nc);
  }
}
