package org.medbeam.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a volume's applied-operations stack (MONAI's {@code applied_operations} with its
 * {@code TraceKeys}): which transform ran, the spatial size before it, and whatever the transform
 * needs to undo itself.
 */
public final class AppliedOperation {
  private final String className;
  private final int[] origSize;
  private final Metadata extraInfo;
  private final boolean doTransform;

  private AppliedOperation(
      String className, int[] origSize, Metadata extraInfo, boolean doTransform) {
    this.className = Objects.requireNonNull(className, "className");
    this.origSize = origSize.clone();
    this.extraInfo = Objects.requireNonNull(extraInfo, "extraInfo");
    this.doTransform = doTransform;
  }

  /**
   * @param className MONAI's class name of the transform, e.g. {@code "Spacing"}
   * @param origSize the spatial shape before the transform
   * @param extraInfo what the inverse needs (matrices, pads, flips)
   * @param doTransform false when a random transform decided not to act
   */
  public static AppliedOperation of(
      String className, int[] origSize, Metadata extraInfo, boolean doTransform) {
    return new AppliedOperation(className, origSize, extraInfo, doTransform);
  }

  public static AppliedOperation of(String className, int[] origSize, Metadata extraInfo) {
    return of(className, origSize, extraInfo, true);
  }

  public String className() {
    return className;
  }

  public int[] origSize() {
    return origSize.clone();
  }

  public Metadata extraInfo() {
    return extraInfo;
  }

  public boolean doTransform() {
    return doTransform;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof AppliedOperation)) {
      return false;
    }
    AppliedOperation a = (AppliedOperation) o;
    return className.equals(a.className)
        && Arrays.equals(origSize, a.origSize)
        && extraInfo.equals(a.extraInfo)
        && doTransform == a.doTransform;
  }

  @Override
  public int hashCode() {
    return Objects.hash(className, Arrays.hashCode(origSize), extraInfo, doTransform);
  }

  @Override
  public String toString() {
    return className + "(orig_size=" + Arrays.toString(origSize) + ", extra_info=" + extraInfo
        + (doTransform ? "" : ", do_transforms=false") + ")";
  }
}
