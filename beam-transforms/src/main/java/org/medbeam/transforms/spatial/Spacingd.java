package org.medbeam.transforms.spatial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.medbeam.core.Sample;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;

/**
 * MONAI's {@code Spacingd}: {@link Spacing} on each key, with per-key {@code mode}, {@code
 * padding_mode}, {@code align_corners}, {@code dtype} and {@code scale_extent}. With {@code
 * ensure_same_shape} (default true) a key whose input shape and spacing (within 1e-3) equal the
 * first key's gets exactly the first key's output shape.
 */
public final class Spacingd extends SpatialMapTransform {
  private static final long serialVersionUID = 1L;

  private final List<Spacing> perKey;
  private final boolean ensureSameShape;

  private Spacingd(KeySelection keys, List<Spacing> perKey, boolean ensureSameShape) {
    super(keys);
    this.perKey = perKey;
    this.ensureSameShape = ensureSameShape;
  }

  /** The same {@code spacing} (mode, padding, ...) for every key. */
  public static Spacingd of(KeySelection keys, Spacing spacing) {
    List<Spacing> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(spacing);
    }
    return new Spacingd(keys, l, true);
  }

  /**
   * Per-key arguments, each list one value or one per key (MONAI's broadcast).
   *
   * @param dtypes null entries keep the base transform's
   */
  public static Spacingd of(
      KeySelection keys,
      Spacing base,
      List<String> modes,
      List<String> paddingModes,
      List<Boolean> alignCorners,
      List<String> dtypes,
      List<Boolean> scaleExtents) {
    List<String> m = keys.broadcast("mode", modes);
    List<String> p = keys.broadcast("padding_mode", paddingModes);
    List<Boolean> a = keys.broadcast("align_corners", alignCorners);
    List<String> d = keys.broadcast("dtype", dtypes);
    List<Boolean> s = keys.broadcast("scale_extent", scaleExtents);
    List<Spacing> l = new ArrayList<>();
    for (int i = 0; i < keys.keys().size(); i++) {
      l.add(base.forKey(m.get(i), p.get(i), a.get(i), d.get(i), s.get(i)));
    }
    return new Spacingd(keys, l, true);
  }

  public Spacingd withEnsureSameShape(boolean e) {
    return new Spacingd(keys, perKey, e);
  }

  /** Spacing applied to the key at {@code index}. */
  public Spacing transformFor(int index) {
    return perKey.get(index);
  }

  @Override
  String recordedClass() {
    return SpatialResampling.CLASS_NAME;
  }

  /** The first present key's index, input geometry and output shape (for ensure_same_shape). */
  private static final class First implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final Geometry geometry;
    final int[] outShape;

    First(Geometry geometry, int[] outShape) {
      this.geometry = geometry;
      this.outShape = outShape;
    }
  }

  @Override
  public Object lazyDraw(Sample sample, TransformContext context, Geometry first) {
    List<KeySelection.Present> present = keys.present(sample);
    if (!ensureSameShape || present.isEmpty()) {
      return null;
    }
    int idx = present.get(0).index;
    return new First(first, perKey.get(idx).outputShape(first));
  }

  @Override
  public SpatialPlan plan(int keyIndex, Geometry g, Object draw) {
    if (draw instanceof First) {
      First f = (First) draw;
      // the first key matches itself: its own output shape
      boolean match =
          Arrays.equals(f.geometry.spatialShape(), g.spatialShape())
              && close(f.geometry.affine().spacing(3), g.affine().spacing(3));
      if (match) {
        return perKey.get(keyIndex).plan(g, f.outShape);
      }
    }
    return perKey.get(keyIndex).plan(g, (int[]) null);
  }

  private static boolean close(double[] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Math.abs(a[i] - b[i]) > 1e-3 + 1e-5 * Math.abs(b[i])) {
        return false;
      }
    }
    return true;
  }
}
