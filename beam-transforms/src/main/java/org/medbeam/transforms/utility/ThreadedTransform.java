package org.medbeam.transforms.utility;

import org.medbeam.core.Parallel;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Transform;

/**
 * An array transform whose kernel runs slab-parallel: {@link #apply(Volume, int)} takes the
 * intra-op thread count explicitly (dictionary forms pass {@code TransformContext.threads()});
 * {@link #apply(Volume)} uses {@link Parallel#defaultThreads()}. Results do not depend on the
 * thread count.
 */
public interface ThreadedTransform extends Transform {
  Volume apply(Volume img, int threads);

  @Override
  default Volume apply(Volume img) {
    return apply(img, Parallel.defaultThreads());
  }
}
