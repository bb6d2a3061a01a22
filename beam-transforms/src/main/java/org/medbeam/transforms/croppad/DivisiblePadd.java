package org.medbeam.transforms.croppad;

import java.util.List;
import org.medbeam.transforms.KeySelection;

/**
 * MONAI's {@code DivisiblePadd}: {@link DivisiblePad} on every key, {@code mode} per key (one for
 * all, or one per key). Invertible: {@link #inverse} crops the padding off again.
 */
public final class DivisiblePadd extends PaddBase {
  private static final long serialVersionUID = 1L;

  /**
   * @param modes pad mode per key, or one for all (null: {@code "constant"})
   * @param value the constant of {@code mode="constant"}
   */
  public DivisiblePadd(
      KeySelection keys, int[] k, String method, List<String> modes, double value) {
    super(keys, new DivisiblePad(k, method, "constant", value), modes);
  }

  public DivisiblePad padder() {
    return (DivisiblePad) padder;
  }
}
