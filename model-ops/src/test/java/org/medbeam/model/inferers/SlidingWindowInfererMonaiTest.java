package org.medbeam.model.inferers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.medbeam.core.Affine;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.model.ModelCache;
import org.medbeam.model.ModelLease;
import org.medbeam.model.ModelSpec;
import org.medbeam.model.Npy;

/**
 * Every case of {@code inferers/sw_cases.json}: our sliding window with a TorchScript model run by
 * DJL must match {@code monai.inferers.sliding_window_inference} (MONAI 1.4.0, torch 1.13) on the
 * same model and input to 1e-5 — expected arrays and parameters come from {@code
 * inferers/make_sw_fixtures.py}.
 */
class SlidingWindowInfererMonaiTest {
  private static JsonNode fixtures;
  private static final List<ModelLease> LEASES = new ArrayList<>();

  @BeforeAll
  static void readFixtures() throws IOException {
    try (InputStream in =
        SlidingWindowInfererMonaiTest.class.getResourceAsStream("/inferers/sw_cases.json")) {
      fixtures = new ObjectMapper().readTree(in);
    }
  }

  @AfterAll
  static void release() {
    LEASES.forEach(ModelLease::close);
  }

  static Stream<Arguments> cases() throws IOException {
    readFixtures();
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : fixtures.get("cases")) {
      out.add(Arguments.of(c.get("name").asText(), c));
    }
    return out.stream();
  }

  static SlidingWindowInferer inferer(JsonNode c) {
    JsonNode r = c.get("roi_size");
    int[] roi;
    if (r.isArray()) {
      roi = new int[r.size()];
      for (int i = 0; i < roi.length; i++) {
        roi[i] = r.get(i).asInt();
      }
    } else {
      roi = new int[] {r.asInt()};
    }
    SlidingWindowInferer sw =
        SlidingWindowInferer.of(roi)
            .withSwBatchSize(c.get("sw_batch_size").asInt())
            .withOverlap(doubles(c.get("overlap")))
            .withMode(c.get("mode").asText());
    if (c.has("sigma_scale")) {
      sw = sw.withSigmaScale(doubles(c.get("sigma_scale")));
    }
    if (c.has("padding_mode")) {
      sw = sw.withPaddingMode(c.get("padding_mode").asText());
    }
    if (c.has("cval")) {
      sw = sw.withCval(c.get("cval").asDouble());
    }
    return sw;
  }

  static double[] doubles(JsonNode n) {
    if (!n.isArray()) {
      return new double[] {n.asDouble()};
    }
    double[] d = new double[n.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = n.get(i).asDouble();
    }
    return d;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesMonai(String name, JsonNode c) {
    ModelLease lease =
        ModelCache.acquire(
            ModelSpec.of("classpath:/models/" + c.get("model").asText()).withDevice("cpu"));
    LEASES.add(lease);
    Affine affine = Affine.identity();
    Volume input =
        Npy.read("/inferers/sw_input.npy").toVolume().withMeta(Metadata.FILENAME, "in.nii.gz");
    List<Volume> got;
    try (DjlNetwork net = new DjlNetwork(lease.model())) {
      got = inferer(c).withThreads(2).inferVolumes(input, net);
    }
    JsonNode expected = c.get("expected");
    assertEquals(expected.size(), got.size(), "number of outputs");
    for (int k = 0; k < got.size(); k++) {
      Volume want = Npy.read("/inferers/" + expected.get(k).asText()).toVolume();
      Volume v = got.get(k);
      assertArrayEquals(want.shape(), v.shape(), name + " output " + k + " shape");
      float[] a = v.floats();
      float[] b = want.floats();
      double maxDiff = 0;
      int at = -1;
      for (int i = 0; i < a.length; i++) {
        double d = Math.abs(a[i] - b[i]);
        if (!(d <= maxDiff)) {
          maxDiff = d;
          at = i;
        }
      }
      assertTrue(maxDiff <= 1e-5, name + " output " + k + ": max |diff| " + maxDiff + " at " + at
          + " (ours " + (at < 0 ? 0 : a[at]) + ", MONAI " + (at < 0 ? 0 : b[at]) + ")");
      assertEquals("in.nii.gz", v.meta().getString(Metadata.FILENAME), "metadata carried over");
      assertEquals(affine, v.affine());
    }
  }
}
