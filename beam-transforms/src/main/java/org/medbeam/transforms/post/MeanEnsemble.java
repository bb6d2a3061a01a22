package org.medbeam.transforms.post;

import java.util.Arrays;
import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code MeanEnsemble}: the mean of {@code E} predictions of the same shape {@code (C, X[,
 * Y[, Z]])}, optionally weighted: {@code weights} per prediction ({@code E} values) or per
 * prediction and channel ({@code E x C}); each prediction is multiplied by its weight divided by
 * the mean weight (of its channel). Float32 arithmetic; output in the first prediction's dtype.
 */
public final class MeanEnsemble implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final double[][] weights;

  /**
   * @param weights null, {@code {w_e}} rows of one value, or {@code E x C}
   */
  public MeanEnsemble(double[][] weights) {
    if (weights != null) {
      int len = weights[0].length;
      for (double[] w : weights) {
        if (w.length != len) {
          throw new IllegalArgumentException(
              "MeanEnsemble: weights must be a rectangular E x C table, got "
                  + Arrays.deepToString(weights));
        }
      }
    }
    this.weights = weights == null ? null : deepCopy(weights);
  }

  public MeanEnsemble() {
    this(null);
  }

  private static double[][] deepCopy(double[][] w) {
    double[][] c = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      c[i] = w[i].clone();
    }
    return c;
  }

  public Volume apply(List<Volume> preds) {
    Volume first = Ensembles.check("MeanEnsemble", preds);
    int e = preds.size();
    int size = first.size();
    int n = first.voxelsPerChannel();
    int c = first.channels();
    float[][] w = null;
    float[] mean = null;
    if (weights != null) {
      if (weights.length != e) {
        throw new IllegalArgumentException(
            "MeanEnsemble: " + weights.length + " weights for " + e + " predictions");
      }
      int wc = weights[0].length;
      if (wc != 1 && wc != c) {
        throw new IllegalArgumentException(
            "MeanEnsemble: weights have "
                + wc
                + " columns for predictions with "
                + c
                + " channels");
      }
      w = new float[e][c];
      mean = new float[c];
      for (int ch = 0; ch < c; ch++) {
        double s = 0;
        for (int k = 0; k < e; k++) {
          w[k][ch] = (float) weights[k][wc == 1 ? 0 : ch];
          s += w[k][ch];
        }
        mean[ch] = (float) (s / e);
      }
    }
    float[] out = new float[size];
    for (int k = 0; k < e; k++) {
      float[] x = preds.get(k).toFloatArray();
      for (int ch = 0; ch < c; ch++) {
        for (int i = ch * n; i < (ch + 1) * n; i++) {
          out[i] += w == null ? x[i] : x[i] * w[k][ch] / mean[ch];
        }
      }
    }
    for (int i = 0; i < size; i++) {
      out[i] = out[i] / e;
    }
    Volume v = first.withData(out, DType.FLOAT32, first.shape());
    return v.astype(first.dtype());
  }
}
