package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code SpatialPadd}: {@link SpatialPad} on every key, {@code mode} per key (one for all,
 * or one per key). Invertible: {@link #inverse} crops the padding off again.
 */
public final class SpatialPadd extends PaddBase {
  private static final long serialVersionUID = 1L;

  /**
   * @param modes pad mode per key, or one for all (null: {@code "constant"})
   * @param value the constant of {@code mode="constant"}
   */
  public SpatialPadd(
      KeySelection keys, int[] spatialSize, String method, List<String> modes, double value) {
    super(keys, new SpatialPad(spatialSize, method, "constant", value), modes);
  }

  public SpatialPad padder() {
    return (SpatialPad) padder;
  }
}
