package org.medbeam.transforms.post;

import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.utility.KeyedTransform;

/** The dictionary shell of a post transform: one array transform per key. */
abstract class Postd extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  private final Transform[] perKey;

  Postd(KeySelection keys, Transform... perKey) {
    super(keys);
    this.perKey = perKey.clone();
    if (perKey.length != 1 && perKey.length != keys.keys().size()) {
      throw new IllegalArgumentException(
          getClass().getSimpleName()
              + ": "
              + perKey.length
              + " settings for "
              + keys.keys().size()
              + " keys; give one, or one per key");
    }
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return perKey[perKey.length == 1 ? 0 : keyIndex].apply(img);
  }
}
