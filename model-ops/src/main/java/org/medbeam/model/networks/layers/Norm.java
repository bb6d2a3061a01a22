package org.medbeam.model.networks.layers;

import ai.djl.nn.Block;

/**
 * MONAI's {@code Norm} factory with {@code get_norm_layer} semantics: {@code batch}, {@code
 * syncbatch} (single-process: batch norm), {@code instance}, {@code instance_nvfuser} (instance
 * norm), {@code group} ({@code num_groups} required), {@code layer} ({@code normalized_shape}
 * required). {@code num_features} / {@code num_channels} default to {@code channels}, as MONAI
 * fills them. An empty name gives {@link Identity}.
 */
public final class Norm {
  private Norm() {}

  public static final String BATCH = "batch";
  public static final String INSTANCE = "instance";
  public static final String GROUP = "group";
  public static final String LAYER = "layer";

  /** {@code get_norm_layer(name, spatial_dims, channels)}. */
  public static Block create(LayerSpec spec, int spatialDims, int channels) {
    if (spec.name().isEmpty()) {
      return new Identity();
    }
    switch (spec.name()) {
      case "batch":
      case "syncbatch":
        {
          spec.checkOnly(
              "BatchNorm", "num_features", "eps", "momentum", "affine", "track_running_stats");
          if (spec.args().containsKey("momentum") && spec.args().get("momentum") == null) {
            throw new IllegalArgumentException(
                "BatchNorm: momentum=None (cumulative average) is not supported");
          }
          return new BatchNorm(
              spatialDims,
              spec.getInt("num_features", channels),
              spec.getDouble("eps", 1e-5),
              spec.getDouble("momentum", 0.1),
              spec.getBoolean("affine", true),
              spec.getBoolean("track_running_stats", true));
        }
      case "instance":
      case "instance_nvfuser":
        {
          spec.checkOnly(
              "InstanceNorm", "num_features", "eps", "momentum", "affine", "track_running_stats");
          if (spec.getBoolean("track_running_stats", false)) {
            throw new IllegalArgumentException(
                "InstanceNorm: track_running_stats=True is not supported");
          }
          return new InstanceNorm(
              spatialDims,
              spec.getInt("num_features", channels),
              spec.getDouble("eps", 1e-5),
              spec.getBoolean("affine", false));
        }
      case "group":
        {
          spec.checkOnly("GroupNorm", "num_groups", "num_channels", "eps", "affine");
          if (!spec.has("num_groups")) {
            throw new IllegalArgumentException("GroupNorm: num_groups is required");
          }
          return new GroupNorm(
              spec.getInt("num_groups", 1),
              spec.getInt("num_channels", channels),
              spec.getDouble("eps", 1e-5),
              spec.getBoolean("affine", true));
        }
      case "layer":
        {
          spec.checkOnly("LayerNorm", "normalized_shape", "eps", "elementwise_affine");
          int[] shape = spec.getInts("normalized_shape");
          if (shape == null) {
            throw new IllegalArgumentException("LayerNorm: normalized_shape is required");
          }
          return new LayerNorm(
              shape, spec.getDouble("eps", 1e-5), spec.getBoolean("elementwise_affine", true));
        }
      default:
        throw new IllegalArgumentException(
            "Norm factory: unknown normalization '"
                + spec.name()
                + "'; available: batch, syncbatch, instance, instance_nvfuser, group, layer");
    }
  }

  /** Convenience for {@code create(LayerSpec.of(name), spatialDims, channels)}. */
  public static Block create(String name, int spatialDims, int channels) {
    return create(LayerSpec.of(name), spatialDims, channels);
  }
}
