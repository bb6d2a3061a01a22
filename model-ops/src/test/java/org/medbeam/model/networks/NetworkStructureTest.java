package org.medbeam.model.networks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbeam.model.networks.nets.UNet;

/**
 * Layer structure and parameter counts equal MONAI's for the same constructor arguments. Expected
 * values: {@code src/test/resources/networks/structures.json}, written by {@code make_fixtures.py}
 * from real MONAI 1.4.0 ({@code named_parameters()}, float {@code named_buffers()} and {@code
 * sum(p.numel() for p in net.parameters())}).
 */
class NetworkStructureTest {
  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : DjlTesting.json("networks/structures.json").path("cases")) {
      out.add(Arguments.of(i++ + " " + c.path("target").asText() + c.path("args"), c));
    }
    return out.stream();
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void sameNamesShapesAndCountAsMonai(String label, JsonNode c) {
    MonaiModule net =
        Networks.create(
            c.path("target").asText(), (Map<String, Object>) DjlTesting.plain(c.path("args")));
    assertEquals(c.path("trainable").asLong(), NamedParameters.count(net), label + " count");
    assertSame(c.path("parameters"), NamedParameters.of(net), label + " parameters");
    assertSame(c.path("buffers"), NamedParameters.buffers(net), label + " buffers");
  }

  private static void assertSame(JsonNode expected, Map<String, Parameter> actual, String what) {
    List<String> want = new ArrayList<>();
    for (JsonNode p : expected) {
      want.add(p.get(0).asText() + " " + DjlTesting.shape(p.get(1)));
    }
    List<String> got = new ArrayList<>();
    for (Map.Entry<String, Parameter> e : actual.entrySet()) {
      got.add(e.getKey() + " " + e.getValue().getShape());
    }
    assertEquals(String.join("\n", want), String.join("\n", got), what);
  }

  /** The benchmark W5 network: 4,806,481 parameters per MONAI 1.4.0 (first case of the fixture). */
  @Test
  void w5UNetCount() {
    UNet net =
        UNet.builder(3, 1, 2, new int[] {16, 32, 64, 128, 256}, new int[] {2, 2, 2, 2})
            .numResUnits(2)
            .build();
    assertEquals(4_806_481L, NamedParameters.count(net));
  }
}
