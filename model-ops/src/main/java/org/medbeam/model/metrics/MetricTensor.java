package org.medbeam.model.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A small immutable n-dimensional array of metric values, row-major (last index fastest): what a
 * MONAI metric returns as a {@code torch.Tensor}. A per-case buffer is {@code (B, C)} ({@code (B,
 * C, 4)} for confusion matrices); a reduced value is 0-d ({@code shape = []}), {@code (C)} or
 * {@code (B)}. Values are doubles; NaN marks a value MONAI leaves undefined (e.g. an empty ground
 * truth with {@code ignore_empty}).
 */
public final class MetricTensor implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] shape;
  private final double[] data;

  private MetricTensor(double[] data, int[] shape) {
    this.shape = shape;
    this.data = data;
  }

  /** Wraps a copy of {@code data} with the given row-major shape. */
  public static MetricTensor of(double[] data, int... shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " holds " + n + " values, got " + data.length);
    }
    return new MetricTensor(data.clone(), shape.clone());
  }

  static MetricTensor wrap(double[] data, int... shape) {
    return new MetricTensor(data, shape);
  }

  /** A 0-d tensor. */
  public static MetricTensor scalar(double value) {
    return new MetricTensor(new double[] {value}, new int[0]);
  }

  public int[] shape() {
    return shape.clone();
  }

  public int shape(int axis) {
    return shape[axis];
  }

  public int rank() {
    return shape.length;
  }

  public int size() {
    return data.length;
  }

  /** The value at a row-major index tuple (as many indices as the rank). */
  public double get(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          "tensor of shape "
              + Arrays.toString(shape)
              + " needs "
              + shape.length
              + " indices, got "
              + index.length);
    }
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException(
            "index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
      }
      flat = flat * shape[i] + index[i];
    }
    return data[flat];
  }

  /** The value at a flat row-major position. */
  public double getFlat(int i) {
    return data[i];
  }

  /** The single value of a one-element tensor (MONAI's {@code .item()}). */
  public double item() {
    if (data.length != 1) {
      throw new IllegalStateException(
          "item() needs a one-element tensor, this one has shape " + Arrays.toString(shape));
    }
    return data[0];
  }

  /** A copy of the values, row-major. */
  public double[] toArray() {
    return data.clone();
  }

  /** Row {@code b} of a 2-d tensor, a copy. */
  public double[] row(int b) {
    if (shape.length != 2) {
      throw new IllegalStateException(
          "row() needs a 2-d tensor, shape is " + Arrays.toString(shape));
    }
    return Arrays.copyOfRange(data, b * shape[1], (b + 1) * shape[1]);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MetricTensor)) {
      return false;
    }
    MetricTensor t = (MetricTensor) o;
    return Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "MetricTensor(shape=" + Arrays.toString(shape) + ", " + Arrays.toString(data) + ")";
  }
}
