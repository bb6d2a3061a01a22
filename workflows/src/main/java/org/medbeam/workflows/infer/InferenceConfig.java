package org.medbeam.workflows.infer;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.medbeam.core.DType;
import org.medbeam.model.inferers.Inferer;
import org.medbeam.model.inferers.Inferers;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.workflows.Hashing;

/**
 * A whole inference job described the way a MONAI bundle's {@code inference.json} does:
 *
 * <pre>{@code
 * {
 *   "image_key": "image", "pred_key": "pred", "output_dtype": "uint8",
 *   "preprocessing":  {"_target_": "Compose", "lazy": true, "transforms": [...]},
 *   "inferer":        {"_target_": "SlidingWindowInferer", "roi_size": [96, 96, 96], ...},
 *   "postprocessing": [{"_target_": "Activationsd", ...}, ..., {"_target_": "Invertd", ...}]
 * }
 * }</pre>
 *
 * With an empty (or absent) {@code postprocessing} the raw model output — every channel, float32 —
 * is what gets written, so probabilities can be inspected.
 */
public final class InferenceConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  final String source;
  final String sha256;
  final String imageKey;
  final String predKey;
  final Compose preprocessing;
  final Compose postprocessing;
  final transient Map<?, ?> infererSpec;
  final Inferer inferer;
  final DType outputDtype;

  private InferenceConfig(String source, String text) {
    this.source = source;
    this.sha256 = Hashing.sha256(text.getBytes(StandardCharsets.UTF_8));
    Object doc = ChainConfig.parse(text);
    if (!(doc instanceof Map)) {
      throw new IllegalArgumentException(
          source + ": an inference config is an object with preprocessing/inferer/postprocessing");
    }
    Map<?, ?> m = (Map<?, ?>) doc;
    for (Object k : m.keySet()) {
      if (!java.util.Set.of("image_key", "pred_key", "output_dtype", "preprocessing", "inferer",
          "postprocessing", "description", "version").contains(String.valueOf(k))) {
        throw new IllegalArgumentException(
            source + ": unknown section '" + k + "'; accepted: image_key, pred_key, output_dtype, "
                + "preprocessing, inferer, postprocessing, description, version");
      }
    }
    this.imageKey = string(m, "image_key", "image");
    this.predKey = string(m, "pred_key", "pred");
    this.preprocessing = ChainConfig.section(doc, "preprocessing");
    this.postprocessing = ChainConfig.section(doc, "postprocessing");
    Object inf = m.get("inferer");
    if (!(inf instanceof Map)) {
      throw new IllegalArgumentException(
          source + ": the 'inferer' section is required, e.g. {\"_target_\": "
              + "\"SlidingWindowInferer\", \"roi_size\": [96, 96, 96]}");
    }
    this.infererSpec = (Map<?, ?>) inf;
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) inf;
    try {
      this.inferer = Inferers.fromConfig(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": inferer: " + e.getMessage(), e);
    }
    String dtype = string(m, "output_dtype", null);
    this.outputDtype = dtype == null
        ? (postprocessing.transforms().isEmpty() ? DType.FLOAT32 : DType.UINT8)
        : DType.fromName(dtype);
  }

  private static String string(Map<?, ?> m, String key, String fallback) {
    Object v = m.get(key);
    return v == null ? fallback : v.toString();
  }

  public static InferenceConfig parse(String source, String text) {
    return new InferenceConfig(source, text);
  }

  /** Reads a config from a local path or URI. */
  public static InferenceConfig load(String pathOrUri) throws IOException {
    return parse(pathOrUri, new String(Bundled.readAll(pathOrUri), StandardCharsets.UTF_8));
  }

  /** Where the config came from. */
  public String source() {
    return source;
  }

  /** The key the image is read into ({@code image_key}, default {@code image}). */
  public String imageKey() {
    return imageKey;
  }

  /** The key the model output is written to ({@code pred_key}, default {@code pred}). */
  public String predKey() {
    return predKey;
  }

  /** The {@code preprocessing} chain. */
  public Compose preprocessing() {
    return preprocessing;
  }

  /** The {@code postprocessing} chain (empty for raw output). */
  public Compose postprocessing() {
    return postprocessing;
  }

  /** The {@code inferer}. */
  public Inferer inferer() {
    return inferer;
  }

  /** True when the raw model output is written (no postprocessing). */
  public boolean rawOutput() {
    return postprocessing.transforms().isEmpty();
  }
}
