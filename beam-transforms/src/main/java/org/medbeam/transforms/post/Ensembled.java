package org.medbeam.transforms.post;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code Ensembled}: the predictions under {@code keys} combined into {@code output_key}
 * (default the single key; required with several keys).
 */
abstract class Ensembled implements MapTransform {
  private static final long serialVersionUID = 1L;

  final KeySelection keys;
  final String outputKey;

  Ensembled(KeySelection keys, String outputKey) {
    if (keys == null) {
      throw new IllegalArgumentException(getClass().getSimpleName() + ": keys must be given");
    }
    if (keys.keys().size() > 1 && outputKey == null) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ": Incompatible values: len(keys) > 1 and output_key=None");
    }
    this.keys = keys;
    this.outputKey = outputKey != null ? outputKey : keys.keys().get(0);
  }

  abstract Volume ensemble(List<Volume> preds);

  @Override
  public Sample apply(Sample sample, TransformContext context) {
    List<Volume> items = new ArrayList<>();
    for (KeySelection.Present p : keys.present(sample)) {
      items.add(sample.volume(p.key));
    }
    if (items.isEmpty()) {
      return sample;
    }
    return sample.with(outputKey, ensemble(items));
  }
}
