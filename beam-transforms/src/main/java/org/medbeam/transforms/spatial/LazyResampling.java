package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Affine;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's lazy resampling: a run of consecutive spatial transforms is planned on geometry alone,
 * then consecutive compatible plans are composed into one voxel matrix and resampled once. Every
 * op still records its own {@link org.medbeam.core.AppliedOperation}, so inversion is unchanged.
 *
 * <p>Plans are compatible when their interpolation and padding agree (exact flips/permutations
 * agree with anything); an incompatible plan starts a new segment. This is where medbeam differs
 * from MONAI 1.4, whose pending operations carry no mode: MONAI fuses a whole lazy run and
 * resamples it bilinear with border padding unless {@code Compose(overrides=...)} says
 * otherwise, so a nearest-neighbour label chain needs {@code overrides={"mode": "nearest"}}
 * there and gets nearest here by itself. With the same modes both give the same single
 * resample (pinned by {@code MonaiParityTest}). A segment without any interpolating
 * op (only flips, permutations, no-ops) runs eagerly, exactly and in the input dtype. Ops with
 * {@code align_corners=True}, anti-aliasing, wrap padding or a replaced affine are not fused.
 * Interpolate-style ops (Resize, Zoom) fuse as bilinear (nearest modes as nearest) point
 * sampling: {@code area} averaging becomes bilinear sampling in a fused chain.
 */
public final class LazyResampling {
  private LazyResampling() {}

  /** Whether {@code t} can take part in an array-level lazy run. */
  public static boolean isLazy(Object t) {
    return t instanceof LazySpatialTransform;
  }

  /** Whether {@code t} can take part in a dictionary-level lazy run. */
  public static boolean isLazyMap(Object t) {
    return t instanceof LazySpatialMapTransform;
  }

  /**
   * Runs {@code items} (each a {@link LazySpatialTransform}) on {@code img}; {@code states[i]} is
   * the generator of item {@code i} (null for deterministic ones).
   */
  public static Volume applyArray(List<?> items, RandomState[] states, Volume img) {
    Geometry g = Geometry.of(img);
    List<SpatialPlan> plans = new ArrayList<>();
    int threads = 1;
    for (int i = 0; i < items.size(); i++) {
      LazySpatialTransform t = (LazySpatialTransform) items.get(i);
      Object draw = t.lazyDraw(states == null ? null : states[i], g);
      SpatialPlan p = t.plan(g, draw);
      plans.add(p);
      g = p.out();
      threads = Math.max(threads, t.threads());
    }
    return execute(img, plans, threads);
  }

  /**
   * Runs {@code items} (each a {@link LazySpatialMapTransform}) on {@code sample}; item {@code i}
   * draws from {@code contexts.get(i)}.
   */
  public static Sample applyMap(List<?> items, List<TransformContext> contexts, Sample sample) {
    Map<String, List<SpatialPlan>> pending = new LinkedHashMap<>();
    Map<String, Geometry> geometry = new LinkedHashMap<>();
    int threads = 1;
    for (int i = 0; i < items.size(); i++) {
      LazySpatialMapTransform t = (LazySpatialMapTransform) items.get(i);
      TransformContext ctx = contexts.get(i);
      threads = Math.max(threads, ctx.threads());
      List<KeySelection.Present> present = t.keySelection().present(sample);
      if (present.isEmpty()) {
        continue;
      }
      Geometry first = current(geometry, sample, present.get(0).key);
      Object draw = t.lazyDraw(sample, ctx, first);
      for (KeySelection.Present p : present) {
        Geometry g = current(geometry, sample, p.key);
        SpatialPlan plan;
        try {
          plan = t.plan(p.index, g, draw);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              t.getClass().getSimpleName() + ", key '" + p.key + "': " + e.getMessage(), e);
        }
        pending.computeIfAbsent(p.key, k -> new ArrayList<>()).add(plan);
        geometry.put(p.key, plan.out());
      }
    }
    Sample out = sample;
    for (Map.Entry<String, List<SpatialPlan>> e : pending.entrySet()) {
      out = out.with(e.getKey(), execute(sample.volume(e.getKey()), e.getValue(), threads));
    }
    return out;
  }

  private static Geometry current(Map<String, Geometry> geometry, Sample s, String key) {
    Geometry g = geometry.get(key);
    return g != null ? g : Geometry.of(s.volume(key));
  }

  /** Executes plans in order, fusing compatible runs. */
  static Volume execute(Volume img, List<SpatialPlan> plans, int threads) {
    Volume v = img;
    int i = 0;
    while (i < plans.size()) {
      SpatialPlan p = plans.get(i);
      if (!p.fusible()) {
        v = p.execute(v, threads);
        i++;
        continue;
      }
      GridSampleMode mode = null;
      GridSamplePadMode pad = null;
      boolean interpolates = false;
      int j = i;
      while (j < plans.size()) {
        SpatialPlan q = plans.get(j);
        if (!q.fusible()) {
          break;
        }
        if (q.fuseMode() != null && mode != null && q.fuseMode() != mode) {
          break;
        }
        if (q.fusePadding() != null && pad != null && q.fusePadding() != pad) {
          break;
        }
        if (q.fuseMode() != null) {
          mode = q.fuseMode();
        }
        if (q.fusePadding() != null) {
          pad = q.fusePadding();
        }
        interpolates |=
            q.kind() == SpatialPlan.Kind.RESAMPLE || q.kind() == SpatialPlan.Kind.INTERPOLATE;
        j++;
      }
      if (!interpolates || j - i == 1) {
        for (int k = i; k < j; k++) {
          v = plans.get(k).execute(v, threads);
        }
      } else {
        v = fused(v, plans.subList(i, j), mode, pad == null ? GridSamplePadMode.BORDER : pad,
            threads);
      }
      i = j;
    }
    return v;
  }

  private static Volume fused(
      Volume img, List<SpatialPlan> seg, GridSampleMode mode, GridSamplePadMode pad,
      int threads) {
    Affine m = Affine.identity();
    for (SpatialPlan p : seg) {
      if (p.xform() != null) {
        m = m.multiply(p.xform());
      }
    }
    SpatialPlan last = seg.get(seg.size() - 1);
    Volume out =
        Resampler.of(mode == null ? GridSampleMode.BILINEAR : mode, pad)
            .withThreads(threads)
            .resample(img, last.out().spatialShape(), m)
            .withAffine(last.out().affine());
    for (SpatialPlan p : seg) {
      if (p.op() != null) {
        out = out.pushOperation(p.op());
      }
    }
    return out;
  }
}
