package org.medbeam.transforms.post;

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
import org.junit.jupiter.api.TestFactory;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.TransformRegistry;
import org.medbeam.transforms.utility.Nd;

/**
 * Every case of {@code post/post_reference.json} ({@code make_post_fixtures.py}, MONAI 1.4.0 with
 * scikit-image 0.19): built through the config registry, compared with MONAI's output - labels and
 * masks exactly, activations and means within 1e-6.
 */
class PostReferenceTest {
  private static final JsonNode REF = Nd.json(PostReferenceTest.class, "/post/post_reference.json");

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

  private void run(JsonNode c) {
    String name = c.get("name").asText();
    double tol = c.get("tol").asDouble();
    Object t = TransformRegistry.getDefault().create(spec(c));
    if (c.get("kind").asText().equals("dict")) {
      Sample s = Sample.of("case");
      for (Iterator<Map.Entry<String, JsonNode>> it = c.get("input").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        s = s.with(e.getKey(), input(e.getValue()));
      }
      Sample out = ((MapTransform) t).apply(s, TransformContext.of(0));
      List<String> keys = new ArrayList<>();
      c.get("output").fieldNames().forEachRemaining(keys::add);
      assertEquals(keys, new ArrayList<>(out.keys()), name + ": keys");
      for (String k : keys) {
        Nd.assertVolume(name + " [" + k + "]", c.get("output").get(k), out.volume(k), tol);
      }
      return;
    }
    Volume out = ((Transform) t).apply(input(c.get("input")));
    Nd.assertVolume(name, c.get("output"), out, tol);
  }
}
