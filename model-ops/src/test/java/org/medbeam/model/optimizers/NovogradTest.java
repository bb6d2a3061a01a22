package org.medbeam.model.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbeam.model.networks.DjlTesting;
import org.medbeam.model.networks.NamedParameters;

/**
 * Five Novograd steps on the fixture's least-squares problem equal MONAI's {@code
 * monai.optimizers.Novograd} (optimizers.json, {@code novograd}: weights and bias after every step,
 * per argument set) to 1e-6.
 */
class NovogradTest {
  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : TinyProblem.FIX.path("novograd")) {
      out.add(Arguments.of(c.path("args").toString(), c));
    }
    return out.stream();
  }

  static Novograd build(JsonNode args) {
    Novograd.Builder b = Novograd.builder();
    if (args.has("lr")) {
      b.lr(args.path("lr").asDouble());
    }
    if (args.has("betas")) {
      b.betas(args.path("betas").get(0).asDouble(), args.path("betas").get(1).asDouble());
    }
    if (args.has("eps")) {
      b.eps(args.path("eps").asDouble());
    }
    b.weightDecay(args.path("weight_decay").asDouble(0));
    b.gradAveraging(args.path("grad_averaging").asBoolean(false));
    b.amsgrad(args.path("amsgrad").asBoolean(false));
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesMonai(String label, JsonNode c) {
    DjlTesting.engine();
    try (Model model = TinyProblem.model();
        Novograd opt = build(c.path("args"));
        Trainer trainer =
            model.newTrainer(new DefaultTrainingConfig(new TinyProblem.Mse()).optOptimizer(opt))) {
      NDManager m = trainer.getManager();
      int step = 0;
      for (JsonNode expected : c.path("steps")) {
        try (NDManager sm = m.newSubManager()) {
          NDArray x = TinyProblem.x(sm);
          NDArray y = TinyProblem.y(sm);
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList pred = trainer.forward(new NDList(x));
            NDArray loss = trainer.getLoss().evaluate(new NDList(y), pred);
            assertEquals(expected.path("loss").asDouble(), loss.getFloat(), 1e-5, label + " loss");
            gc.backward(loss);
          }
          trainer.step();
        }
        step++;
        var params = NamedParameters.of(model.getBlock());
        DjlTesting.assertClose(
            DjlTesting.floats(expected.path("weight")),
            params.get("weight").getArray().toFloatArray(),
            1e-6,
            1e-5,
            label + " weight after step " + step);
        DjlTesting.assertClose(
            DjlTesting.floats(expected.path("bias")),
            params.get("bias").getArray().toFloatArray(),
            1e-6,
            1e-5,
            label + " bias after step " + step);
      }
    }
  }

  @Test
  void validatesLikeMonai() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Novograd.builder().betas(1.0, 0.9));
    assertTrue(e.getMessage().contains("Invalid beta parameter at index 0: 1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Novograd.builder().lr(-1));
    assertTrue(e.getMessage().contains("Invalid learning rate: -1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Novograd.builder().weightDecay(-0.1));
    assertTrue(e.getMessage().contains("weight_decay"), e.getMessage());
  }
}
