package org.medbeam.transforms.post;

import java.util.List;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code VoteEnsemble}: majority vote of {@code E} discrete predictions. Without {@code
 * num_classes} (one-hot inputs): the per-channel mean rounded half to even. With {@code
 * num_classes}: single-channel class maps are one-hot encoded first; the means are then reduced to
 * the class of the largest mean (ties: the lower class), one channel. Output in the first
 * prediction's dtype.
 */
public final class VoteEnsemble implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Integer numClasses;

  public VoteEnsemble(Integer numClasses) {
    if (numClasses != null && numClasses < 1) {
      throw new IllegalArgumentException(
          "VoteEnsemble: num_classes must be >= 1, got " + numClasses);
    }
    this.numClasses = numClasses;
  }

  public VoteEnsemble() {
    this(null);
  }

  public Volume apply(List<Volume> preds) {
    Volume first = Ensembles.check("VoteEnsemble", preds);
    int e = preds.size();
    int n = first.voxelsPerChannel();
    int c = first.channels();
    if (numClasses != null && c > 1) {
      // one-hot input with num_classes: MONAI averages, then takes the argmax over channels
      float[] mean = new float[first.size()];
      for (Volume p : preds) {
        float[] x = p.toFloatArray();
        for (int i = 0; i < x.length; i++) {
          mean[i] += x[i];
        }
      }
      Object out = first.dtype().allocate(n);
      for (int i = 0; i < n; i++) {
        int best = 0;
        float bv = mean[i] / e;
        for (int ch = 1; ch < c; ch++) {
          float m = mean[ch * n + i] / e;
          if (m > bv) {
            best = ch;
            bv = m;
          }
        }
        Volume.store(out, first.dtype(), i, best);
      }
      int[] shape = first.shape();
      shape[0] = 1;
      return first.withData(out, first.dtype(), shape);
    }
    if (numClasses == null) {
      float[] mean = new float[first.size()];
      for (Volume p : preds) {
        float[] x = p.toFloatArray();
        for (int i = 0; i < x.length; i++) {
          mean[i] += x[i];
        }
      }
      for (int i = 0; i < mean.length; i++) {
        mean[i] = (float) Math.rint(mean[i] / e);
      }
      return first
          .withData(mean, org.medbeam.core.DType.FLOAT32, first.shape())
          .astype(first.dtype());
    }
    int k = numClasses;
    float[] votes = new float[k * n];
    for (Volume p : preds) {
      for (int i = 0; i < n; i++) {
        double v = p.getDouble(i);
        long cls = (long) v;
        if (Double.isNaN(v) || cls < 0 || cls >= k) {
          throw new IllegalArgumentException(
              "VoteEnsemble: label value " + v + " is not a class index in [0, " + k + ")");
        }
        votes[(int) cls * n + i] += 1f;
      }
    }
    Object out = first.dtype().allocate(n);
    for (int i = 0; i < n; i++) {
      int best = 0;
      float bv = votes[i] / e;
      for (int cls = 1; cls < k; cls++) {
        float m = votes[cls * n + i] / e;
        if (m > bv) {
          best = cls;
          bv = m;
        }
      }
      Volume.store(out, first.dtype(), i, best);
    }
    return first.withData(out, first.dtype(), first.shape());
  }
}
