package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code BorderPadd}: {@link BorderPad} on every key, {@code mode} per key (one for all, or
 * one per key). Invertible: {@link #inverse} crops the padding off again.
 */
public final class BorderPadd extends PaddBase {
  private static final long serialVersionUID = 1L;

  /**
   * @param modes pad mode per key, or one for all (null: {@code "constant"})
   * @param value the constant of {@code mode="constant"}
   */
  public BorderPadd(KeySelection keys, int[] spatialBorder, List<String> modes, double value) {
    super(keys, new BorderPad(spatialBorder, "constant", value), modes);
  }

  public BorderPad padder() {
    return (BorderPad) padder;
  }
}
