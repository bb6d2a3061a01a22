package org.medbeam.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.RandomizableTransform;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.config.ChainConfig;

/**
 * Every case of {@code spatial/spatial_expected.json} (made by {@code make_spatial_fixtures.py}
 * with real MONAI 1.4.0): the transform is built from the same MONAI Bundle-style spec with {@link
 * ChainConfig}, random ones are seeded as MONAI's {@code set_random_state(seed)}, and shape,
 * dtype, affine (1e-6), values (1e-4 relative; nearest/exact cases bit-exact) and the recorded
 * operation classes must match MONAI's.
 */
class MonaiParityTest {
  static Stream<Arguments> arrayCases() {
    List<Arguments> a = new ArrayList<>();
    for (Map<String, Object> c : Fixtures.cases("cases")) {
      a.add(Arguments.of(c.get("name"), c));
    }
    return a.stream();
  }

  static Stream<Arguments> dictCases() {
    List<Arguments> a = new ArrayList<>();
    for (Map<String, Object> c : Fixtures.cases("dict_cases")) {
      a.add(Arguments.of(c.get("name"), c));
    }
    return a.stream();
  }

  static Stream<Arguments> lazyCases() {
    List<Arguments> a = new ArrayList<>();
    for (Map<String, Object> c : Fixtures.cases("lazy_cases")) {
      a.add(Arguments.of(c.get("name"), c));
    }
    return a.stream();
  }

  /** Our lazy Compose against MONAI's {@code Compose(..., lazy=True)}: one resample, same result. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("lazyCases")
  void lazyChainMatchesMonaiLazyResampling(String name, Map<String, Object> c) throws Exception {
    String json = new ObjectMapper().writeValueAsString(c.get("chain"));
    Compose chain = ChainConfig.fromText(json).withLazy(true);
    Volume out = chain.apply(Fixtures.input((String) c.get("input")));
    check(name, c, out, name.contains("nearest"));
  }

  static Object build(Map<String, Object> c) throws Exception {
    String json = new ObjectMapper().writeValueAsString(c.get("spec"));
    Compose chain = ChainConfig.fromText(json);
    assertEquals(1, chain.transforms().size());
    return chain.transforms().get(0);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arrayCases")
  @SuppressWarnings({"unchecked", "rawtypes"})
  void arrayTransformMatchesMonai(String name, Map<String, Object> c) throws Exception {
    Object t = build(c);
    Volume in = Fixtures.input((String) c.get("input"));
    Volume out;
    if (c.get("seed") != null) {
      RandomState r = RandomState.of(((Number) c.get("seed")).longValue());
      out = ((RandomizableTransform) t).apply(in, r);
    } else {
      out = ((Transform) t).apply(in);
    }
    check(name, c, out, Boolean.TRUE.equals(c.get("exact")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dictCases")
  @SuppressWarnings("unchecked")
  void dictTransformMatchesMonai(String name, Map<String, Object> c) throws Exception {
    Object t = build(c);
    String in = name.contains("2delastic") ? "elastic2"
        : name.contains("3delastic") ? "elastic3" : null;
    Sample s =
        Sample.of("s")
            .with("image", Fixtures.input(in != null ? in : "smooth_lps"))
            .with("label", Fixtures.input(in != null ? in + "_label" : "label_lps"));
    long seed = c.get("seed") == null ? 0 : ((Number) c.get("seed")).longValue();
    RandomState r = RandomState.of(seed);
    Sample out;
    if (t instanceof SpatialMapTransform) {
      out = ((SpatialMapTransform) t).applyWith(s, r, 2);
    } else if (t instanceof Rand2DElasticd) {
      out = ((Rand2DElasticd) t).applyWith(s, r, 2);
    } else {
      out = ((Rand3DElasticd) t).applyWith(s, r, 2);
    }
    Map<String, Object> outs = (Map<String, Object>) c.get("outputs");
    for (String key : new String[] {"image", "label"}) {
      Map<String, Object> e = (Map<String, Object>) outs.get(key);
      // exact: flips/rotations by 90 degrees on both keys, nearest interpolation on the label
      Map<String, Object> spec = (Map<String, Object>) c.get("spec");
      boolean exactOp = name.matches("orientationd|rotate90d|randrotate90d|randflipd");
      boolean nearestLabel =
          spec.get("mode") instanceof List && "nearest".equals(((List<?>) spec.get("mode")).get(1));
      boolean exact = exactOp || key.equals("label") && nearestLabel;
      check(name + "[" + key + "]", e, out.volume(key), exact);
    }
  }

  static void check(String name, Map<String, Object> e, Volume out, boolean exact) {
    assertArrayEquals(Fixtures.ints(e.get("shape")), out.shape(), name + ": shape");
    assertEquals(e.get("dtype"), out.dtype().numpyName(), name + ": dtype");
    double[] aff = Fixtures.doubles(e.get("affine"));
    double[] ours = out.affine().toArray();
    for (int i = 0; i < 16; i++) {
      if (Math.abs(aff[i] - ours[i]) > 1e-6) {
        fail(name + ": affine differs at " + i + ": MONAI " + aff[i] + " vs " + ours[i] + "\n"
            + out.affine());
      }
    }
    double[] expected = Fixtures.doubles(e.get("values"));
    assertEquals(expected.length, out.size(), name + ": size");
    int bad = 0;
    double worst = 0;
    int worstAt = -1;
    for (int i = 0; i < expected.length; i++) {
      double v = out.getDouble(i);
      double err = Math.abs(v - expected[i]);
      double tol = (exact ? 1e-6 : 1e-4) * Math.max(1, Math.abs(expected[i]));
      if (err > tol) {
        bad++;
        if (err > worst) {
          worst = err;
          worstAt = i;
        }
      }
    }
    if (bad > 0) {
      fail(name + ": " + bad + " of " + expected.length + " values differ; worst at " + worstAt
          + ": MONAI " + expected[worstAt] + " vs " + out.getDouble(worstAt));
    }
    List<?> applied = (List<?>) e.get("applied");
    if (applied != null) {
      List<String> ourOps = new ArrayList<>();
      for (AppliedOperation op : out.appliedOperations()) {
        ourOps.add(op.className());
      }
      List<String> monai = new ArrayList<>();
      for (Object o : applied) {
        String n = (String) o;
        // MONAI's dictionary transforms record their own name around the array op's record
        monai.add(n.endsWith("d") ? n.substring(0, n.length() - 1) : n);
      }
      assertEquals(monai, ourOps, name + ": applied operations");
    }
  }
}
