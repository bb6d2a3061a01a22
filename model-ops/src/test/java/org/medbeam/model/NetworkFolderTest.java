package org.medbeam.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Volume;
import org.medbeam.model.inferers.DjlNetwork;
import org.medbeam.model.inferers.NetworkOutput;
import org.medbeam.model.inferers.SlidingWindowInferer;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.Networks;

/** medbeam network folders and zips: write, load through ModelSpec, run, reject bad ones. */
class NetworkFolderTest {
  @TempDir Path tmp;

  static Map<String, Object> unet(int out) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("_target_", "UNet");
    c.put("spatial_dims", 3);
    c.put("in_channels", 1);
    c.put("out_channels", out);
    c.put("channels", List.of(4, 8));
    c.put("strides", List.of(2));
    c.put("num_res_units", 1);
    return c;
  }

  static final long[] SHAPE = {1, 1, 8, 8, 4};

  static float[] input() {
    float[] x = new float[8 * 8 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.37);
    }
    return x;
  }

  /** A seeded network written to {@code dir}; returns its eval-mode output on {@link #input}. */
  static float[] writeNetwork(Path dir, Map<String, Object> def) throws Exception {
    DjlRuntime.engine();
    Engine.getEngine(DjlRuntime.ENGINE).setRandomSeed(5);
    try (Model m = Model.newInstance("w", DjlRuntime.ENGINE)) {
      MonaiModule net = Networks.create(def);
      m.setBlock(net);
      net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(SHAPE));
      NetworkFolder.write(dir, def, net, Map.of("epoch", 3));
      try (NDManager s = m.getNDManager().newSubManager()) {
        NDArray y = net.apply(new ParameterStore(s, false), s.create(input(), new Shape(SHAPE)),
            false);
        return y.toFloatArray();
      }
    }
  }

  static float[] run(LoadedModel m) {
    try (DjlNetwork n = new DjlNetwork(m)) {
      ByteBuffer b = ByteBuffer.allocateDirect(4 * 8 * 8 * 4).order(ByteOrder.nativeOrder());
      b.asFloatBuffer().put(input());
      try (NetworkOutput o = n.forward(b, new int[] {1, 1, 8, 8, 4})) {
        assertArrayEquals(new int[] {1, 2, 8, 8, 4}, o.shape(0));
        float[] v = new float[2 * 8 * 8 * 4];
        o.data(0).get(0, v);
        return v;
      }
    }
  }

  @Test
  void folderAndZipLoadThroughModelSpecAndRunLikeTheBlock() throws Exception {
    Path dir = tmp.resolve("model");
    float[] expected = writeNetwork(dir, unet(2));
    assertTrue(NetworkFolder.isFolder(dir));
    assertEquals(unet(2).toString(), NetworkFolder.networkDef(dir).toString());
    String json = Files.readString(dir.resolve("network.json"));
    assertTrue(json.contains("\"format\" : \"medbeam-network\"") && json.contains("\"epoch\""),
        json);
    try (LoadedModel m = ModelSpec.of(dir.toString()).withDevice("cpu").load()) {
      assertArrayEquals(expected, run(m), 0f);
      for (Pair<String, Parameter> p : m.djlModel().getBlock().getParameters()) {
        assertFalse(p.getValue().requiresGradient(), p.getKey() + " is frozen for inference");
      }
    }
    Path zip = tmp.resolve("model.zip");
    NetworkFolder.zip(dir, zip);
    byte[] first = Files.readAllBytes(zip);
    NetworkFolder.zip(dir, zip);
    assertArrayEquals(first, Files.readAllBytes(zip), "zipping is deterministic");
    assertTrue(NetworkFolder.isZip(zip));
    ModelFiles files = ModelFiles.using(tmp.resolve("cache"), null);
    try (LoadedModel m = LoadedModel.load(ModelSpec.of(zip.toString()), files)) {
      assertArrayEquals(expected, run(m), 0f);
      assertEquals(zip, m.path());
    }
    // the shared cache and the sliding-window inferer take it as any model
    try (ModelLease lease = ModelCache.acquire(ModelSpec.of(zip.toString()), files);
        DjlNetwork n = new DjlNetwork(lease.model())) {
      Volume v = SlidingWindowInferer.of(8, 8, 4).inferVolume(
          Volume.of(new float[12 * 10 * 6], 1, 12, 10, 6), n);
      assertArrayEquals(new int[] {2, 12, 10, 6}, v.shape());
    }
  }

  @Test
  void djlParamsAreLoadedToo() throws Exception {
    Path dir = tmp.resolve("djl");
    float[] expected;
    Engine.getEngine(DjlRuntime.ENGINE).setRandomSeed(8);
    try (Model m = Model.newInstance("weights", DjlRuntime.ENGINE)) {
      MonaiModule net = Networks.create(unet(2));
      m.setBlock(net);
      net.initialize(m.getNDManager(), DataType.FLOAT32, new Shape(SHAPE));
      Files.createDirectories(dir);
      m.save(dir, "weights");
      try (NDManager s = m.getNDManager().newSubManager()) {
        expected = net.apply(new ParameterStore(s, false), s.create(input(), new Shape(SHAPE)),
            false).toFloatArray();
      }
    }
    Files.writeString(dir.resolve("network.json"),
        "{\"network_def\": {\"_target_\": \"UNet\", \"spatial_dims\": 3, \"in_channels\": 1,"
            + " \"out_channels\": 2, \"channels\": [4, 8], \"strides\": [2],"
            + " \"num_res_units\": 1}, \"weights\": \"weights\"}");
    try (LoadedModel m = ModelSpec.of(dir.toString()).load()) {
      assertArrayEquals(expected, run(m), 0f);
    }
  }

  @Test
  void badFoldersAreNamedErrors() throws Exception {
    Path dir = tmp.resolve("m");
    writeNetwork(dir, unet(2));
    // weights of a 2-class network under a 3-class network_def
    Files.writeString(dir.resolve("network.json"), Files.readString(dir.resolve("network.json"))
        .replace("\"out_channels\" : 2", "\"out_channels\" : 3"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelSpec.of(dir.toString()).load());
    assertTrue(e.getMessage().contains("weights do not fit network_def: size mismatch for "
        + "model.2.0.conv.weight"), e.getMessage());
    Files.delete(dir.resolve("weights.json"));
    e = assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(dir.toString()).load());
    assertTrue(e.getMessage().contains("no weights: expected weights.json + weights.bin (a "
        + "medbeam tensor bundle) or weights-0000.params (DJL)"), e.getMessage());
    Path zip = tmp.resolve("evil.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("network.json"));
      z.write("{}".getBytes());
      z.putNextEntry(new ZipEntry("../escape"));
      z.write(1);
    }
    e = assertThrows(IllegalArgumentException.class,
        () -> LoadedModel.load(ModelSpec.of(zip.toString()),
            ModelFiles.using(tmp.resolve("c2"), null)));
    assertTrue(e.getMessage().contains("entry '../escape': a network zip holds files at its "
        + "root only"), e.getMessage());
  }
}
