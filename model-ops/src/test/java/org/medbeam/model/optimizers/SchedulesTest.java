package org.medbeam.model.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.training.tracker.Tracker;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Learning rates of both parameter groups (base 0.1 and 0.01) for 30 steps equal MONAI's {@code
 * WarmupCosineSchedule}, {@code LinearLR}, {@code ExponentialLR} and torch's {@code PolynomialLR}
 * (optimizers.json, {@code schedules}), read as PyTorch's loop reads them, to 1e-12 relative; and
 * the DJL tracker gives the same rate at update {@code step + 1}.
 */
class SchedulesTest {
  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : TinyProblem.FIX.path("schedules")) {
      out.add(Arguments.of(c.path("schedule").asText() + c.path("args"), c));
    }
    return out.stream();
  }

  static LrSchedule build(JsonNode c) {
    JsonNode a = c.path("args");
    switch (c.path("schedule").asText()) {
      case "WarmupCosineSchedule":
        return new WarmupCosineSchedule(
            a.path("warmup_steps").asInt(),
            a.path("t_total").asInt(),
            a.path("end_lr").asDouble(0.0),
            a.path("cycles").asDouble(0.5),
            a.path("warmup_multiplier").asDouble(0.0));
      case "PolynomialLR":
        return new PolynomialLR(a.path("total_iters").asInt(), a.path("power").asDouble());
      case "LinearLR":
        return new LinearLR(a.path("end_lr").asDouble(), a.path("num_iter").asInt());
      case "ExponentialLR":
        return new ExponentialLR(a.path("end_lr").asDouble(), a.path("num_iter").asInt());
      default:
        throw new IllegalArgumentException(c.toString());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesMonai(String label, JsonNode c) {
    LrSchedule s = build(c);
    JsonNode bases = c.path("base_lrs");
    int step = 0;
    for (JsonNode row : c.path("lrs")) {
      for (int g = 0; g < bases.size(); g++) {
        double base = bases.get(g).asDouble();
        double want = row.get(g).asDouble();
        double got = s.lr(base, step);
        assertEquals(want, got, 1e-12 * Math.max(1e-3, Math.abs(want)), label + " step " + step);
        Tracker t = s.tracker(base);
        assertEquals((float) want, t.getNewValue(step + 1), 1e-6f * Math.max(1e-3f, (float) want));
      }
      step++;
    }
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(
        IllegalArgumentException.class, () -> new WarmupCosineSchedule(5, 10, 0, 0.5, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new LinearLR(1.0, 1));
    assertThrows(IllegalArgumentException.class, () -> new PolynomialLR(0, 1));
  }
}
