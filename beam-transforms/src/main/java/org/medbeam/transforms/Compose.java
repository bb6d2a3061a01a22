package org.medbeam.transforms;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.spatial.LazyResampling;

/**
 * MONAI's {@code Compose}: runs transforms in order.
 *
 * <p>On a {@link Sample} (the dictionary path, what pipelines use) every item must be a {@link
 * MapTransform}; item {@code i} draws from {@code context.child(i)}, so results depend only on
 * (seed, sample id, position, epoch). A {@link MultiSampleTransform} fans out and the rest of the
 * chain runs on each output ({@link #applyAll}).
 *
 * <p>On a {@link Volume} (the array path, for plain Java programs) every item must be a {@link
 * Transform} or {@link RandomizableTransform}. As in MONAI, {@link #setRandomState(long)} seeds
 * each random item with {@code RandomState(master.randint(2^32))} from a master {@code
 * RandomState(seed)}, and those generators advance across calls; that path is therefore stateful
 * and not thread-safe, exactly as MONAI's. Without {@code setRandomState} the seed is 0.
 *
 * <p>With {@link #withLazy(boolean) lazy resampling} (MONAI's {@code Compose(lazy=True)}),
 * consecutive spatial transforms (Orientation, Spacing, Affine, Rotate, Zoom, Flip, Resize, ...
 * and their random and dictionary forms) are planned on geometry alone and resampled once per
 * key with a composed matrix; each still records its applied operation, so {@link #inverse}
 * works unchanged (see {@link LazyResampling}). Off by default, as in MONAI.
 */
public final class Compose implements MapTransform, Transform {
  private static final long serialVersionUID = 1L;

  private final List<Object> transforms;
  private final boolean lazy;
  private transient RandomState[] arrayStates;
  private long arraySeed;

  private Compose(List<Object> transforms) {
    this(transforms, false);
  }

  private Compose(List<Object> transforms, boolean lazy) {
    this.lazy = lazy;
    for (Object t : transforms) {
      if (!(t instanceof MapTransform
          || t instanceof Transform
          || t instanceof RandomizableTransform)) {
        throw new IllegalArgumentException(
            "Compose takes transforms (array or dictionary), got "
                + (t == null ? "null" : t.getClass().getName()));
      }
    }
    this.transforms = Collections.unmodifiableList(new ArrayList<>(transforms));
  }

  public static Compose of(Object... transforms) {
    return new Compose(List.of(transforms));
  }

  public static Compose of(List<?> transforms) {
    return new Compose(new ArrayList<>(transforms));
  }

  public List<Object> transforms() {
    return transforms;
  }

  /** A copy with MONAI's lazy resampling on or off (fresh random states on the array path). */
  public Compose withLazy(boolean lazyResampling) {
    return new Compose(transforms, lazyResampling).setRandomState(arraySeed);
  }

  /** Whether consecutive spatial transforms are fused (MONAI's {@code lazy}). */
  public boolean lazy() {
    return lazy;
  }

  /** MONAI's {@code set_random_state(seed)} for the array path; returns this. */
  public Compose setRandomState(long seed) {
    this.arraySeed = seed;
    this.arrayStates = null;
    return this;
  }

  // ---------------------------------------------------------------- dictionary path

  /** Runs the chain; one sample in, one or more out (fan-out by multi-sample transforms). */
  public List<Sample> applyAll(Sample sample, TransformContext context) {
    return applyAll(sample, context, 0, transforms.size());
  }

