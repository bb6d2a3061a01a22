package org.medbeam.transforms;

/**
 * Marks a transform whose output depends on random draws (MONAI's {@code
 * monai.transforms.RandomizableTrait}): every array-level {@link RandomizableTransform} and every
 * dictionary transform that draws from {@link TransformContext#random}. Caching datasets run a
 * chain up to its first random transform once and the rest every epoch ({@link
 * Compose#getIndexOfFirst}, {@link #isRandom}); a transform that draws without carrying this mark
 * would be frozen into the cache.
 */
public interface RandomizableTrait {
  /** True when {@code transform} is random: it carries the mark, or is a Compose holding one. */
  static boolean isRandom(Object transform) {
    if (transform instanceof RandomizableTrait) {
      return true;
    }
    if (transform instanceof Compose) {
      for (Object t : ((Compose) transform).transforms()) {
        if (isRandom(t)) {
          return true;
        }
      }
    }
    return false;
  }
}
