package org.medbeam.transforms.utility;

import java.util.ArrayList;
import java.util.List;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code DataStatsd}: {@link DataStats} per key; {@code prefix} one or one per key. */
public final class DataStatsd extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  private final List<DataStats> stats;

  public DataStatsd(
      KeySelection keys,
      List<String> prefix,
      boolean dataType,
      boolean dataShape,
      boolean valueRange,
      boolean dataValue,
      boolean metaInfo,
      String name) {
    super(keys);
    List<String> p = perKey("prefix", prefix == null ? List.of("Data") : prefix);
    this.stats = new ArrayList<>();
    for (String s : p) {
      stats.add(new DataStats(s, dataType, dataShape, valueRange, dataValue, metaInfo, null, name));
    }
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return stats.get(keyIndex).apply(img);
  }
}
