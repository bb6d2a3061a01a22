package org.medbeam.transforms.post;

import java.util.Arrays;
import java.util.List;
import org.medbeam.core.Volume;

/** Checks shared by the ensembles. */
final class Ensembles {
  private Ensembles() {}

  static Volume check(String owner, List<Volume> preds) {
    if (preds == null || preds.isEmpty()) {
      throw new IllegalArgumentException(owner + ": needs at least one prediction");
    }
    Volume first = preds.get(0);
    for (Volume v : preds) {
      if (!Arrays.equals(v.shape(), first.shape())) {
        throw new IllegalArgumentException(
            owner
                + ": predictions must have one shape, got "
                + Arrays.toString(first.shape())
                + " and "
                + Arrays.toString(v.shape()));
      }
    }
    return first;
  }
}
