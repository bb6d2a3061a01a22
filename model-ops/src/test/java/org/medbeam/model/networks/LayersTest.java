package org.medbeam.model.networks;

import static org.medbeam.model.networks.DjlTesting.assertClose;
import static org.medbeam.model.networks.DjlTesting.assertShape;
import static org.medbeam.model.networks.DjlTesting.floats;
import static org.medbeam.model.networks.DjlTesting.shape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbeam.model.networks.layers.Act;
import org.medbeam.model.networks.layers.Conv;
import org.medbeam.model.networks.layers.LayerSpec;
import org.medbeam.model.networks.layers.Norm;
import org.medbeam.model.networks.layers.PixelShuffle;
import org.medbeam.model.networks.layers.Pool;
import org.medbeam.model.networks.layers.Upsample;

/**
 * Every layer factory against PyTorch: expected values from {@code
 * src/test/resources/networks/make_layer_fixtures.py} (MONAI 1.4.0's Conv/Norm/Act/Pool factories
 * and torch 1.13's Upsample, on random inputs and parameters). Also pins the running statistics
 * after a train-mode batch norm.
 */
class LayersTest {
  static Stream<Arguments> cases() {
    JsonNode root = DjlTesting.json("networks/layers.json");
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : root.path("cases")) {
      out.add(Arguments.of(c.path("name").asText(), c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTorch(String name, JsonNode c) {
    JsonNode spec = c.path("spec");
    boolean training = c.path("train").asBoolean();
    try (NDManager m = DjlTesting.newManager()) {
      NDArray x = m.create(floats(c.path("input")), shape(c.path("input_shape")));
      NDArray y;
      if (c.path("kind").asText().equals("pixelshuffle")) {
        y = PixelShuffle.apply(x, spec.path("dims").asInt(), spec.path("factor").asInt());
      } else {
        Block layer = build(c.path("kind").asText(), spec);
        layer.initialize(m, DataType.FLOAT32, x.getShape());
        Map<String, Parameter> state = NamedParameters.stateDict(layer);
        Assertions.assertEquals(
            iterNames(c.path("state")), new ArrayList<>(state.keySet()), name + " state names");
        for (Map.Entry<String, Parameter> e : state.entrySet()) {
          JsonNode t = c.path("state").path(e.getKey());
          Assertions.assertEquals(shape(t.get(0)), e.getValue().getShape(), e.getKey());
          e.getValue().getArray().set(floats(t.get(1)));
        }
        Shape predicted = layer.getOutputShapes(new Shape[] {x.getShape()})[0];
        y = ((MonaiModule) layer).apply(new ParameterStore(m, false), x, training);
        Assertions.assertEquals(shape(c.path("output_shape")), predicted, name + " outputShapes");
        for (Map.Entry<String, Parameter> e : state.entrySet()) {
          assertClose(
              floats(c.path("state_after").path(e.getKey())),
              e.getValue().getArray(),
              1e-5,
              name + " " + e.getKey() + " after forward");
        }
      }
      assertShape(shape(c.path("output_shape")), y, name);
      assertClose(floats(c.path("output")), y.toFloatArray(), 2e-5, 1e-5, name);
    }
  }

  private static List<String> iterNames(JsonNode obj) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @SuppressWarnings("unchecked")
  static Block build(String kind, JsonNode spec) {
    switch (kind) {
      case "conv":
      case "convtrans":
        return Conv.create(
            kind,
            spec.path("dims").asInt(),
            spec.path("in").asInt(),
            spec.path("out").asInt(),
            (Map<String, Object>) DjlTesting.plain(spec.path("args")));
      case "norm":
        return Norm.create(
            LayerSpec.parse(DjlTesting.plain(spec.path("spec"))),
            spec.path("dims").asInt(),
            spec.path("channels").asInt());
      case "act":
        return Act.create(LayerSpec.parse(DjlTesting.plain(spec.path("spec"))));
      case "pool":
        return Pool.create(
            LayerSpec.parse(DjlTesting.plain(spec.path("spec"))), spec.path("dims").asInt());
      case "upsample":
        {
          JsonNode a = spec.path("args");
          int dims = spec.path("dims").asInt();
          int[] size = a.has("size") ? DjlTesting.ints(a.path("size")) : null;
          double[] scale = null;
          if (a.has("scale_factor")) {
            JsonNode s = a.path("scale_factor");
            scale = new double[s.isArray() ? s.size() : 1];
            for (int i = 0; i < scale.length; i++) {
              scale[i] = s.isArray() ? s.get(i).asDouble() : s.asDouble();
            }
          }
          return new Upsample(
              dims, size, scale, a.path("mode").asText(), a.path("align_corners").asBoolean());
        }
      default:
        throw new IllegalArgumentException(kind);
    }
  }
}
