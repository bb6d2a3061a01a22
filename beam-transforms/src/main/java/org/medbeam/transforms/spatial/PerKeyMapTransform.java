package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medbeam.transforms.KeySelection;

/**
 * A dictionary transform holding one array transform per key (each with that key's mode and
 * padding): the plan of key {@code i} is {@code perKey[i].plan(geometry, draw)}.
 */
abstract class PerKeyMapTransform<T extends LazySpatialTransform> extends SpatialMapTransform {
  private static final long serialVersionUID = 1L;

  final List<T> perKey;
  private final String recordedClass;

  PerKeyMapTransform(KeySelection keys, List<T> perKey, String recordedClass) {
    super(keys);
    if (perKey.size() != keys.keys().size()) {
      throw new IllegalArgumentException("one transform per key expected");
    }
    this.perKey = Collections.unmodifiableList(new ArrayList<>(perKey));
    this.recordedClass = recordedClass;
  }

  static <T> List<T> same(KeySelection keys, T t) {
    return Collections.nCopies(keys.keys().size(), t);
  }

  /** The array transform applied to the key at {@code index}. */
  public T transformFor(int index) {
    return perKey.get(index);
  }

  @Override
  String recordedClass() {
    return recordedClass;
  }

  @Override
  public SpatialPlan plan(int keyIndex, Geometry geometry, Object draw) {
    return perKey.get(keyIndex).plan(geometry, draw);
  }
}
