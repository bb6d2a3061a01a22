package org.medbeam.transforms.utility;

import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code CastToType}: converts the values to {@code dtype} (default float32); floats to
 * integers truncate toward zero, out-of-range values saturate ({@link Volume#astype}).
 */
public final class CastToType implements Transform {
  private static final long serialVersionUID = 1L;

  private final DType dtype;

  public CastToType(DType dtype) {
    this.dtype = dtype == null ? DType.FLOAT32 : dtype;
  }

  public CastToType() {
    this(DType.FLOAT32);
  }

  @Override
  public Volume apply(Volume img) {
    return img.astype(dtype);
  }

  @Override
  public String toString() {
    return "CastToType(dtype=" + dtype.numpyName() + ")";
  }
}
