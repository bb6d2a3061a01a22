package org.medbeam.model.networks.layers;

import ai.djl.nn.Block;

/**
 * MONAI's {@code Dropout} factory with {@code get_dropout_layer} semantics: a number is the drop
 * probability of {@code "dropout"}; {@code ("dropout", {"p": 0.2})} is {@code torch.nn.Dropout} for
 * {@code dropout_dim = 1} (elementwise) and {@code Dropout2d/3d} (whole channels) for 2 and 3.
 * {@code alphadropout} is not supported.
 */
public final class Dropout {
  private Dropout() {}

  /**
   * @param spec a {@link Number} (probability), a {@link LayerSpec}, a string or a config pair
   * @param dropoutDim 1, 2 or 3
   */
  public static Block create(Object spec, int dropoutDim) {
    if (dropoutDim < 1 || dropoutDim > 3) {
      throw new IllegalArgumentException("dropout_dim must be 1, 2 or 3, got " + dropoutDim);
    }
    if (spec instanceof Number) {
      return new DropoutNd(((Number) spec).doubleValue(), dropoutDim > 1);
    }
    LayerSpec s = LayerSpec.parse(spec);
    if (s.name().isEmpty()) {
      return new Identity();
    }
    if (!s.name().equals("dropout")) {
      throw new IllegalArgumentException(
          "Dropout factory: unknown dropout '" + s.name() + "'; available: dropout");
    }
    s.checkOnly("Dropout", "p", "inplace");
    return new DropoutNd(s.getDouble("p", 0.5), dropoutDim > 1);
  }
}
