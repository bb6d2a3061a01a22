package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code ClassesToIndices}: one C-order flat index array per class ({@link
 * LabelIndices#classesToIndices}: channels of a one-hot label, or values {@code 0..num_classes-1}
 * of a single-channel one; with an image only where {@code image > image_threshold}; optionally
 * subsampled to {@code max_samples_per_class}), to precompute for {@code RandCropByLabelClasses}.
 */
public final class ClassesToIndices implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Integer numClasses;
  private final double imageThreshold;
  private final int[] outputShape;
  private final Integer maxSamplesPerClass;

  public ClassesToIndices(
      Integer numClasses, double imageThreshold, int[] outputShape, Integer maxSamplesPerClass) {
    this.numClasses = numClasses;
    this.imageThreshold = imageThreshold;
    this.outputShape = outputShape == null ? null : outputShape.clone();
    this.maxSamplesPerClass = maxSamplesPerClass;
  }

  public List<int[]> apply(Volume label, Volume image, int threads) {
    return LabelIndices.classesToIndices(
        label, numClasses, image, imageThreshold, maxSamplesPerClass, threads);
  }

  /** Per class: flat indices, or with {@code output_shape} a list of coordinates. */
  List<Object> values(Volume label, Volume image, int threads) {
    List<Object> out = new ArrayList<>();
    for (int[] idx : apply(label, image, threads)) {
      out.add(outputShape == null ? idx : FgBgToIndices.unravel(idx, outputShape));
    }
    return out;
  }
}
