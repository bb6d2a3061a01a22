package org.medbeam.model.inferers;

import java.nio.ByteBuffer;

/**
 * The predictor an {@link Inferer} calls: one forward pass over a batch of windows. {@link
 * DjlNetwork} runs a DJL model; tests may implement it in plain Java.
 */
@FunctionalInterface
public interface Network {
  /**
   * Runs one batch.
   *
   * @param batch float32 values in native byte order, C order (last axis fastest), shape {@code
   *     shape}; position 0, limit = element count × 4. Reused for the next batch: valid only
   *     during this call
   * @param shape MONAI's layout {@code (B, C, H, W[, D])}, i.e. medbeam's {@code (B, C, X, Y[,
   *     Z])} with the last axis fastest
   * @return the outputs; the caller closes them when it has read them
   */
  NetworkOutput forward(ByteBuffer batch, int[] shape);
}
