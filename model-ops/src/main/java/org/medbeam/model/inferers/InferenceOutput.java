package org.medbeam.model.inferers;

import java.util.Arrays;
import org.medbeam.core.Volume;

/**
 * One output of a network for one input: a {@link Volume} (spatial output, medbeam layout {@code
 * (C', X', Y'[, Z'])}) or a plain array (e.g. class probabilities, shape without the batch axis).
 */
public final class InferenceOutput {
  private final Volume volume;
  private final float[] values;
  private final int[] shape;

  private InferenceOutput(Volume volume, float[] values, int[] shape) {
    this.volume = volume;
    this.values = values;
    this.shape = shape;
  }

  public static InferenceOutput of(Volume volume) {
    return new InferenceOutput(volume, null, volume.shape());
  }

  /** An array output; {@code values} is handed over, C order, {@code shape} without batch. */
  public static InferenceOutput ofArray(float[] values, int[] shape) {
    if (Volume.elementCount(shape) != values.length) {
      throw new IllegalArgumentException(
          "shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
    }
    return new InferenceOutput(null, values, shape.clone());
  }

  public boolean isVolume() {
    return volume != null;
  }

  /** The volume; an error for an array output. */
  public Volume volume() {
    if (volume == null) {
      throw new IllegalStateException(
          "output of shape " + Arrays.toString(shape) + " is not spatial: use values()");
    }
    return volume;
  }

  /** The values in C order (for a volume: its float storage, medbeam layout); not a copy. */
  public float[] values() {
    return volume != null ? volume.asFloat32().floats() : values;
  }

  /** Shape without the batch axis ({@code (C', X', ...)} for a volume). */
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return isVolume() ? volume.toString() : "InferenceOutput" + Arrays.toString(shape);
  }
}
