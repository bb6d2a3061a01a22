package org.medbeam.transforms;

import java.io.Serializable;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;

/**
 * What a dictionary transform needs beyond the sample: the run's seed, its position in the
 * chain, the epoch, and the intra-op thread count. Immutable.
 */
public final class TransformContext implements Serializable {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final int position;
  private final int depth;
  private final long epoch;
  private final int threads;

  private TransformContext(long seed, int position, int depth, long epoch, int threads) {
    this.seed = seed;
    this.position = position;
    this.depth = depth;
    this.epoch = epoch;
    this.threads = threads;
  }

  /** The root of a chain: seed {@code seed}, epoch 0, one intra-op thread. */
  public static TransformContext of(long seed) {
    return new TransformContext(seed, 0, 0, 0, 1);
  }

  /**
   * The context of the {@code index}-th transform inside the chain this context belongs to. At
   * the root the positions are 0, 1, 2, …; inside nested chains ({@code Compose} in {@code
   * Compose}, {@code OneOf}) they are derived from the parent's position, so no two draw sites of
   * one chain share a position.
   */
  public TransformContext child(int index) {
    int p = depth == 0 ? index : position * 1009 + index + 1;
    return new TransformContext(seed, p, depth + 1, epoch, threads);
  }

  public long seed() {
    return seed;
  }

  public int position() {
    return position;
  }

  public long epoch() {
    return epoch;
  }

  /** Threads a kernel may use for one call (1 inside Beam workers, all cores on the CLI). */
  public int threads() {
    return threads;
  }

  public TransformContext withEpoch(long e) {
    return new TransformContext(seed, position, depth, e, threads);
  }

  public TransformContext withThreads(int t) {
    if (t < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + t);
    }
    return new TransformContext(seed, position, depth, epoch, t);
  }

  /**
   * The generator for this sample at this position: {@link RandomState#forSample}(seed, id,
   * position, epoch). Every random draw of a dictionary transform comes from here.
   */
  public RandomState random(Sample sample) {
    return RandomState.forSample(seed, sample.id(), position, epoch);
  }

  @Override
  public String toString() {
    return "TransformContext(seed=" + seed + ", position=" + position + ", epoch=" + epoch
        + ", threads=" + threads + ")";
  }
}
