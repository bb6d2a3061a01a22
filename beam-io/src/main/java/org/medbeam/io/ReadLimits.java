package org.medbeam.io;

import java.io.Serializable;

/**
 * Caps a reader checks before it allocates, so a hostile or corrupt header cannot make it reserve
 * memory the file does not justify.
 */
public final class ReadLimits implements Serializable {
  private static final long serialVersionUID = 1L;

  /** 2^31 - 9 elements (one Java array) and 8 GiB decoded. */
  public static final ReadLimits DEFAULT = new ReadLimits(Integer.MAX_VALUE - 8, 8L << 30);

  private final long maxVoxels;
  private final long maxDecodedBytes;

  private ReadLimits(long maxVoxels, long maxDecodedBytes) {
    this.maxVoxels = maxVoxels;
    this.maxDecodedBytes = maxDecodedBytes;
  }

  /**
   * @param maxVoxels most elements (all channels) a volume may have
   * @param maxDecodedBytes most bytes a reader may decode (guards decompression bombs)
   */
  public static ReadLimits of(long maxVoxels, long maxDecodedBytes) {
    if (maxVoxels < 1 || maxVoxels > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxVoxels must be in [1, 2^31 - 9], got " + maxVoxels);
    }
    if (maxDecodedBytes < 1) {
      throw new IllegalArgumentException("maxDecodedBytes must be positive, got " + maxDecodedBytes);
    }
    return new ReadLimits(maxVoxels, maxDecodedBytes);
  }

  public long maxVoxels() {
    return maxVoxels;
  }

  public long maxDecodedBytes() {
    return maxDecodedBytes;
  }

  public ReadLimits withMaxVoxels(long n) {
    return of(n, maxDecodedBytes);
  }

  public ReadLimits withMaxDecodedBytes(long n) {
    return of(maxVoxels, n);
  }

  /**
   * Throws when {@code voxels} (with {@code bytesPerVoxel}) exceeds the caps; call it with the
   * header's claim before allocating.
   */
  public void check(String file, long voxels, int bytesPerVoxel, String what)
      throws ImageReadException {
    if (voxels < 0) {
      throw new ImageReadException(file, what + " gives a negative voxel count");
    }
    if (voxels > maxVoxels) {
      throw new ImageReadException(
          file, what + " claims " + voxels + " voxels, over the limit of " + maxVoxels
              + " — header corrupt, or raise the limit");
    }
    if (voxels * (long) bytesPerVoxel > maxDecodedBytes) {
      throw new ImageReadException(
          file, what + " claims " + voxels * (long) bytesPerVoxel + " bytes of voxels, over the "
              + "limit of " + maxDecodedBytes + " bytes");
    }
  }
}