  /**
   * Runs items {@code start} (inclusive) to {@code end} (exclusive) only, as MONAI's {@code
   * Compose.__call__(input_, start, end)}: each item draws from the same {@code context.child(i)}
   * as in a whole run, so running {@code [0, k)} then {@code [k, n)} gives what {@link
   * #applyAll(Sample, TransformContext)} gives, except that a lazy run of spatial transforms
   * crossing {@code k} is resampled once on each side.
   */
  public List<Sample> applyAll(Sample sample, TransformContext context, int start, int end) {
    if (start < 0 || end > transforms.size() || start > end) {
      throw new IllegalArgumentException(
          "Compose range [" + start + ", " + end + ") must lie within [0, " + transforms.size()
              + "]");
    }
    List<Sample> current = List.of(sample);
    for (int i = start; i < end; i++) {
      Object t = transforms.get(i);
      if (lazy && LazyResampling.isLazyMap(t)) {
        int j = i;
        List<TransformContext> contexts = new ArrayList<>();
        while (j < end && LazyResampling.isLazyMap(transforms.get(j))) {
          contexts.add(context.child(j));
          j++;
        }
        List<Object> run = transforms.subList(i, j);
        List<Sample> next = new ArrayList<>(current.size());
        for (Sample s : current) {
          next.add(LazyResampling.applyMap(run, contexts, s));
        }
        current = next;
        i = j - 1;
        continue;
      }
      if (!(t instanceof MapTransform)) {
        throw new IllegalArgumentException(
            "item " + i + " (" + t.getClass().getSimpleName() + ") is an array transform; "
                + "a dictionary chain needs the …d form (e.g. " + t.getClass().getSimpleName()
                + "d)");
      }
      TransformContext c = context.child(i);
      List<Sample> next = new ArrayList<>(current.size());
      for (Sample s : current) {
        if (t instanceof Compose) {
          next.addAll(((Compose) t).applyAll(s, c));
        } else if (t instanceof MultiSampleTransform) {
          next.addAll(((MultiSampleTransform) t).applyMulti(s, c));
        } else {
          next.add(((MapTransform) t).apply(s, c));
        }
      }
      current = next;
    }
    return current;
  }

  /**
   * The index of the first item that {@code test} accepts, or -1 (MONAI's {@code
   * Compose.get_index_of_first}); caching datasets split a chain at {@code
   * getIndexOfFirst(RandomizableTrait::isRandom)}.
   */
  public int getIndexOfFirst(java.util.function.Predicate<Object> test) {
    for (int i = 0; i < transforms.size(); i++) {
      if (test.test(transforms.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Runs the chain when it yields exactly one sample. */
  @Override
  public Sample apply(Sample sample, TransformContext context) {
    List<Sample> out = applyAll(sample, context);
    if (out.size() != 1) {
      throw new IllegalStateException(
          "chain produced " + out.size() + " samples; use applyAll for multi-sample chains");
    }
    return out.get(0);
  }

  /**
   * Undoes the chain on a sample, last transform first, for every invertible item (MONAI's
   * {@code Compose.inverse}).
   */
  public Sample inverse(Sample sample) {
    Sample s = sample;
    for (int i = transforms.size() - 1; i >= 0; i--) {
      Object t = transforms.get(i);
      if (t instanceof Compose) {
        s = ((Compose) t).inverse(s);
      } else if (t instanceof InvertibleMapTransform) {
        s = ((InvertibleMapTransform) t).inverse(s);
      }
    }
    return s;
  }

  // ---------------------------------------------------------------- array path

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Volume apply(Volume img) {
    if (arrayStates == null) {
      RandomState master = RandomState.of(arraySeed);
      arrayStates = new RandomState[transforms.size()];
      for (int i = 0; i < transforms.size(); i++) {
        if (transforms.get(i) instanceof RandomizableTransform) {
          arrayStates[i] = RandomState.of(master.nextUint32());
        }
      }
    }
    Volume v = img;
    for (int i = 0; i < transforms.size(); i++) {
      Object t = transforms.get(i);
      if (lazy && LazyResampling.isLazy(t)) {
        int j = i;
        while (j < transforms.size() && LazyResampling.isLazy(transforms.get(j))) {
          j++;
        }
        RandomState[] states = java.util.Arrays.copyOfRange(arrayStates, i, j);
        v = LazyResampling.applyArray(transforms.subList(i, j), states, v);
        i = j - 1;
        continue;
      }
      if (t instanceof RandomizableTransform) {
        v = ((RandomizableTransform) t).apply(v, arrayStates[i]);
      } else if (t instanceof Transform) {
        v = ((Transform) t).apply(v);
      } else {
        throw new IllegalArgumentException(
            "item " + i + " (" + t.getClass().getSimpleName() + ") is a dictionary transform; "
                + "apply the chain to a Sample");
      }
    }
    return v;
  }

  /** Undoes the array chain, last first, for every invertible item. */
  public Volume inverse(Volume img) {
    Volume v = img;
    for (int i = transforms.size() - 1; i >= 0; i--) {
      Object t = transforms.get(i);
      if (t instanceof InvertibleTransform) {
        v = ((InvertibleTransform) t).inverse(v);
      }
    }
    return v;
  }

  @Override
  public String toString() {
    return "Compose" + (lazy ? "(lazy)" : "") + transforms;
  }
}
