package org.medbeam.transforms.intensity;

import java.util.Arrays;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.transforms.utility.ThreadedTransform;
import org.medbeam.transforms.utility.VoxelPredicate;

/**
 * MONAI's {@code MaskIntensity}: {@code img * select_fn(mask)} (default {@code mask > 0}); a
 * single-channel mask applies to every channel, otherwise channels must match. The mask is first
 * converted to the image's dtype, as MONAI's {@code convert_to_dst_type} does; the output keeps the
 * image's dtype (masked float voxels become {@code x * 0}, so NaN stays NaN).
 */
public final class MaskIntensity implements ThreadedTransform {
  private static final long serialVersionUID = 1L;

  private final Volume maskData;
  private final VoxelPredicate selectFn;

  public MaskIntensity(Volume maskData, VoxelPredicate selectFn) {
    this.maskData = maskData;
    this.selectFn = selectFn == null ? VoxelPredicate.IS_POSITIVE : selectFn;
  }

  public MaskIntensity(Volume maskData) {
    this(maskData, null);
  }

  @Override
  public Volume apply(Volume img, int threads) {
    return apply(img, maskData);
  }

  /** MONAI's {@code __call__(img, mask_data)}; a null mask falls back to the constructor's. */
  public Volume apply(Volume img, Volume mask) {
    Volume m = mask != null ? mask : maskData;
    if (m == null) {
      throw new IllegalArgumentException(
          "MaskIntensity: must provide the mask_data when initializing the transform or at "
              + "runtime");
    }
    if (m.channels() != 1 && m.channels() != img.channels()) {
      throw new IllegalArgumentException(
          "MaskIntensity: When mask_data is not single channel, mask_data channels must match "
              + "img, got img channels="
              + img.channels()
              + " mask_data channels="
              + m.channels());
    }
    if (!Arrays.equals(m.spatialShape(), img.spatialShape())) {
      throw new IllegalArgumentException(
          "MaskIntensity: mask spatial shape "
              + Arrays.toString(m.spatialShape())
              + " differs from image spatial shape "
              + Arrays.toString(img.spatialShape()));
    }
    DType t = img.dtype();
    Volume mc = m.astype(t);
    int n = img.voxelsPerChannel();
    int total = img.size();
    Object out = t.allocate(total);
    for (int c = 0; c < img.channels(); c++) {
      int mb = m.channels() == 1 ? 0 : c * n;
      for (int i = 0; i < n; i++) {
        boolean keep = selectFn.test(mc.getDouble(mb + i));
        int o = c * n + i;
        if (t.isFloating()) {
          Volume.store(out, t, o, img.getDouble(o) * (keep ? 1 : 0));
        } else if (keep) {
          System.arraycopy(img.array(), o, out, o, 1);
        }
      }
    }
    return img.withData(out, t, img.shape());
  }
}
