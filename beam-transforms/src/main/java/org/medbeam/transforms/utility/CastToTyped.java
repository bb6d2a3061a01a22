package org.medbeam.transforms.utility;

import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;

/** MONAI's {@code CastToTyped}: {@link CastToType} per key, {@code dtype} one or one per key. */
public final class CastToTyped extends KeyedTransform {
  private static final long serialVersionUID = 1L;

  private final List<DType> dtypes;

  public CastToTyped(KeySelection keys, List<DType> dtypes) {
    super(keys);
    this.dtypes = List.copyOf(perKey("dtype", dtypes == null ? List.of(DType.FLOAT32) : dtypes));
  }

  @Override
  protected Volume applyKey(Volume img, int keyIndex, int threads) {
    return img.astype(dtypes.get(keyIndex));
  }
}
