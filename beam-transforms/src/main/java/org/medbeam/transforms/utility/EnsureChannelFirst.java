package org.medbeam.transforms.utility;

import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MONAI's {@code EnsureChannelFirst} for medbeam volumes, which readers already build channel
 * first. The transform checks that the channel's origin is known ({@code strict_check}: the
 * metadata's {@code original_channel_dim} or the {@code channel_dim} argument; otherwise an error,
 * or a warning and the volume unchanged) and records it in {@code original_channel_dim}.
 *
 * <p>An explicit integer {@code channel_dim} on a single-channel volume treats the spatial axes as
 * the source array, as MONAI sees a plain array: that axis (negative from the end) becomes the
 * channel axis, so a {@code (1, X, Y, 3)} volume with {@code channel_dim=-1} becomes {@code (3, X,
 * Y)}. {@code "no_channel"}, or a multi-channel volume with {@code channel_dim=0}, is left as is.
 * The affine is not changed, as in MONAI.
 */
public final class EnsureChannelFirst implements Transform {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(EnsureChannelFirst.class);

  private final boolean strictCheck;
  private final Object channelDim;

  /**
   * @param channelDim null, {@code "no_channel"}, or an Integer axis of the source array
   */
  public EnsureChannelFirst(boolean strictCheck, Object channelDim) {
    if (channelDim != null
        && !(channelDim instanceof Integer)
        && !"no_channel".equals(channelDim)) {
      throw new IllegalArgumentException(
          "EnsureChannelFirst: channel_dim must be null, an integer or \"no_channel\", got "
              + channelDim);
    }
    this.strictCheck = strictCheck;
    this.channelDim = channelDim;
  }

  public EnsureChannelFirst() {
    this(true, null);
  }

  @Override
  public Volume apply(Volume img) {
    Object meta = img.meta().get(Metadata.ORIGINAL_CHANNEL_DIM);
    Object dim = channelDim != null ? channelDim : meta;
    if (dim == null) {
      String msg =
          "EnsureChannelFirst: Unknown original_channel_dim in the volume's metadata or "
              + "channel_dim; give channel_dim (\"no_channel\" or an axis)";
      if (strictCheck) {
        throw new IllegalArgumentException(msg);
      }
      LOG.warn(msg);
      return img;
    }
    if (isNoChannel(dim)) {
      return img.withMeta(Metadata.ORIGINAL_CHANNEL_DIM, "no_channel");
    }
    int k = ((Number) dim).intValue();
    if (channelDim == null) {
      // recorded by the reader, which already put that axis first
      return img.withMeta(Metadata.ORIGINAL_CHANNEL_DIM, k);
    }
    if (img.channels() > 1) {
      if (k != 0) {
        throw new IllegalArgumentException(
            "EnsureChannelFirst: the volume already has "
                + img.channels()
                + " channels first; "
                + "channel_dim="
                + k
                + " would move a spatial axis (only 0 is accepted here)");
      }
      return img.withMeta(Metadata.ORIGINAL_CHANNEL_DIM, 0);
    }
    int[] spatial = img.spatialShape();
    int r = spatial.length;
    int axis = k < 0 ? k + r : k;
    if (axis < 0 || axis >= r) {
      throw new IllegalArgumentException(
          "EnsureChannelFirst: channel_dim "
              + k
              + " is out of range for a source array of "
              + r
              + " dimensions");
    }
    if (r < 2) {
      throw new IllegalArgumentException(
          "EnsureChannelFirst: moving axis " + k + " of a 1-D array leaves no spatial axis");
    }
    Volume source = Axes.reshape(img, spatial);
    int[] perm = new int[r];
    perm[0] = axis;
    for (int i = 0, p = 1; i < r; i++) {
      if (i != axis) {
        perm[p++] = i;
      }
    }
    return Axes.transpose(source, perm).withMeta(Metadata.ORIGINAL_CHANNEL_DIM, k);
  }

  static boolean isNoChannel(Object dim) {
    return "no_channel".equals(dim)
        || (dim instanceof Double && ((Double) dim).isNaN())
        || (dim instanceof Float && ((Float) dim).isNaN());
  }

  @Override
  public String toString() {
    return "EnsureChannelFirst(strict_check=" + strictCheck + ", channel_dim=" + channelDim + ")";
  }
}
