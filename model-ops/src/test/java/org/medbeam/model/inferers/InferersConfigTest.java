package org.medbeam.model.inferers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferersConfigTest {
  @Test
  void slidingWindowFromABundleStyleSpec() {
    Inferer i =
        Inferers.fromConfig(
            Map.of(
                "_target_", "monai.inferers.SlidingWindowInferer",
                "roi_size", List.of(96, 96, 64),
                "sw_batch_size", 4,
                "overlap", 0.5,
                "mode", "gaussian",
                "sigmaScale", List.of(0.1, 0.2, 0.3),
                "padding_mode", "replicate",
                "cval", -1,
                "progress", true,
                "device", "cpu"));
    SlidingWindowInferer sw = (SlidingWindowInferer) i;
    assertArrayEquals(new int[] {96, 96, 64}, sw.roiSize());
    assertEquals(4, sw.swBatchSize());
    assertArrayEquals(new double[] {0.5}, sw.overlap());
    assertEquals(BlendMode.GAUSSIAN, sw.mode());
    assertArrayEquals(new double[] {0.1, 0.2, 0.3}, sw.sigmaScale());
    assertEquals(PytorchPadMode.REPLICATE, sw.paddingMode());
    assertEquals(-1.0, sw.cval());
  }

  @Test
  void simpleAndErrors() {
    assertTrue(Inferers.fromConfig(Map.of("_target_", "SimpleInferer")) instanceof SimpleInferer);
    assertEquals("_target_ 'Foo' is not an inferer; accepted: SimpleInferer, SlidingWindowInferer",
        assertThrows(IllegalArgumentException.class,
            () -> Inferers.fromConfig(Map.of("_target_", "Foo"))).getMessage());
    assertEquals("SlidingWindowInferer: argument 'roi_size' is required",
        assertThrows(IllegalArgumentException.class,
            () -> Inferers.fromConfig(Map.of("_target_", "SlidingWindowInferer"))).getMessage());
    String msg = assertThrows(IllegalArgumentException.class,
        () -> Inferers.fromConfig(Map.of("_target_", "SlidingWindowInferer", "roi_size", 8,
            "sw_device", "cuda"))).getMessage();
    assertTrue(msg.startsWith("SlidingWindowInferer: argument 'sw_device' is the model's device"),
        msg);
    msg = assertThrows(IllegalArgumentException.class,
        () -> Inferers.fromConfig(Map.of("_target_", "SlidingWindowInferer", "roi_size", 8,
            "overlapp", 0.5))).getMessage();
    assertTrue(msg.startsWith("SlidingWindowInferer: unknown argument [overlapp]"), msg);
    msg = assertThrows(IllegalArgumentException.class,
        () -> Inferers.fromConfig(Map.of("_target_", "SlidingWindowInferer", "roi_size", 8,
            "mode", "linear"))).getMessage();
    assertTrue(msg.contains("mode"), msg);
  }
}
