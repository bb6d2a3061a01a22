package org.medbeam.model.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbeam.model.networks.DjlTesting;

/**
 * Every loss and argument combination against real MONAI 1.4.0: values and input gradients from
 * {@code src/test/resources/losses/make_fixtures.py} ({@code losses.json}), to 1e-5.
 */
class LossesTest {
  private static final JsonNode ROOT = DjlTesting.json("losses/losses.json");

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : ROOT.path("cases")) {
      out.add(Arguments.of(i++ + " " + c.path("loss").asText() + " " + c.path("args"), c));
    }
    return out.stream();
  }

  private static NDArray data(NDManager m, String key) {
    JsonNode d = ROOT.path("data").path(key);
    return m.create(DjlTesting.floats(d.path("data")), DjlTesting.shape(d.path("shape")));
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesMonai(String label, JsonNode c) {
    MonaiLoss loss =
        Losses.create(
            c.path("loss").asText(), (Map<String, Object>) DjlTesting.plain(c.path("args")));
    try (NDManager m = DjlTesting.newManager()) {
      NDArray x = data(m, c.path("input").asText());
      NDArray y = data(m, c.path("target").asText());
      x.setRequiresGradient(true);
      NDArray value;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDList labels = new NDList(y);
        if (c.has("mask")) {
          labels.add(data(m, c.path("mask").asText()));
        }
        value = loss.evaluate(labels, new NDList(x));
        gc.backward(value.sum());
      }
      assertArrayEquals(
          DjlTesting.shape(c.path("output_shape")).getShape(),
          value.getShape().getShape(),
          label + " shape");
      DjlTesting.assertClose(
          DjlTesting.floats(c.path("output")), value.toFloatArray(), 1e-5, 1e-5, label);
      DjlTesting.assertClose(
          DjlTesting.floats(c.path("input_grad")),
          x.getGradient().toFloatArray(),
          1e-5,
          1e-4,
          label + " input gradient");
    }
  }

  @Test
  void validatesArguments() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DiceLoss.builder().sigmoid(true).softmax(true).build());
    assertTrue(
        e.getMessage().contains("more than 1 of [sigmoid=True, softmax=True"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> LossReduction.of("median"));
    assertTrue(e.getMessage().contains("median"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DiceCELoss.builder().lambdaCe(-1));
    assertTrue(e.getMessage().contains("lambda_ce"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Losses.create("DiceLoss", Map.of("softmx", true)));
    assertTrue(e.getMessage().contains("softmx"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> DiceCELoss.builder().reduction("none").build());
    assertTrue(e.getMessage().contains("mean or sum"), e.getMessage());
  }

  @Test
  void shapeMismatchNamesBothShapes() {
    try (NDManager m = DjlTesting.newManager()) {
      NDArray x = m.zeros(new ai.djl.ndarray.types.Shape(1, 3, 4, 4));
      NDArray y = m.zeros(new ai.djl.ndarray.types.Shape(1, 2, 4, 4));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> DiceLoss.builder().build().forward(x, y));
      assertTrue(
          e.getMessage().contains("(1, 2, 4, 4)") && e.getMessage().contains("(1, 3, 4, 4)"));
    }
  }
}
