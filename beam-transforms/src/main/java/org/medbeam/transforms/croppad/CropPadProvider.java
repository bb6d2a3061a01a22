package org.medbeam.transforms.croppad;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.transforms.OperationInverter;
import org.medbeam.transforms.config.ConfigArgs;
import org.medbeam.transforms.config.TransformFactory;
import org.medbeam.transforms.config.TransformProvider;
import org.medbeam.transforms.utility.Args;

/**
 * Registers MONAI's crop and pad transforms (array and dictionary forms) under their MONAI class
 * names with MONAI's snake_case arguments, and the inverters of every crop/pad operation.
 */
public final class CropPadProvider implements TransformProvider {

  @Override
  public Map<String, TransformFactory> transforms() {
    Map<String, TransformFactory> m = new LinkedHashMap<>();
    m.put("SpatialPad", a -> wrap(a, () -> spatialPad(a)));
    m.put(
        "SpatialPadd",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new SpatialPadd(
                      a.keys(),
                      Args.sizes(a, "spatial_size", true),
                      method(a),
                      modes(a),
                      padValue(a));
                }));
    m.put(
        "BorderPad",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new BorderPad(Args.sizes(a, "spatial_border", true), mode(a), padValue(a));
                }));
    m.put(
        "BorderPadd",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new BorderPadd(
                      a.keys(), Args.sizes(a, "spatial_border", true), modes(a), padValue(a));
                }));
    m.put(
        "DivisiblePad",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new DivisiblePad(
                      Args.sizes(a, "k", true), method(a), mode(a), padValue(a));
                }));
    m.put(
        "DivisiblePadd",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new DivisiblePadd(
                      a.keys(), Args.sizes(a, "k", true), method(a), modes(a), padValue(a));
                }));
    m.put("SpatialCrop", a -> wrap(a, () -> spatialCrop(a)));
    m.put("SpatialCropd", a -> wrap(a, () -> new SpatialCropd(a.keys(), spatialCrop(a))));
    m.put(
        "CenterSpatialCrop",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new CenterSpatialCrop(Args.sizes(a, "roi_size", true));
                }));
    m.put(
        "CenterSpatialCropd",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new CenterSpatialCropd(a.keys(), Args.sizes(a, "roi_size", true));
                }));
    m.put(
        "RandSpatialCrop",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new RandSpatialCrop(
                      Args.sizes(a, "roi_size", true),
                      Args.sizes(a, "max_roi_size", false),
                      a.getBoolean("random_center", true),
                      a.getBoolean("random_size", false));
                }));
    m.put(
        "RandSpatialCropd",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new RandSpatialCropd(
                      a.keys(),
                      Args.sizes(a, "roi_size", true),
                      Args.sizes(a, "max_roi_size", false),
                      a.getBoolean("random_center", true),
                      a.getBoolean("random_size", false));
                }));
    m.put(
        "RandSpatialCropSamples",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new RandSpatialCropSamples(
                      Args.sizes(a, "roi_size", true),
                      a.requireInt("num_samples"),
                      Args.sizes(a, "max_roi_size", false),
                      a.getBoolean("random_center", true),
                      a.getBoolean("random_size", false));
                }));
    m.put(
        "RandSpatialCropSamplesd",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new RandSpatialCropSamplesd(
                      a.keys(),
                      Args.sizes(a, "roi_size", true),
                      a.requireInt("num_samples"),
                      Args.sizes(a, "max_roi_size", false),
                      a.getBoolean("random_center", true),
                      a.getBoolean("random_size", false));
                }));
    m.put(
        "CropForeground",
        a ->
            wrap(
                a,
                () -> {
                  if (a.getBoolean("return_coords", false)) {
                    throw a.error(
                        "return_coords",
                        "is true; a chain passes volumes on, accepted: false (use CropForegroundd,"
                            + " which stores the box under start_coord_key/end_coord_key)");
                  }
                  return cropForeground(a, mode(a));
                }));
    m.put(
        "CropForegroundd",
        a ->
            wrap(
                a,
                () ->
                    new CropForegroundd(
                        a.keys(),
                        a.requireString("source_key"),
                        cropForeground(a, "constant"),
                        modes(a),
                        emptyIsNull(a.getString("start_coord_key", "foreground_start_coord")),
                        emptyIsNull(a.getString("end_coord_key", "foreground_end_coord")))));
    m.put("RandWeightedCrop", a -> needsVolume(a, "weight_map", "RandWeightedCropd with w_key"));
    m.put(
        "RandWeightedCropd",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new RandWeightedCropd(
                      a.keys(),
                      a.requireString("w_key"),
                      Args.sizes(a, "spatial_size", true),
                      a.getInt("num_samples", 1));
                }));
    m.put(
        "RandCropByPosNegLabel",
        a -> needsVolume(a, "label", "RandCropByPosNegLabeld with label_key"));
    m.put(
        "RandCropByPosNegLabeld",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new RandCropByPosNegLabeld(
                      a.keys(),
                      a.requireString("label_key"),
                      Args.sizes(a, "spatial_size", true),
                      a.getDouble("pos", 1),
                      a.getDouble("neg", 1),
                      a.getInt("num_samples", 1),
                      Args.optString(a, "image_key"),
                      a.getDouble("image_threshold", 0),
                      Args.optString(a, "fg_indices_key"),
                      Args.optString(a, "bg_indices_key"),
                      a.getBoolean("allow_smaller", false));
                }));
    m.put(
        "RandCropByLabelClasses",
        a -> needsVolume(a, "label", "RandCropByLabelClassesd with label_key"));
    m.put(
        "RandCropByLabelClassesd",
        a ->
            wrap(
                a,
                () -> {
                  Args.noLazy(a);
                  return new RandCropByLabelClassesd(
                      a.keys(),
                      a.requireString("label_key"),
                      Args.sizes(a, "spatial_size", true),
                      a.getDoubles("ratios", null),
                      Args.optInt(a, "num_classes"),
                      a.getInt("num_samples", 1),
                      Args.optString(a, "image_key"),
                      a.getDouble("image_threshold", 0),
                      Args.optString(a, "indices_key"),
                      a.getBoolean("allow_smaller", false),
                      a.getBoolean("warn", true),
                      Args.optInt(a, "max_samples_per_class"));
                }));
    return m;
  }

  @Override
  public Map<String, OperationInverter> inverters() {
    Map<String, OperationInverter> m = new LinkedHashMap<>();
    for (String pad : List.of("Pad", "SpatialPad", "BorderPad", "DivisiblePad")) {
      m.put(pad, CropPadInverters.PAD);
    }
    for (String crop : List.of("SpatialCrop", "CenterSpatialCrop", "RandSpatialCrop")) {
      m.put(crop, CropPadInverters.CROP);
    }
    m.put("CropForeground", CropPadInverters.CROP_FOREGROUND);
    for (String multi :
        List.of(
            "RandSpatialCropSamples",
            "RandWeightedCrop",
            "RandCropByPosNegLabel",
            "RandCropByLabelClasses")) {
      m.put(multi, CropPadInverters.NESTED_CROP);
    }
    return m;
  }

  interface Build {
    Object build();
  }

  static Object wrap(ConfigArgs a, Build b) {
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw Args.named(a, e);
    }
  }

  private static Object needsVolume(ConfigArgs a, String arg, String instead) {
    throw new IllegalArgumentException(
        a.target()
            + ": the array form needs a volume argument '"
            + arg
            + "', which a config cannot hold; use "
            + instead);
  }

  private static String emptyIsNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static SpatialPad spatialPad(ConfigArgs a) {
    Args.noLazy(a);
    return new SpatialPad(Args.sizes(a, "spatial_size", true), method(a), mode(a), padValue(a));
  }

  private static String method(ConfigArgs a) {
    return a.getChoice("method", "symmetric", "symmetric", "end");
  }

  private static String mode(ConfigArgs a) {
    return a.getChoice("mode", "constant", Padding.MODES.toArray(new String[0]));
  }

  private static List<String> modes(ConfigArgs a) {
    return a.getChoices("mode", null, Padding.MODES.toArray(new String[0]));
  }

  /** {@code value} (torch), {@code constant_values} (numpy) or {@code end_values} (linear_ramp). */
  private static double padValue(ConfigArgs a) {
    double v = a.getDouble("value", 0);
    v = a.getDouble("constant_values", v);
    return a.getDouble("end_values", v);
  }

  private static SpatialCrop spatialCrop(ConfigArgs a) {
    Args.noLazy(a);
    Args.unsupported(a, "roi_slices", "Python slices have no JSON form; use roi_start/roi_end");
    int[] center = Args.sizes(a, "roi_center", false);
    int[] size = Args.sizes(a, "roi_size", false);
    if (center != null && size != null) {
      return SpatialCrop.centerSize(center, size);
    }
    int[] start = Args.sizes(a, "roi_start", false);
    int[] end = Args.sizes(a, "roi_end", false);
    if (start == null || end == null) {
      throw a.error(
          "roi_center", "and roi_size, or roi_start and roi_end, must be given (got neither pair)");
    }
    return SpatialCrop.startEnd(start, end);
  }

  private static CropForeground cropForeground(ConfigArgs a, String mode) {
    Args.noLazy(a);
    Args.unsupported(
        a,
        "select_fn",
        "it is Python code; medbeam's config form selects values > 0 (is_positive)");
    int[] channels = a.has("channel_indices") ? a.getInts("channel_indices", null) : null;
    return new CropForeground(
        null,
        channels,
        a.getInts("margin", new int[] {0}),
        a.getBoolean("allow_smaller", true),
        a.getInts("k_divisible", new int[] {1}),
        mode,
        padValue(a));
  }
}
