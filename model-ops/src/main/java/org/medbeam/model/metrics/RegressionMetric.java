package org.medbeam.model.metrics;

import org.medbeam.core.Volume;

/**
 * MONAI's {@code RegressionMetric} base: one value per case ({@code (1)}), the mean over channels
 * and voxels of an error function of {@code y - y_pred}; real-valued inputs of identical shape
 * {@code (C, X[, Y[, Z]])}.
 */
public abstract class RegressionMetric extends CumulativeIterationMetric {
  RegressionMetric(MetricReduction reduction, boolean getNotNans, int threads) {
    super(reduction, getNotNans, threads);
  }

  /** The error of one voxel difference {@code d = y - y_pred}. */
  abstract double error(double d);

  /** The case value from the mean error. */
  double finish(double meanError) {
    return meanError;
  }

  @Override
  public MetricTensor computeCase(Volume yPred, Volume y) {
    Voxels.checkSameShape(name(), yPred, y);
    int n = yPred.size();
    double[] s =
        Voxels.blockSums(
            n,
            threads(),
            1,
            (from, to, o) -> {
              double[] pv = new double[Voxels.CHUNK];
              double[] yv = new double[Voxels.CHUNK];
              for (int st = from; st < to; st += Voxels.CHUNK) {
                int len = Math.min(Voxels.CHUNK, to - st);
                Voxels.read(yPred, st, len, pv);
                Voxels.read(y, st, len, yv);
                for (int i = 0; i < len; i++) {
                  o[0] += error(yv[i] - pv[i]);
                }
              }
            });
    return MetricTensor.wrap(new double[] {finish(s[0] / n)}, 1);
  }
}
