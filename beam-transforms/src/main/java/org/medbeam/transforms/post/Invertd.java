package org.medbeam.transforms.post;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code Invertd}: undoes, on the volumes under {@code keys} (predictions), every
 * spatial and crop/pad operation recorded on the volume under the matching {@code orig_keys}
 * (the preprocessed image), last first — so a prediction made on the resampled, reoriented,
 * cropped image lands back on the original image's grid (shape and affine).
 *
 * <p>The operations come from the image's applied-operations stack rather than from a {@code
 * transform} argument: that stack is exactly what the preprocessing did to this sample,
 * including the outcome of random draws. With {@code nearest_interp} (MONAI's default, true)
 * every resampling inverse uses nearest-neighbour interpolation, which keeps label values
 * discrete; set it false to invert probabilities with each operation's own mode. The inverted
 * volume keeps the prediction's values and dtype policy of each inverse and ends with an empty
 * applied-operations stack.
 */
public final class Invertd implements MapTransform {
  private static final long serialVersionUID = 1L;

  private final KeySelection keys;
  private final List<String> origKeys;
  private final boolean nearestInterp;

  /**
   * @param keys the volumes to invert (e.g. {@code "pred"})
   * @param origKeys per key, the volume whose operations to undo (one for all, or one per key)
   */
  public Invertd(KeySelection keys, List<String> origKeys, boolean nearestInterp) {
    this.keys = keys;
    this.origKeys = keys.broadcast("orig_keys", origKeys);
    this.nearestInterp = nearestInterp;
  }

  public Invertd(String key, String origKey) {
    this(KeySelection.of(key), List.of(origKey), true);
  }

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    Sample out = sample;
    for (KeySelection.Present k : keys.present(sample)) {
      Volume orig = sample.volume(origKeys.get(k.index));
      Volume v = sample.volume(k.key);
      List<AppliedOperation> ops = new ArrayList<>(orig.appliedOperations());
      for (int i = ops.size() - 1; i >= 0; i--) {
        v = Inversion.undo(v.withAppliedOperations(ops.subList(0, i)), ops.get(i),
            nearestInterp ? "nearest" : null);
      }
      out = out.with(k.key, v.withAppliedOperations(List.of()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "Invertd(" + keys + ", orig_keys=" + origKeys + ", nearest_interp=" + nearestInterp + ")";
  }
}
