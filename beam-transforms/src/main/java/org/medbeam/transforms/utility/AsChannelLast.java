package org.medbeam.transforms.utility;

import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * MONAI's {@code AsChannelLast}: moves array axis {@code channel_dim} (default 0, the channel) to
 * the end, e.g. {@code (C, X, Y, Z) -> (X, Y, Z, C)}, for consumers that want channel-last arrays.
 * The result is a volume whose shape is that array's (its first axis is no longer a channel);
 * affine and metadata are unchanged, as in MONAI.
 */
public final class AsChannelLast implements Transform {
  private static final long serialVersionUID = 1L;

  private final int channelDim;

  public AsChannelLast(int channelDim) {
    if (channelDim < -1) {
      throw new IllegalArgumentException(
          "AsChannelLast: invalid channel dimension (" + channelDim + "); accepted: >= -1");
    }
    this.channelDim = channelDim;
  }

  public AsChannelLast() {
    this(0);
  }

  @Override
  public Volume apply(Volume img) {
    int n = img.shape().length;
    int axis = channelDim < 0 ? n + channelDim : channelDim;
    if (axis >= n) {
      throw new IllegalArgumentException(
          "AsChannelLast: channel_dim "
              + channelDim
              + " is out of range for shape of "
              + n
              + " dimensions");
    }
    int[] perm = new int[n];
    for (int i = 0, p = 0; i < n; i++) {
      if (i != axis) {
        perm[p++] = i;
      }
    }
    perm[n - 1] = axis;
    return Axes.transpose(img, perm);
  }
}
