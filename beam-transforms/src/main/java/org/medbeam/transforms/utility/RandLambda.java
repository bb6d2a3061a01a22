package org.medbeam.transforms.utility;

import java.io.Serializable;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandLambda}: with probability {@code prob} ({@code rand() < prob}) applies a
 * function that may itself draw from the transform's generator, recording {@code RandLambda} (with
 * {@code do_transforms} false when skipped).
 */
public final class RandLambda implements RandomizableTransform<RandomState> {
  private static final long serialVersionUID = 1L;

  /** The user function: the volume and the generator to draw from. */
  @FunctionalInterface
  public interface Func extends Serializable {
    Volume apply(Volume img, RandomState random);
  }

  private final Func func;
  private final double prob;

  public RandLambda(Func func, double prob) {
    if (func == null) {
      throw new IllegalArgumentException("RandLambda: func must be given");
    }
    if (!(prob >= 0 && prob <= 1)) {
      throw new IllegalArgumentException("RandLambda: prob must be between 0 and 1, got " + prob);
    }
    this.func = func;
    this.prob = prob;
  }

  /** The generator to pass to the function when it applies, or null when it does not. */
  @Override
  public RandomState randomize(RandomState random, Volume img) {
    return random.rand() < prob ? random : null;
  }

  @Override
  public Volume apply(Volume img, RandomState draw) {
    Volume out = draw == null ? img : func.apply(img, draw);
    return out.pushOperation(
        AppliedOperation.of("RandLambda", img.spatialShape(), Metadata.empty(), draw != null));
  }
}
