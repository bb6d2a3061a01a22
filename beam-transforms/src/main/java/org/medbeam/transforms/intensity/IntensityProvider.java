package org.medbeam.transforms.intensity;

import java.util.LinkedHashMap;
import java.util.Map;
import org.medbeam.core.DType;
import org.medbeam.transforms.config.ConfigArgs;
import org.medbeam.transforms.config.TransformFactory;
import org.medbeam.transforms.config.TransformProvider;
import org.medbeam.transforms.utility.Args;

/**
 * Registers MONAI's intensity transforms (array and dictionary forms) under their MONAI class names
 * with MONAI's snake_case arguments.
 *
 * <p>{@code null} is MONAI's {@code None}: {@code "dtype": null} (or {@code "None"}) keeps the
 * input's dtype, {@code "maxv": null} rescales to {@code [0, 1]} without the affine step, and so
 * on. {@code ScaleIntensity} given only {@code factor} scales by it, as MONAI does with {@code
 * minv=None, maxv=None}.
 */
public final class IntensityProvider implements TransformProvider {

  interface Build {
    Object build();
  }

  private static Object wrap(ConfigArgs a, Build b) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw Args.named(a, e);
    }
  }

  static DType dtype(ConfigArgs a) {
    if (a.isNull("dtype")) {
      return null;
    }
    if (!a.has("dtype")) {
      return DType.FLOAT32;
    }
    String s = a.getString("dtype", null);
    if (s.equalsIgnoreCase("none")) {
      return null;
    }
    return Args.dtype(a, "dtype", DType.FLOAT32);
  }

  @Override
  public Map<String, TransformFactory> transforms() {
    Map<String, TransformFactory> m = new LinkedHashMap<>();
    m.put("NormalizeIntensity", a -> wrap(a, () -> normalize(a)));
    m.put(
        "NormalizeIntensityd",
        a ->
            wrap(
                a,
                () ->
                    new NormalizeIntensityd(
                        a.keys(),
                        a.getDoubles("subtrahend", null),
                        a.getDoubles("divisor", null),
                        a.getBoolean("nonzero", false),
                        a.getBoolean("channel_wise", false),
                        dtype(a))));
    m.put("ScaleIntensity", a -> wrap(a, () -> scale(a)));
    m.put(
        "ScaleIntensityd",
        a ->
            wrap(
                a,
                () -> {
                  return new ScaleIntensityd(
                      a.keys(),
                      minv(a),
                      maxv(a),
                      Args.optDouble(a, "factor"),
                      a.getBoolean("channel_wise", false),
                      dtype(a));
                }));
    m.put(
        "ScaleIntensityRange",
        a ->
            wrap(
                a,
                () ->
                    new ScaleIntensityRange(
                        a.requireDouble("a_min"),
                        a.requireDouble("a_max"),
                        Args.optDouble(a, "b_min"),
                        Args.optDouble(a, "b_max"),
                        a.getBoolean("clip", false),
                        dtype(a))));
    m.put(
        "ScaleIntensityRanged",
        a ->
            wrap(
                a,
                () ->
                    new ScaleIntensityRanged(
                        a.keys(),
                        a.requireDouble("a_min"),
                        a.requireDouble("a_max"),
                        Args.optDouble(a, "b_min"),
                        Args.optDouble(a, "b_max"),
                        a.getBoolean("clip", false),
                        dtype(a))));
    m.put(
        "ScaleIntensityRangePercentiles",
        a ->
            wrap(
                a,
                () ->
                    new ScaleIntensityRangePercentiles(
                        a.requireDouble("lower"),
                        a.requireDouble("upper"),
                        Args.optDouble(a, "b_min"),
                        Args.optDouble(a, "b_max"),
                        a.getBoolean("clip", false),
                        a.getBoolean("relative", false),
                        a.getBoolean("channel_wise", false),
                        dtype(a))));
    m.put(
        "ScaleIntensityRangePercentilesd",
        a ->
            wrap(
                a,
                () ->
                    new ScaleIntensityRangePercentilesd(
                        a.keys(),
                        a.requireDouble("lower"),
                        a.requireDouble("upper"),
                        Args.optDouble(a, "b_min"),
                        Args.optDouble(a, "b_max"),
                        a.getBoolean("clip", false),
                        a.getBoolean("relative", false),
                        a.getBoolean("channel_wise", false),
                        dtype(a))));
    m.put(
        "ThresholdIntensity",
        a ->
            wrap(
                a,
                () ->
                    new ThresholdIntensity(
                        a.requireDouble("threshold"),
                        a.getBoolean("above", true),
                        a.getDouble("cval", 0))));
    m.put(
        "ThresholdIntensityd",
        a ->
            wrap(
                a,
                () ->
                    new ThresholdIntensityd(
                        a.keys(),
                        a.requireDouble("threshold"),
                        a.getBoolean("above", true),
                        a.getDouble("cval", 0))));
    m.put(
        "ClipIntensityPercentiles",
        a ->
            wrap(
                a,
                () ->
                    new ClipIntensityPercentiles(
                        Args.optDouble(a, "lower"),
                        Args.optDouble(a, "upper"),
                        Args.optDouble(a, "sharpness_factor"),
                        a.getBoolean("channel_wise", false),
                        clipArgs(a))));
    m.put(
        "ClipIntensityPercentilesd",
        a ->
            wrap(
                a,
                () ->
                    new ClipIntensityPercentilesd(
                        a.keys(),
                        Args.optDouble(a, "lower"),
                        Args.optDouble(a, "upper"),
                        Args.optDouble(a, "sharpness_factor"),
                        a.getBoolean("channel_wise", false),
                        clipArgs(a))));
    m.put(
        "ShiftIntensity",
        a ->
            wrap(
                a,
                () -> {
                  a.getBoolean("safe", false);
                  return new ShiftIntensity(a.requireDouble("offset"));
                }));
    m.put(
        "ShiftIntensityd",
        a ->
            wrap(
                a,
                () -> {
                  a.getBoolean("safe", false);
                  noFactorKey(a);
                  return new ShiftIntensityd(a.keys(), a.requireDouble("offset"));
                }));
    m.put(
        "AdjustContrast",
        a ->
            wrap(
                a,
                () ->
                    new AdjustContrast(
                        a.requireDouble("gamma"),
                        a.getBoolean("invert_image", false),
                        a.getBoolean("retain_stats", false))));
    m.put(
        "AdjustContrastd",
        a ->
            wrap(
                a,
                () ->
                    new AdjustContrastd(
                        a.keys(),
                        a.requireDouble("gamma"),
                        a.getBoolean("invert_image", false),
                        a.getBoolean("retain_stats", false))));
    m.put(
        "GaussianSmooth",
        a ->
            wrap(
                a, () -> new GaussianSmooth(a.getDoubles("sigma", new double[] {1.0}), approx(a))));
    m.put(
        "GaussianSmoothd",
        a ->
            wrap(
                a,
                () ->
                    new GaussianSmoothd(
                        a.keys(), a.getDoubles("sigma", new double[] {1.0}), approx(a))));
    m.put(
        "MaskIntensity",
        a -> {
          throw new IllegalArgumentException(
              a.target()
                  + ": the array form needs the mask volume "
                  + "'mask_data', which a config cannot hold; use MaskIntensityd with mask_key");
        });
    m.put(
        "MaskIntensityd",
        a ->
            wrap(
                a,
                () -> {
                  Args.unsupported(
                      a, "mask_data", "it is an array; name the mask's key with mask_key");
                  Args.unsupported(
                      a, "select_fn", "it is Python code; the config form selects mask > 0");
                  return new MaskIntensityd(a.keys(), null, a.requireString("mask_key"), null);
                }));
    m.put(
        "RandGaussianNoise",
        a ->
            wrap(
                a,
                () ->
                    new RandGaussianNoise(
                        a.getDouble("prob", 0.1),
                        a.getDouble("mean", 0.0),
                        a.getDouble("std", 0.1),
                        dtype(a),
                        a.getBoolean("sample_std", true))));
    m.put(
        "RandGaussianNoised",
        a ->
            wrap(
                a,
                () ->
                    new RandGaussianNoised(
                        a.keys(),
                        a.getDouble("prob", 0.1),
                        a.getDouble("mean", 0.0),
                        a.getDouble("std", 0.1),
                        dtype(a),
                        a.getBoolean("sample_std", true))));
    m.put(
        "RandScaleIntensity",
        a ->
            wrap(
                a,
                () ->
                    new RandScaleIntensity(
                        a.requireDoubles("factors"), a.getDouble("prob", 0.1),
                        a.getBoolean("channel_wise", false), dtype(a))));
    m.put(
        "RandScaleIntensityd",
        a ->
            wrap(
                a,
                () ->
                    new RandScaleIntensityd(
                        a.keys(),
                        a.requireDoubles("factors"),
                        a.getDouble("prob", 0.1),
                        a.getBoolean("channel_wise", false),
                        dtype(a))));
    m.put(
        "RandShiftIntensity",
        a ->
            wrap(
                a,
                () -> {
                  a.getBoolean("safe", false);
                  return new RandShiftIntensity(
                      a.requireDoubles("offsets"),
                      a.getDouble("prob", 0.1),
                      a.getBoolean("channel_wise", false));
                }));
    m.put(
        "RandShiftIntensityd",
        a ->
            wrap(
                a,
                () -> {
                  a.getBoolean("safe", false);
                  noFactorKey(a);
                  return new RandShiftIntensityd(
                      a.keys(),
                      a.requireDoubles("offsets"),
                      a.getDouble("prob", 0.1),
                      a.getBoolean("channel_wise", false));
                }));
    m.put(
        "RandAdjustContrast",
        a ->
            wrap(
                a,
                () ->
                    new RandAdjustContrast(
                        a.getDouble("prob", 0.1), a.getDoubles("gamma", null),
                        a.getBoolean("invert_image", false), a.getBoolean("retain_stats", false))));
    m.put(
        "RandAdjustContrastd",
        a ->
            wrap(
                a,
                () ->
                    new RandAdjustContrastd(
                        a.keys(),
                        a.getDouble("prob", 0.1),
                        a.getDoubles("gamma", null),
                        a.getBoolean("invert_image", false),
                        a.getBoolean("retain_stats", false))));
    m.put(
        "RandGaussianSmooth",
        a ->
            wrap(
                a,
                () ->
                    new RandGaussianSmooth(
                        a.getDoubles("sigma_x", null),
                        a.getDoubles("sigma_y", null),
                        a.getDoubles("sigma_z", null),
                        a.getDouble("prob", 0.1),
                        approx(a))));
    m.put(
        "RandGaussianSmoothd",
        a ->
            wrap(
                a,
                () ->
                    new RandGaussianSmoothd(
                        a.keys(),
                        a.getDoubles("sigma_x", null),
                        a.getDoubles("sigma_y", null),
                        a.getDoubles("sigma_z", null),
                        a.getDouble("prob", 0.1),
                        approx(a))));
    return m;
  }

  private static NormalizeIntensity normalize(ConfigArgs a) {
    return new NormalizeIntensity(
        a.getDoubles("subtrahend", null),
        a.getDoubles("divisor", null),
        a.getBoolean("nonzero", false),
        a.getBoolean("channel_wise", false),
        dtype(a));
  }

  private static boolean factorOnly(ConfigArgs a) {
    return a.has("factor") && !a.has("minv") && !a.has("maxv");
  }

  private static Double minv(ConfigArgs a) {
    return factorOnly(a) || a.isNull("minv") ? null : a.getDouble("minv", 0.0);
  }

  private static Double maxv(ConfigArgs a) {
    return factorOnly(a) || a.isNull("maxv") ? null : a.getDouble("maxv", 1.0);
  }

  private static ScaleIntensity scale(ConfigArgs a) {
    return new ScaleIntensity(
        minv(a),
        maxv(a),
        Args.optDouble(a, "factor"),
        a.getBoolean("channel_wise", false),
        dtype(a));
  }

  private static DType clipArgs(ConfigArgs a) {
    if (a.getBoolean("return_clipping_values", false)) {
      throw a.error(
          "return_clipping_values",
          "is true; medbeam does not write clipping values into the metadata, accepted: false");
    }
    return dtype(a);
  }

  private static String approx(ConfigArgs a) {
    return a.getChoice("approx", "erf", GaussianKernels.APPROX);
  }

  private static void noFactorKey(ConfigArgs a) {
    Args.unsupported(a, "factor_key", "medbeam's dictionary form shifts by the drawn offset only");
    Args.unsupported(a, "meta_keys", "medbeam's dictionary form shifts by the drawn offset only");
    Args.unsupported(
        a, "meta_key_postfix", "medbeam's dictionary form shifts by the drawn offset only");
  }
}
