package org.medbeam.transforms.intensity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.RandomizableTransform;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.TransformRegistry;
import org.medbeam.transforms.utility.Nd;
import org.medbeam.transforms.utility.RandomKeyedTransform;

/**
 * Every case of {@code intensity/intensity_reference.json} ({@code make_intensity_fixtures.py},
 * MONAI 1.4.0): built from the same arguments through the config registry, applied to the same
 * input (random ones with {@code RandomState.of(seed)}, MONAI's {@code set_random_state(seed)}),
 * compared to MONAI's output within the case's tolerance (1e-5 relative), with exact shape and
 * dtype. Also MONAI's {@code gaussian_1d} kernels and {@code percentile} on both its torch and
 * numpy paths.
 */
class IntensityReferenceTest {
  private static final JsonNode REF =
      Nd.json(IntensityReferenceTest.class, "/intensity/intensity_reference.json");

  @TestFactory
  Stream<DynamicTest> monaiCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : REF.get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> run(c)));
    }
    return tests.stream();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(JsonNode c) {
    Map<String, Object> m =
        new LinkedHashMap<>(new ObjectMapper().convertValue(c.get("args"), Map.class));
    m.put("_target_", c.get("target").asText());
    return m;
  }

  private static Volume input(JsonNode name) {
    return Nd.volume(REF.get("inputs").get(name.asText()));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void run(JsonNode c) {
    String name = c.get("name").asText();
    double tol = c.get("tol").asDouble();
    Object t = TransformRegistry.getDefault().create(spec(c));
    boolean seeded = c.has("seed") && !c.get("seed").isNull();
    if (c.get("kind").asText().equals("dict")) {
      Sample s = Sample.of("case");
      for (Iterator<Map.Entry<String, JsonNode>> it = c.get("input").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        s = s.with(e.getKey(), input(e.getValue()));
      }
      Sample out =
          seeded
              ? ((RandomKeyedTransform<?>) t).apply(s, RandomState.of(c.get("seed").asLong()))
              : ((MapTransform) t).apply(s, TransformContext.of(0));
      for (Iterator<Map.Entry<String, JsonNode>> it = c.get("output").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Nd.assertVolume(name + " [" + e.getKey() + "]", e.getValue(), out.volume(e.getKey()), tol);
      }
      return;
    }
    Volume img = input(c.get("input"));
    Volume out =
        seeded
            ? ((RandomizableTransform) t).apply(img, RandomState.of(c.get("seed").asLong()))
            : ((Transform) t).apply(img);
    Nd.assertVolume(name, c.get("output"), out, tol);
  }

  @Test
  void kernelsAreMonaisGaussian1d() {
    for (JsonNode k : REF.get("kernels")) {
      float[] ours =
          GaussianKernels.gaussian1d(k.get("sigma").asDouble(), 4.0, k.get("approx").asText());
      double[] want = Nd.doubles(k.get("kernel"));
      double[] got = new double[ours.length];
      for (int i = 0; i < got.length; i++) {
        got[i] = ours[i];
      }
      Nd.assertValues(k.get("approx").asText() + " sigma " + k.get("sigma"), want, got, 2e-6);
    }
  }

  @Test
  void percentilesFollowTorchBelowAMillionValuesAndNumpyAbove() {
    Map<Integer, float[]> data = new LinkedHashMap<>();
    for (JsonNode p : REF.get("percentiles")) {
      int n = p.get("n").asInt();
      float[] v =
          data.computeIfAbsent(
              n,
              k -> {
                float[] a = new float[k];
                for (int i = 0; i < k; i++) {
                  a[i] = (float) (((long) i * 7919L % 1000003L) / 1000003.0);
                }
                return a;
              });
      float got = Percentiles.percentiles(v, p.get("q").asDouble())[0];
      // exact: same float32 operations as torch.quantile / np.percentile
      assertEquals((float) p.get("value").asDouble(), got, 0f, "n=" + n + " q=" + p.get("q"));
    }
  }
}
