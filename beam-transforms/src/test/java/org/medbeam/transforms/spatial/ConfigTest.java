package org.medbeam.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.DType;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.transforms.config.TransformRegistry;

/** MONAI Bundle-style configs of the spatial transforms, and their error messages. */
class ConfigTest {
  static final List<String> NAMES =
      List.of(
          "Spacing", "Orientation", "Flip", "RandFlip", "Rotate90", "RandRotate90", "Rotate",
          "RandRotate", "Zoom", "RandZoom", "Resize", "Affine", "RandAffine", "Rand2DElastic",
          "Rand3DElastic");

  @Test
  void everyArrayAndDictionaryNameIsRegistered() {
    List<String> names = TransformRegistry.getDefault().names();
    for (String n : NAMES) {
      assertTrue(names.contains(n), n);
      assertTrue(names.contains(n + "d"), n + "d");
    }
  }

  @Test
  void chainFromJsonText() {
    String json =
        "{\"_target_\": \"Compose\", \"transforms\": ["
            + "{\"_target_\": \"Orientationd\", \"keys\": [\"image\", \"label\"],"
            + " \"axcodes\": \"RAS\"},"
            + "{\"_target_\": \"monai.transforms.Spacingd\", \"keys\": [\"image\", \"label\"],"
            + " \"pixdim\": [1.0, 1.0, 1.5], \"mode\": [\"bilinear\", \"nearest\"]},"
            + "{\"_target_\": \"RandAffined\", \"keys\": [\"image\", \"label\"], \"prob\": 1.0,"
            + " \"rotate_range\": [0.1, [0, 0.2], null], \"mode\": [\"bilinear\", \"nearest\"],"
            + " \"padding_mode\": \"zeros\", \"cache_grid\": true, \"lazy\": false},"
            + "{\"_target_\": \"RandFlipd\", \"keys\": \"image\", \"prob\": 0.5,"
            + " \"spatial_axis\": 0},"
            + "{\"_target_\": \"Resized\", \"keys\": [\"image\", \"label\"],"
            + " \"spatial_size\": [8, 8, -1],"
            + " \"mode\": [\"area\", \"nearest\"]}"
            + "]}";
    Compose chain = ChainConfig.fromText(json);
    assertEquals(5, chain.transforms().size());
    Sample s =
        Sample.of("p1")
            .with("image", TestVolumes.ramp(10, 9, 8, TestVolumes.OBLIQUE))
            .with("label", TestVolumes.labels(10, 9, 8, TestVolumes.OBLIQUE));
    Sample out = chain.apply(s, TransformContext.of(1));
    Volume image = out.volume("image");
    Volume label = out.volume("label");
    assertEquals(8, image.shape(1));
    assertArrayEquals(image.shape(), label.shape());
    assertEquals(DType.FLOAT32, label.dtype());
    assertEquals(
        List.of("Orientation", "SpatialResample", "RandAffine", "Resize"),
        label.appliedOperations().stream().map(o -> o.className()).collect(
            java.util.stream.Collectors.toList()));
    // same seed, same sample: same result
    assertTrue(image.sameVoxels(chain.apply(s, TransformContext.of(1)).volume("image")));
  }

  @Test
  void arrayTransformsFromConfig() {
    Object t =
        TransformRegistry.getDefault()
            .create(java.util.Map.of("_target_", "Zoom", "zoom", 1.5, "mode", "nearest-exact",
                "padding_mode", "reflect", "keep_size", false));
    Volume out = ((Zoom) t).apply(TestVolumes.ramp(6, 6, 4, TestVolumes.OBLIQUE));
    assertArrayEquals(new int[] {1, 9, 9, 6}, out.shape());
  }

