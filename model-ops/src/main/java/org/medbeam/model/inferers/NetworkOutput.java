package org.medbeam.model.inferers;

import java.nio.FloatBuffer;

/**
 * The outputs of one {@link Network#forward} call: one or more float32 tensors in C order, each
 * {@code (B, C', ...)}, valid until {@link #close()} (which frees any native memory).
 */
public interface NetworkOutput extends AutoCloseable {
  /** Number of outputs (a model returning a tuple has several). */
  int size();

  /** Shape of output {@code i}, batch first. */
  int[] shape(int i);

  /** Values of output {@code i}, C order, index 0 = first element (absolute gets). */
  FloatBuffer data(int i);

  @Override
  void close();

  /** Outputs held in Java arrays (tests, pure-Java networks). */
  static NetworkOutput of(float[][] data, int[][] shapes) {
    if (data.length != shapes.length) {
      throw new IllegalArgumentException(data.length + " outputs but " + shapes.length
          + " shapes");
    }
    return new NetworkOutput() {
      @Override
      public int size() {
        return data.length;
      }

      @Override
      public int[] shape(int i) {
        return shapes[i].clone();
      }

      @Override
      public FloatBuffer data(int i) {
        return FloatBuffer.wrap(data[i]);
      }

      @Override
      public void close() {}
    };
  }
}
