package org.medbeam.transforms.spatial;

import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Metadata;
import org.medbeam.core.Parallel;
import org.medbeam.core.RandomState;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.RandomizableTransform;

/**
 * MONAI's {@code RandFlip}: with probability {@code prob} ({@code R.rand() < prob}) flips {@code
 * spatial_axis} (all axes when none given). Records {@code RandFlip} either way.
 */
public final class RandFlip
    implements RandomizableTransform<Boolean>, InvertibleTransform, LazySpatialTransform {
  private static final long serialVersionUID = 1L;
  static final String NAME = "RandFlip";

  private final double prob;
  private final int[] spatialAxis;
  private final int threads;

  private RandFlip(double prob, int[] spatialAxis, int threads) {
    this.prob = Args.prob(NAME, prob);
    this.spatialAxis = spatialAxis;
    this.threads = threads;
  }

  /** @param spatialAxis axes to flip; none = all */
  public static RandFlip of(double prob, int... spatialAxis) {
    return new RandFlip(
        prob, spatialAxis == null || spatialAxis.length == 0 ? null : spatialAxis.clone(),
        Parallel.defaultThreads());
  }

  public RandFlip withThreads(int t) {
    return new RandFlip(prob, spatialAxis, Args.threads(NAME, t));
  }

  public double prob() {
    return prob;
  }

  @Override
  public int threads() {
    return threads;
  }

  /** Whether to flip: one {@code rand()} draw. */
  @Override
  public Boolean randomize(RandomState random, Volume img) {
    return random.rand() < prob;
  }

  @Override
  public Volume apply(Volume img, Boolean doTransform) {
    return plan(Geometry.of(img), doTransform).execute(img, threads);
  }

  @Override
  public Volume inverse(Volume img) {
    return Inversion.undoTop(img, NAME, null);
  }

  @Override
  public Object lazyDraw(RandomState random, Geometry geometry) {
    return random.rand() < prob;
  }

  @Override
  public SpatialPlan plan(Geometry g, Object draw) {
    int[] shape = g.spatialShape();
    if (!Boolean.TRUE.equals(draw)) {
      return SpatialPlan.noop(g, AppliedOperation.of(NAME, shape, Metadata.empty(), false), false);
    }
    return Flip.plan(g, spatialAxis, NAME);
  }

  @Override
  public String toString() {
    return "RandFlip(prob=" + prob + ")";
  }
}