  @Test
  void chainsSurviveJavaSerialization() throws Exception {
    // Beam serializes DoFns holding chains: every spatial transform must round-trip
    StringBuilder json = new StringBuilder("[");
    String[] specs = {
      "{\"_target_\": \"Orientationd\", \"keys\": \"image\", \"axcodes\": \"RAS\"}",
      "{\"_target_\": \"Spacingd\", \"keys\": \"image\", \"pixdim\": [0.9, 0.9, 1.2]}",
      "{\"_target_\": \"RandAffined\", \"keys\": \"image\", \"prob\": 1, \"rotate_range\": 0.1}",
      "{\"_target_\": \"RandZoomd\", \"keys\": \"image\", \"prob\": 1, \"mode\": \"trilinear\"}",
      "{\"_target_\": \"Rand3DElasticd\", \"keys\": \"image\", \"prob\": 1,"
          + " \"sigma_range\": [1, 2], \"magnitude_range\": [1, 2]}",
      "{\"_target_\": \"RandRotate90d\", \"keys\": \"image\", \"prob\": 1}"
    };
    json.append(String.join(",", specs)).append("]");
    Compose chain = ChainConfig.fromText(json.toString()).withLazy(true);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(chain);
    }
    Compose copy;
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Compose) in.readObject();
    }
    Sample s = Sample.of("x").with("image", TestVolumes.ramp(9, 8, 7, TestVolumes.OBLIQUE));
    Volume a = chain.apply(s, TransformContext.of(5)).volume("image");
    Volume b = copy.apply(s, TransformContext.of(5)).volume("image");
    assertTrue(a.sameVoxels(b));
    assertEquals(a.appliedOperations(), b.appliedOperations());
  }

  private static String error(String json) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ChainConfig.fromText(json));
    return e.getMessage();
  }

  @Test
  void unknownArgumentNamesTransformArgumentAndAcceptedOnes() {
    String m = error("{\"_target_\": \"Spacingd\", \"keys\": [\"image\"], \"pixdim\": 1.0,"
        + " \"pixdimm\": 2}");
    assertTrue(m.contains("Spacingd") && m.contains("pixdimm") && m.contains("accepted")
        && m.contains("padding_mode"), m);
  }

  @Test
  void badModeNamesTheAcceptedValues() {
    String m = error("{\"_target_\": \"Spacingd\", \"keys\": [\"image\"], \"pixdim\": 1.0,"
        + " \"mode\": \"bicubic\"}");
    assertTrue(m.contains("Spacingd") && m.contains("'mode'") && m.contains("bicubic")
        && m.contains("nearest, bilinear"), m);
    m = error("{\"_target_\": \"Zoom\", \"zoom\": 1.2, \"padding_mode\": \"mirror\"}");
    assertTrue(m.contains("Zoom") && m.contains("padding_mode") && m.contains("edge"), m);
    m = error("{\"_target_\": \"Rotate\", \"angle\": 0.1, \"mode\": 1}");
    assertTrue(m.contains("Rotate") && m.contains("'mode'") && m.contains("\"1\""), m);
  }

  @Test
  void badValuesNameTheArgumentAndTheRange() {
    String m = error("{\"_target_\": \"RandFlipd\", \"keys\": \"image\", \"prob\": 1.5}");
    assertTrue(m.contains("RandFlipd") && m.contains("prob") && m.contains("1.5")
        && m.contains("between 0 and 1"), m);
    m = error("{\"_target_\": \"Rand3DElastic\", \"sigma_range\": [5],"
        + " \"magnitude_range\": [1, 2]}");
    assertTrue(m.contains("Rand3DElastic") && m.contains("sigma_range"), m);
    m = error("{\"_target_\": \"Orientation\", \"axcodes\": \"RAX\"}");
    assertTrue(m.contains("Orientation") && m.contains("RAX"), m);
    m = error("{\"_target_\": \"Resize\", \"spatial_size\": [4, 4], \"mode\": \"nearest\","
        + " \"align_corners\": true}");
    assertTrue(m.contains("Resize") && m.contains("align_corners"), m);
    m = error("{\"_target_\": \"Spacingd\", \"keys\": [\"a\", \"b\", \"c\"], \"pixdim\": 1,"
        + " \"mode\": [\"nearest\", \"bilinear\"]}");
    assertTrue(m.contains("mode") && m.contains("one per key"), m);
    m = error("{\"_target_\": \"RandAffine\", \"rotate_range\": [[0, 1, 2]]}");
    assertTrue(m.contains("RandAffine") && m.contains("rotate_range"), m);
  }

  @Test
  void arrayValidationNamesParameterAndValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Zoom.of(1.2, -1, 1));
    assertTrue(e.getMessage().contains("Zoom") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Spacing.of(1).withMode("cubic"));
    assertTrue(e.getMessage().contains("Spacing: argument 'mode'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Flip.of(3).apply(
        TestVolumes.ramp(4, 4, 4, TestVolumes.OBLIQUE)));
    assertTrue(e.getMessage().contains("spatial_axis") && e.getMessage().contains("3"),
        e.getMessage());
  }
}
