package org.medbeam.transforms.croppad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.InvertibleMapTransform;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.MapTransform;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.TransformContext;
import org.medbeam.transforms.config.TransformRegistry;
import org.medbeam.transforms.utility.Nd;
import org.medbeam.transforms.utility.RandomKeyedTransform;

/**
 * Every case of {@code croppad/croppad_reference.json} (written by {@code make_croppad_fixtures.py}
 * from MONAI 1.4.0): the transform is built from the same arguments through the config registry
 * (array forms that need volume arguments are built directly), applied to the same input, and
 * compared with MONAI's output: values exactly (crops and pads move values, they compute none),
 * shapes, affines, applied-operations entries, and MONAI's inverse.
 */
class CropPadReferenceTest {
  private static final JsonNode REF =
      Nd.json(CropPadReferenceTest.class, "/croppad/croppad_reference.json");
  private static final double TOL = 1e-6;

  @TestFactory
  Stream<DynamicTest> monaiCases() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : REF.get("cases")) {
      tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> run(c)));
    }
    return tests.stream();
  }

  static Volume input(JsonNode ref) {
    return Nd.volume(REF.get("inputs").get(ref.asText()));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(JsonNode c) {
    Map<String, Object> m =
        new LinkedHashMap<>(new ObjectMapper().convertValue(c.get("args"), Map.class));
    m.put("_target_", c.get("target").asText());
    return m;
  }

  private void run(JsonNode c) {
    String name = c.get("name").asText();
    if (c.get("kind").asText().equals("dict")) {
      runDict(c, name);
      return;
    }
    Volume img = input(c.get("input"));
    if (!c.has("seed") || c.get("seed").isNull()) {
      Transform t = (Transform) TransformRegistry.getDefault().create(spec(c));
      Volume out = t.apply(img);
      Nd.assertVolume(name, c.get("output"), out, TOL);
      Nd.assertVolume(
          name + " inverse", c.get("inverse"), ((InvertibleTransform) t).inverse(out), TOL);
      assertTrue(((InvertibleTransform) t).inverse(out).appliedOperations().isEmpty());
      return;
    }
    RandomState r = RandomState.of(c.get("seed").asLong());
    JsonNode args = c.get("args");
    String target = c.get("target").asText();
    if (c.has("outputs")) {
      List<Volume> outs = multi(target, args, c, img, r);
      assertEquals(c.get("outputs").size(), outs.size(), name + ": number of samples");
      for (int i = 0; i < outs.size(); i++) {
        Nd.assertVolume(name + " sample " + i, c.get("outputs").get(i), outs.get(i), TOL);
        if (c.has("inverses")) {
          Volume inv = undo(target, outs.get(i));
          Nd.assertVolume(name + " inverse " + i, c.get("inverses").get(i), inv, TOL);
          checkZeroPaddedCrop(name, img, inv, outs.get(i));
        }
      }
      return;
    }
    // single random crop through the config path
    RandSpatialCrop t = (RandSpatialCrop) TransformRegistry.getDefault().create(spec(c));
    Volume out = t.apply(img, r);
    Nd.assertVolume(name, c.get("output"), out, TOL);
    Nd.assertVolume(name + " inverse", c.get("inverse"), t.inverse(out), TOL);
  }

  private static Volume undo(String target, Volume crop) {
    switch (target) {
      case "RandSpatialCropSamples":
        return new RandSpatialCropSamples(new int[] {1}, 1, null, true, false).inverse(crop);
      default:
        return org.medbeam.transforms.Inversion.undoTop(crop, target, null);
    }
  }

  /** The inverse of a crop holds the input inside the box and zeros outside. */
  private static void checkZeroPaddedCrop(String name, Volume img, Volume inv, Volume crop) {
    int[] cropped =
        crop.peekOperation().extraInfo().get("extra_info") instanceof org.medbeam.core.Metadata
            ? ((org.medbeam.core.Metadata) crop.peekOperation().extraInfo().get("extra_info"))
                .getIntArray("cropped")
            : null;
    int[] shape = img.spatialShape();
    int[] s3 = {1, 1, 1};
    System.arraycopy(shape, 0, s3, 0, shape.length);
    int[] lo = new int[3];
    int[] hi = {1, 1, 1};
    for (int i = 0; i < shape.length; i++) {
      lo[i] = cropped[2 * i];
      hi[i] = shape[i] - cropped[2 * i + 1];
    }
    int n = img.voxelsPerChannel();
    for (int ch = 0; ch < img.channels(); ch++) {
      for (int z = 0; z < s3[2]; z++) {
        for (int y = 0; y < s3[1]; y++) {
          for (int x = 0; x < s3[0]; x++) {
            int o = ch * n + x + s3[0] * (y + s3[1] * z);
            boolean inside =
                x >= lo[0] && x < hi[0] && y >= lo[1] && y < hi[1] && z >= lo[2] && z < hi[2];
            assertEquals(
                inside ? img.getDouble(o) : 0.0,
                inv.getDouble(o),
                0.0,
                name + ": inverse value at " + x + "," + y + "," + z);
          }
        }
      }
    }
  }

  private static List<Volume> multi(
      String target, JsonNode a, JsonNode c, Volume img, RandomState r) {
    int[] size = a.has("spatial_size") ? Nd.ints(asArray(a.get("spatial_size"))) : null;
    int n = a.has("num_samples") ? a.get("num_samples").asInt() : 1;
    JsonNode inputs = REF.get("inputs");
    switch (target) {
      case "RandSpatialCropSamples":
        {
          RandSpatialCropSamples t =
              (RandSpatialCropSamples) TransformRegistry.getDefault().create(spec(c));
          return t.applyMulti(img, r);
        }
      case "RandCropByPosNegLabel":
        {
          JsonNode kw = c.get("call_kwargs");
          Volume label = Nd.volume(kwInput(c, "label"));
          Volume image = kwInput(c, "image") == null ? null : Nd.volume(kwInput(c, "image"));
          long[] fg = c.has("fg_indices") ? Nd.longs(c.get("fg_indices")) : null;
          long[] bg = c.has("bg_indices") ? Nd.longs(c.get("bg_indices")) : null;
          RandCropByPosNegLabel t =
              new RandCropByPosNegLabel(
                  size,
                  label,
                  num(a, "pos", 1),
                  num(a, "neg", 1),
                  n,
                  image,
                  num(a, "image_threshold", 0),
                  fg,
                  bg,
                  a.has("allow_smaller") && a.get("allow_smaller").asBoolean());
          return t.applyMulti(img, r);
        }
      case "RandCropByLabelClasses":
        {
          Volume label = Nd.volume(kwInput(c, "label"));
          Volume image = kwInput(c, "image") == null ? null : Nd.volume(kwInput(c, "image"));
          double[] ratios =
              a.has("ratios") && !a.get("ratios").isNull() ? Nd.doubles(a.get("ratios")) : null;
          Integer numClasses = a.has("num_classes") ? a.get("num_classes").asInt() : null;
          Integer max =
              a.has("max_samples_per_class") ? a.get("max_samples_per_class").asInt() : null;
          RandCropByLabelClasses t =
              new RandCropByLabelClasses(
                  size,
                  ratios,
                  label,
                  numClasses,
                  n,
                  image,
                  num(a, "image_threshold", 0),
                  null,
                  false,
                  true,
                  max);
          return t.applyMulti(img, r);
        }
      case "RandWeightedCrop":
        {
          RandWeightedCrop t = new RandWeightedCrop(size, n, Nd.volume(kwInput(c, "weight_map")));
          return t.applyMulti(img, r);
        }
      default:
        throw new AssertionError("no builder for " + target);
    }
  }

  private static JsonNode kwInput(JsonNode c, String key) {
    JsonNode kw = c.get("call_kwargs");
    if (kw == null || !kw.has(key)) {
      return null;
    }
    return REF.get("inputs").get(kw.get(key).asText());
  }

  private static JsonNode asArray(JsonNode n) {
    if (n.isArray()) {
      return n;
    }
    return new ObjectMapper().createArrayNode().add(n);
  }

  private static double num(JsonNode a, String k, double d) {
    return a.has(k) ? a.get(k).asDouble() : d;
  }

  private void runDict(JsonNode c, String name) {
    Sample s = Sample.of("case");
    for (Iterator<Map.Entry<String, JsonNode>> it = c.get("input").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isTextual()) {
        s = s.with(e.getKey(), input(e.getValue()));
      } else {
        s = s.with(e.getKey(), Nd.longs(e.getValue()));
      }
    }
    MapTransform t = (MapTransform) TransformRegistry.getDefault().create(spec(c));
    boolean seeded = c.has("seed") && !c.get("seed").isNull();
    if (c.has("outputs")) {
      List<Sample> outs = ((MultiCropd<?>) t).applyMulti(s, RandomState.of(c.get("seed").asLong()));
      assertEquals(c.get("outputs").size(), outs.size(), name + ": number of samples");
      for (int i = 0; i < outs.size(); i++) {
        assertEquals("case#" + i, outs.get(i).id());
        assertSample(name + " sample " + i, c.get("outputs").get(i), outs.get(i));
      }
      return;
    }
    Sample out =
        seeded
            ? ((RandomKeyedTransform<?>) t).apply(s, RandomState.of(c.get("seed").asLong()))
            : t.apply(s, TransformContext.of(0));
    assertSample(name, c.get("output"), out);
    if (c.has("inverse")) {
      assertSample(name + " inverse", c.get("inverse"), ((InvertibleMapTransform) t).inverse(out));
    }
  }

  private static void assertSample(String what, JsonNode ref, Sample s) {
    List<String> keys = new ArrayList<>();
    ref.fieldNames().forEachRemaining(keys::add);
    assertEquals(keys, new ArrayList<>(s.keys()), what + ": keys");
    for (String k : keys) {
      JsonNode r = ref.get(k);
      if (r.isObject() && r.has("shape")) {
        Nd.assertVolume(what + " [" + k + "]", r, s.volume(k), TOL);
      } else {
        Nd.assertInfo(what + " [" + k + "]", r, s.get(k));
      }
    }
  }
}
