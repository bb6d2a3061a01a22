package org.medbeam.model.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.optimizer.Optimizer;
import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbeam.model.networks.DjlTesting;
import org.medbeam.model.networks.NamedParameters;

/**
 * The range test equals MONAI's {@code LearningRateFinder.range_test} with SGD on the fixture's
 * least-squares problem (optimizers.json, {@code lr_finder}): same rates, same (smoothed) losses to
 * 1e-4 relative, same early stop, same {@code get_steepest_gradient(2, 1)}, parameters restored
 * afterwards; and the PNG plot is drawn.
 */
class LearningRateFinderTest {
  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : TinyProblem.FIX.path("lr_finder")) {
      out.add(Arguments.of(c.path("args").toString(), c));
    }
    return out.stream();
  }

  static LearningRateFinder.Result run(JsonNode a) {
    DjlTesting.engine();
    LearningRateFinder.Builder b =
        LearningRateFinder.builder()
            .startLr(a.path("start_lr").asDouble())
            .endLr(a.path("end_lr").asDouble())
            .numIter(a.path("num_iter").asInt())
            .stepMode(a.path("step_mode").asText());
    if (a.has("smooth_f")) {
      b.smoothF(a.path("smooth_f").asDouble());
    }
    if (a.has("diverge_th")) {
      b.divergeTh(a.path("diverge_th").asDouble());
    }
    try (Model model = TinyProblem.model();
        NDManager m = DjlTesting.newManager()) {
      ArrayDataset data = TinyProblem.dataset(m, 4);
      LearningRateFinder.Result r =
          b.build()
              .rangeTest(
                  model,
                  new TinyProblem.Mse(),
                  t -> Optimizer.sgd().setLearningRateTracker(t).build(),
                  () -> {
                    try {
                      return data.getData(m).iterator();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  },
                  null);
      // auto_reset: parameters are back to the initial values
      assertArrayEquals(
          DjlTesting.floats(TinyProblem.FIX.path("w0")),
          NamedParameters.of(model.getBlock()).get("weight").getArray().toFloatArray());
      return r;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesMonai(String label, JsonNode c) {
    LearningRateFinder.Result r = run(c.path("args"));
    assertEquals(c.path("lr").size(), r.lrs().size(), label + " iterations before stop");
    for (int i = 0; i < r.lrs().size(); i++) {
      double want = c.path("lr").get(i).asDouble();
      assertEquals(want, r.lrs().get(i), 1e-12 * want, label + " lr " + i);
      double wl = c.path("loss").get(i).asDouble();
      assertEquals(wl, r.losses().get(i), 1e-4 * Math.abs(wl) + 1e-6, label + " loss " + i);
    }
    double[] steep = r.steepestGradient(2, 1);
    assertEquals(c.path("steepest_lr").asDouble(), steep[0], 1e-12, label + " steepest lr");
    assertEquals(c.path("steepest_loss").asDouble(), steep[1], 1e-4 * Math.abs(steep[1]));
  }

  @Test
  void plotsPng(@TempDir Path dir) throws Exception {
    LearningRateFinder.Result r = run(TinyProblem.FIX.path("lr_finder").get(0).path("args"));
    Path png = dir.resolve("lr.png");
    r.plot(png, 2, 1, true, true);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(LrPlot.WIDTH, img.getWidth());
    assertEquals(LrPlot.HEIGHT, img.getHeight());
    int curve = 0;
    int mark = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        curve += rgb == (LrPlot.CURVE.getRGB() & 0xffffff) ? 1 : 0;
        mark += rgb == (LrPlot.MARK.getRGB() & 0xffffff) ? 1 : 0;
      }
    }
    assertTrue(curve > 200, "curve pixels: " + curve);
    assertTrue(mark > 50, "steepest-point pixels: " + mark);
    assertTrue(Files.size(png) > 5000);
  }

  /**
   * numpy.gradient([3, 2.5, 1, 0.8, 0.9, 2]) = [-0.5, -1, -0.85, -0.05, 0.6, 1.1] (printed by
   * make_fixtures.py).
   */
  @Test
  void gradientIsNumpys() {
    assertArrayEquals(
        new double[] {-0.5, -1.0, -0.85, -0.05, 0.6, 1.1},
        LearningRateFinder.Result.gradient(new double[] {3.0, 2.5, 1.0, 0.8, 0.9, 2.0}),
        1e-12);
    assertNull(LearningRateFinder.Result.gradient(new double[] {1.0}));
  }
}
