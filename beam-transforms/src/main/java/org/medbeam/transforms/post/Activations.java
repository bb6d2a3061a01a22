package org.medbeam.transforms.post;

import java.util.Locale;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code Activations}: optional {@code sigmoid}, optional {@code softmax} over the channel
 * axis, then an optional {@code other} function, computed in float32; the result is converted back
 * to the input's dtype as MONAI's {@code convert_to_dst_type} does. In configs {@code other} names
 * a function: {@code tanh}, {@code relu}, {@code sigmoid}, {@code exp}, {@code abs}, {@code
 * softplus}, {@code neg}.
 */
public final class Activations implements Transform {
  private static final long serialVersionUID = 1L;

  private final boolean sigmoid;
  private final boolean softmax;
  private final VoxelFunction other;

  /** A float32 function of one value, MONAI's {@code other} callable. */
  @FunctionalInterface
  public interface VoxelFunction extends java.io.Serializable {
    float apply(float v);
  }

  public Activations(boolean sigmoid, boolean softmax, VoxelFunction other) {
    if (sigmoid && softmax) {
      throw new IllegalArgumentException(
          "Activations: Incompatible values: sigmoid=True and softmax=True");
    }
    this.sigmoid = sigmoid;
    this.softmax = softmax;
    this.other = other;
  }

  /** The named functions a config may give as {@code other}. */
  public static VoxelFunction named(String name) {
    switch (name.toLowerCase(Locale.ROOT).replace("torch.", "")) {
      case "tanh":
        return v -> (float) Math.tanh(v);
      case "relu":
        return v -> v > 0 ? v : (Float.isNaN(v) ? v : 0f);
      case "sigmoid":
        return Activations::sigmoid;
      case "exp":
        return v -> (float) Math.exp(v);
      case "abs":
        return Math::abs;
      case "softplus":
        return v -> v > 20f ? v : (float) Math.log1p(Math.exp(v));
      case "neg":
        return v -> -v;
      default:
        throw new IllegalArgumentException(
            "Activations: other is \""
                + name
                + "\"; accepted: tanh, relu, sigmoid, exp, abs, "
                + "softplus, neg");
    }
  }

  static float sigmoid(float v) {
    return (float) (1.0 / (1.0 + Math.exp(-(double) v)));
  }

  @Override
  public Volume apply(Volume img) {
    float[] x = img.toFloatArray();
    if (sigmoid) {
      for (int i = 0; i < x.length; i++) {
        x[i] = sigmoid(x[i]);
      }
    }
    if (softmax) {
      int n = img.voxelsPerChannel();
      int c = img.channels();
      for (int i = 0; i < n; i++) {
        float max = Float.NEGATIVE_INFINITY;
        for (int ch = 0; ch < c; ch++) {
          max = Math.max(max, x[ch * n + i]);
        }
        double sum = 0;
        for (int ch = 0; ch < c; ch++) {
          float e = (float) Math.exp(x[ch * n + i] - max);
          x[ch * n + i] = e;
          sum += e;
        }
        float s = (float) sum;
        for (int ch = 0; ch < c; ch++) {
          x[ch * n + i] = x[ch * n + i] / s;
        }
      }
    }
    if (other != null) {
      for (int i = 0; i < x.length; i++) {
        x[i] = other.apply(x[i]);
      }
    }
    Volume f = img.withData(x, org.medbeam.core.DType.FLOAT32, img.shape());
    return f.astype(img.dtype());
  }

  @Override
  public String toString() {
    return "Activations(sigmoid="
        + sigmoid
        + ", softmax="
        + softmax
        + ", other="
        + (other != null)
        + ")";
  }
}
