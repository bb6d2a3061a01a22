package org.medbeam.transforms.utility;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.MultiSampleTransform;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.TransformRegistry;
import org.medbeam.transforms.intensity.ScaleIntensityd;
import org.medbeam.transforms.intensity.ThresholdIntensityd;

/**
 * The cases of {@code utility/utility_reference.json} ({@code make_utility_fixtures.py}, MONAI
 * 1.4.0): array and dictionary utility transforms built through the config registry and compared
 * exactly (values, shapes, dtypes, affines); numpy's {@code multinomial(1, p).argmax()} draws and
 * MONAI's {@code OneOf} with a seeded generator.
 */
class UtilityReferenceTest {
  private static final JsonNode REF =
      Nd.json(UtilityReferenceTest.class, "/utility/utility_reference.json");

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

  @TestFactory
  Stream<DynamicTest> arrayCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : REF.get("cases")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("name").asText(),
              () -> {
                Volume img = input(c.get("input"));
                List<Volume> outs;
                if (c.get("target").asText().equals("SplitDim")) {
                  JsonNode a = c.get("args");
                  outs =
                      new SplitDim(
                              a.has("dim") ? a.get("dim").asInt() : -1,
                              !a.has("keepdim") || a.get("keepdim").asBoolean(),
                              true)
                          .split(img);
                } else {
                  Transform t = (Transform) TransformRegistry.getDefault().create(spec(c));
                  outs = List.of(t.apply(img));
                }
                assertEquals(c.get("outputs").size(), outs.size());
                for (int i = 0; i < outs.size(); i++) {
                  Nd.assertVolume(
                      c.get("name").asText() + " " + i, c.get("outputs").get(i), outs.get(i), 0);
                }
              }));
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> dictCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : REF.get("dict_cases")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("name").asText(),
              () -> {
                Sample s = Sample.of("case");
                for (Iterator<Map.Entry<String, JsonNode>> it = c.get("input").fields();
                    it.hasNext(); ) {
                  Map.Entry<String, JsonNode> e = it.next();
                  s = s.with(e.getKey(), input(e.getValue()));
                }
                MapTransform t = (MapTransform) TransformRegistry.getDefault().create(spec(c));
                Sample out =
                    t instanceof MultiSampleTransform
                        ? ((MultiSampleTransform) t).applyMulti(s, TransformContext.of(0)).get(0)
                        : t.apply(s, TransformContext.of(0));
                List<String> keys = new ArrayList<>();
                c.get("output").fieldNames().forEachRemaining(keys::add);
                assertEquals(keys, new ArrayList<>(out.keys()), c.get("name") + ": keys");
                for (String k : keys) {
                  JsonNode r = c.get("output").get(k);
                  String what = c.get("name").asText() + " [" + k + "]";
                  Object v = out.get(k);
                  if (v instanceof Volume) {
                    Nd.assertVolume(what, r, (Volume) v, 0);
                  } else if (r.isArray()) {
                    List<?> l = (List<?>) v;
                    assertEquals(r.size(), l.size(), what);
                    for (int i = 0; i < l.size(); i++) {
                      assertArrayEquals(Nd.ints(r.get(i).get("data")), (int[]) l.get(i), what);
                    }
                  } else {
                    assertArrayEquals(Nd.ints(r.get("data")), (int[]) v, what);
                  }
                }
              }));
    }
    return tests.stream();
  }

  @Test
  void ensureChannelFirstMovesTheNamedAxisOfASingleChannelVolume() {
    JsonNode c = REF.get("ensure_channel_first");
    Volume out = new EnsureChannelFirst(true, -1).apply(Nd.volume(c.get("input")));
    Nd.assertVolume("EnsureChannelFirst(channel_dim=-1)", c.get("output"), out, 0);
    assertEquals(-1L, out.meta().getLong("original_channel_dim", 0));
  }

  @Test
  void multinomialDrawsAreNumpys() {
    for (JsonNode m : REF.get("multinomial")) {
      int got = Multinomial.drawOne(RandomState.of(m.get("seed").asLong()), Nd.doubles(m.get("p")));
      assertEquals(m.get("index").asInt(), got, "seed " + m.get("seed") + " p " + m.get("p"));
    }
  }

  @Test
  void oneOfDrawsAndRecordsAsMonai() {
    Volume a = null;
    for (JsonNode c : REF.get("dict_cases")) {
      if (c.get("name").asText().equals("concat_0")) {
        a = input(c.get("input").get("a"));
      }
    }
    OneOf one =
        new OneOf(
            List.of(
                new ScaleIntensityd(
                    KeySelection.of("a"), null, null, 1.0, false, org.medbeam.core.DType.FLOAT32),
                new ThresholdIntensityd(KeySelection.of("a"), 0.5, true, 0.0)),
            new double[] {1, 3});
    for (JsonNode o : REF.get("oneof")) {
      int index = one.draw(RandomState.of(o.get("seed").asLong()));
      assertEquals(o.get("index").asInt(), index, "seed " + o.get("seed"));
      Sample out = one.applyMulti(Sample.of("s", "a", a), index, TransformContext.of(0)).get(0);
      Nd.assertVolume("OneOf seed " + o.get("seed"), o.get("output"), out.volume("a"), 1e-6);
      assertEquals("OneOf", out.volume("a").peekOperation().className());
      assertEquals(index, out.volume("a").peekOperation().extraInfo().getLong("index", -1));
      assertTrue(one.inverse(out).volume("a").appliedOperations().isEmpty());
    }
  }
}
