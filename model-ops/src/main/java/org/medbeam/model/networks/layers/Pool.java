package org.medbeam.model.networks.layers;

import ai.djl.nn.Block;

/**
 * MONAI's {@code Pool} factory with {@code get_pool_layer} semantics: {@code max(kernel_size,
 * stride, padding, ceil_mode)}, {@code avg(kernel_size, stride, padding, ceil_mode,
 * count_include_pad)}, {@code adaptivemax(output_size)}, {@code adaptiveavg(output_size)}.
 */
public final class Pool {
  private Pool() {}

  public static final String MAX = "max";
  public static final String AVG = "avg";
  public static final String ADAPTIVEMAX = "adaptivemax";
  public static final String ADAPTIVEAVG = "adaptiveavg";

  /** {@code get_pool_layer(name, spatial_dims)}. */
  public static Block create(LayerSpec spec, int spatialDims) {
    switch (spec.name()) {
      case "":
        return new Identity();
      case MAX:
        {
          spec.checkOnly(
              "MaxPool",
              "kernel_size",
              "stride",
              "padding",
              "dilation",
              "ceil_mode",
              "return_indices");
          int[] dil = spec.getInts("dilation");
          if (dil != null) {
            for (int v : dil) {
              if (v != 1) {
                throw new IllegalArgumentException("MaxPool: dilation other than 1 is unsupported");
              }
            }
          }
          if (spec.getBoolean("return_indices", false)) {
            throw new IllegalArgumentException("MaxPool: return_indices is unsupported");
          }
          return Pooling.max(
              spatialDims,
              required(spec, "kernel_size"),
              spec.getInts("stride"),
              orZero(spec.getInts("padding")),
              spec.getBoolean("ceil_mode", false));
        }
      case AVG:
        {
          spec.checkOnly(
              "AvgPool", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad");
          return Pooling.avg(
              spatialDims,
              required(spec, "kernel_size"),
              spec.getInts("stride"),
              orZero(spec.getInts("padding")),
              spec.getBoolean("ceil_mode", false),
              spec.getBoolean("count_include_pad", true));
        }
      case ADAPTIVEMAX:
      case ADAPTIVEAVG:
        spec.checkOnly("AdaptivePool", "output_size");
        return new AdaptivePool(
            spec.name().equals(ADAPTIVEMAX), spatialDims, required(spec, "output_size"));
      default:
        throw new IllegalArgumentException(
            "Pool factory: unknown pooling '"
                + spec.name()
                + "'; available: max, avg, adaptivemax, adaptiveavg");
    }
  }

  private static int[] required(LayerSpec s, String arg) {
    int[] v = s.getInts(arg);
    if (v == null) {
      throw new IllegalArgumentException("Pool['" + s.name() + "']: " + arg + " is required");
    }
    return v;
  }

  private static int[] orZero(int[] v) {
    return v == null ? new int[] {0} : v;
  }
}
