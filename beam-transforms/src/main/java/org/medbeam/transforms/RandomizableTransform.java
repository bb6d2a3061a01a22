package org.medbeam.transforms;

import java.io.Serializable;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;

/**
 * An array-level random transform with MONAI's split between drawing and applying: {@link
 * #randomize} draws the parameters (in MONAI's draw order, so a seeded {@link RandomState} gives
 * MONAI's draws), {@link #apply(Volume, Object)} applies them. The same draw can be applied to an
 * image and its label, and can be recorded for inversion.
 *
 * @param <D> the drawn parameters; immutable
 */
public interface RandomizableTransform<D> extends Serializable, RandomizableTrait {
  /**
   * Draws this transform's parameters for one application. {@code img} is consulted only for its
   * shape (and, for label-driven crops, its values).
   */
  D randomize(RandomState random, Volume img);

  /** Applies drawn parameters. */
  Volume apply(Volume img, D draw);

  /** Draws, then applies. */
  default Volume apply(Volume img, RandomState random) {
    return apply(img, randomize(random, img));
  }
}
