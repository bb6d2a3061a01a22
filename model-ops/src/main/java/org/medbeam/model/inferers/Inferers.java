package org.medbeam.model.inferers;

import java.util.Map;
import org.medbeam.transforms.config.ConfigArgs;

/**
 * Inferers from MONAI Bundle-style specs: {@code {"_target_": "SlidingWindowInferer", "roi_size":
 * [96, 96, 96], "sw_batch_size": 4, "overlap": 0.25, "mode": "gaussian"}} or {@code {"_target_":
 * "SimpleInferer"}} (also with the {@code monai.inferers.} prefix; snake_case or camelCase names).
 *
 * <p>{@code progress} and {@code cache_roi_weight_map} are accepted and have no effect (no
 * progress bar; the weight map is computed once per image anyway); {@code device} may only be
 * {@code "cpu"} (outputs are stitched on the JVM heap); the model's device ({@code sw_device}) is
 * set on the {@code ModelSpec}, so {@code sw_device} here is an error saying so, as are {@code
 * buffer_steps}, {@code buffer_dim}, {@code with_coord} and {@code cpu_thresh}.
 */
public final class Inferers {
  private Inferers() {}

  public static Inferer fromConfig(Map<String, ?> spec) {
    Object t = spec.get("_target_");
    String target = t == null ? "" : t.toString();
    if (target.startsWith("monai.inferers.")) {
      target = target.substring("monai.inferers.".length());
    }
    ConfigArgs a = new ConfigArgs(target, spec);
    Inferer result;
    switch (target) {
      case "SimpleInferer":
        result = SimpleInferer.create();
        break;
      case "SlidingWindowInferer":
        result = slidingWindow(a);
        break;
      default:
        throw new IllegalArgumentException(
            "_target_ " + (t == null ? "is missing" : "'" + t + "' is not an inferer")
                + "; accepted: SimpleInferer, SlidingWindowInferer");
    }
    a.checkAllUsed();
    return result;
  }

  private static SlidingWindowInferer slidingWindow(ConfigArgs a) {
    SlidingWindowInferer sw =
        SlidingWindowInferer.of(a.requireInts("roi_size"))
            .withSwBatchSize(a.getInt("sw_batch_size", 1))
            .withOverlap(a.getDoubles("overlap", new double[] {0.25}))
            .withMode(a.getChoice("mode", "constant", "constant", "gaussian"))
            .withSigmaScale(a.getDoubles("sigma_scale", new double[] {0.125}))
            .withPaddingMode(a.getChoice("padding_mode", "constant", "constant", "reflect",
                "replicate", "circular"))
            .withCval(a.getDouble("cval", 0.0));
    a.getBoolean("progress", false);
    a.getBoolean("cache_roi_weight_map", false);
    String device = a.getString("device", null);
    if (device != null && !device.equalsIgnoreCase("cpu")) {
      throw a.error("device", "must be \"cpu\" or null (outputs are stitched on the JVM heap),"
          + " got \"" + device + "\"");
    }
    for (String unsupported :
        new String[] {"buffer_steps", "buffer_dim", "with_coord", "cpu_thresh"}) {
      if (a.has(unsupported)) {
        throw a.error(unsupported, "is not supported by medbeam's SlidingWindowInferer");
      }
    }
    if (a.has("sw_device")) {
      throw a.error("sw_device", "is the model's device: set it on the model (ModelSpec"
          + ".withDevice / the --device option), not on the inferer");
    }
    return sw;
  }
}
