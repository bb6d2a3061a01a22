package org.medbeam.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Volume;
import org.medbeam.model.inferers.DjlNetwork;
import org.medbeam.model.inferers.ModelExecutionException;
import org.medbeam.model.inferers.Network;
import org.medbeam.model.inferers.NetworkOutput;
import org.medbeam.model.inferers.SimpleInferer;
import org.medbeam.model.inferers.SlidingWindowInferer;

/** DJL loading offline: formats, devices, the shared cache and native-memory scopes. */
class ModelLoadingTest {
  static final String TINY = "classpath:/models/sw_tiny.pt";

  @Test
  void engineStartsOfflineWithExplicitThreads() {
    DjlRuntime.engine();
    assertEquals("true", System.getProperty("ai.djl.offline"));
    DjlRuntime.setIntraOpThreads(2);
    assertEquals(2, DjlRuntime.intraOpThreads());
    DjlRuntime.setIntraOpThreads(1);
    assertEquals(1, DjlRuntime.intraOpThreads());
  }

  @Test
  void torchScriptFromClasspathRunsOnCpu() {
    try (LoadedModel m = ModelSpec.of(TINY).withDevice("cpu").load()) {
      assertEquals(Device.cpu(), m.device());
      assertTrue(m.path().toString().endsWith("sw_tiny.pt"));
    }
  }

  @Test
  void autoIsCpuWithoutGpuAndGpuRequestIsAClearError() {
    // this machine has no GPU
    assertEquals(0, DjlRuntime.engine().getGpuCount());
    assertEquals(Device.cpu(), ModelDevice.auto().resolve());
    String msg =
        assertThrows(IllegalStateException.class, () -> ModelDevice.parse("cuda:0").resolve())
            .getMessage();
    assertTrue(msg.startsWith("device gpu:0 requested but DJL's PyTorch engine sees 0 GPU(s)"),
        msg);
    assertEquals(
        "device must be one of auto, cpu, gpu, gpu:N, cuda, cuda:N; got 'tpu'",
        assertThrows(IllegalArgumentException.class, () -> ModelDevice.parse("tpu"))
            .getMessage());
  }

  @Test
  void torchScriptWithTsExtensionLoads(@TempDir Path dir) throws IOException {
    Path ts = dir.resolve("net.ts");
    try (var in = ModelLoadingTest.class.getResourceAsStream("/models/sw_tiny.pt")) {
      Files.copy(in, ts);
    }
    try (LoadedModel m = ModelSpec.of(ts.toString()).withDevice("cpu").load()) {
      assertEquals(ts, m.path());
    }
  }

  @Test
  void unknownFormatsAreRejectedWithAdvice(@TempDir Path dir) throws IOException {
    Path pth = Files.write(dir.resolve("weights.pth"), new byte[] {1});
    String msg =
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(pth.toString()).load())
            .getMessage();
    assertTrue(msg.contains("a .pth file is usually a state_dict"), msg);
    Path onnx = Files.write(dir.resolve("m.onnx"), new byte[] {1});
    msg = assertThrows(IllegalArgumentException.class, () -> ModelSpec.of(onnx.toString()).load())
        .getMessage();
    assertTrue(msg.contains("unknown format; expected TorchScript"), msg);
    msg = assertThrows(IllegalArgumentException.class,
            () -> ModelSpec.of(dir.resolve("none.pt").toString()).load()).getMessage();
    assertTrue(msg.contains("none.pt does not exist"), msg);
    Path junk = Files.write(dir.resolve("junk.pt"), new byte[] {1, 2, 3});
    msg = assertThrows(IllegalArgumentException.class,
            () -> ModelSpec.of(junk.toString()).withDevice("cpu").load()).getMessage();
    assertTrue(msg.startsWith("cannot load model " + junk), msg);
  }

  @Test
  void specValidation() {
    assertEquals(
        "model uri must be a path, file: URI, classpath:/resource or gs://bucket/object; got ''",
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("")).getMessage());
    assertEquals("model uri 'gs://bucket' must name an object: gs://bucket/path/to/model.pt",
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.of("gs://bucket"))
            .getMessage());
    ModelSpec a = ModelSpec.of("gs://b/m.pt");
    ModelSpec b = a.withDevice("cpu").withArgument("mapLocation", "true");
    assertEquals(ModelDevice.auto(), a.device());
    assertEquals(ModelDevice.cpu(), b.device());
    assertTrue(a.arguments().isEmpty());
    assertEquals("true", b.arguments().get("mapLocation"));
  }

  /** Saves a DJL-native model (one 1x1x1 Conv3d with known weights) into {@code dir}. */
  static void saveDjlNative(Path dir) throws IOException {
    try (Model model = Model.newInstance("conv1x1", Device.cpu(), DjlRuntime.ENGINE)) {
      Block block = Conv1x1BlockFactory.block();
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 2, 2, 2));
      for (Pair<String, Parameter> p : block.getParameters()) {
        // weight (2, 1, 1, 1, 1) = [2, -3]; bias (2) = [0.5, 1]
        float[] v = p.getKey().contains("weight") ? new float[] {2, -3} : new float[] {0.5f, 1};
        p.getValue().getArray().set(v);
      }
      model.save(dir, "conv1x1");
    }
  }

  private static void checkConv1x1(LoadedModel m) {
    float[] d = {1, 2, 3, 4, 5, 6, 7, 8};
    Volume in = Volume.of(d, 1, 2, 2, 2);
    try (DjlNetwork net = new DjlNetwork(m)) {
      Volume out = SimpleInferer.create().infer(in, net).get(0).volume();
      assertArrayEquals(new int[] {2, 2, 2, 2}, out.shape());
      for (int i = 0; i < 8; i++) {
        assertEquals(2 * d[i] + 0.5f, out.floats()[i], 1e-6);
        assertEquals(-3 * d[i] + 1f, out.floats()[8 + i], 1e-6);
      }
    }
  }

  @Test
  void djlNativeModelDirectoryWithBlockFactory(@TempDir Path dir) throws IOException {
    Path modelDir = Files.createDirectories(dir.resolve("conv1x1"));
    saveDjlNative(modelDir);
    ModelSpec spec =
        ModelSpec.of(modelDir.toString())
            .withDevice("cpu")
            .withArgument("blockFactory", Conv1x1BlockFactory.class.getName());
    try (LoadedModel m = spec.load()) {
      checkConv1x1(m);
    }
  }

  @Test
  void djlNativeArchiveOfATorchScript(@TempDir Path dir) throws IOException {
    Path zip = dir.resolve("tinyzip.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip));
        var in = ModelLoadingTest.class.getResourceAsStream("/models/sw_tiny.pt")) {
      z.putNextEntry(new ZipEntry("tinyzip/tinyzip.pt"));
      in.transferTo(z);
      z.closeEntry();
    }
    try (LoadedModel m = ModelSpec.of(zip.toString()).withDevice("cpu").load();
        DjlNetwork net = new DjlNetwork(m)) {
      Volume out = SimpleInferer.create().infer(Volume.of(new float[8 * 12 * 10], 1, 8, 12, 10),
          net).get(0).volume();
      assertArrayEquals(new int[] {2, 8, 12, 10}, out.shape());
    }
  }

  @Test
  void cacheSharesOneModelPerUriAndDeviceAndFreesItAfterTheLastLease() throws Exception {
    ModelSpec spec = ModelSpec.of(TINY).withDevice("cpu");
    int loadedBefore = ModelCache.loadedModels();
    LoadedModel first;
    try (ModelLease a = ModelCache.acquire(spec);
        ModelLease b = ModelCache.acquire(ModelSpec.of(TINY).withDevice("auto"))) {
      // "auto" resolves to the CPU here: the same entry
      assertSame(a.model(), b.model());
      assertEquals(2, ModelCache.references(spec));
      assertEquals(loadedBefore + 1, ModelCache.loadedModels());
      first = a.model();
      // threads share it, each with its own predictor
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Volume in = Volume.of(new float[9 * 9 * 9], 1, 9, 9, 9);
        List<Future<Volume>> fs =
            pool.invokeAll(List.of(() -> run(spec, in), () -> run(spec, in), () -> run(spec, in)));
        for (Future<Volume> f : fs) {
          assertArrayEquals(new int[] {2, 9, 9, 9}, f.get().shape());
        }
      } finally {
        pool.shutdown();
      }
      assertEquals(2, ModelCache.references(spec));
    }
    assertEquals(0, ModelCache.references(spec));
    assertEquals(loadedBefore, ModelCache.loadedModels());
    try (ModelLease c = ModelCache.acquire(spec)) {
      assertNotSame(first, c.model(), "a new load after the last release");
      ModelLease closed = c;
      closed.close();
      closed.close(); // idempotent
      assertThrows(IllegalStateException.class, closed::model);
    }
  }

  private static Volume run(ModelSpec spec, Volume in) {
    try (ModelLease lease = ModelCache.acquire(spec);
        DjlNetwork net = new DjlNetwork(lease.model())) {
      return SlidingWindowInferer.of(5).withSwBatchSize(2).inferVolume(in, net);
    }
  }

  @Test
  void failedLoadLeavesNoEntry(@TempDir Path dir) throws IOException {
    Path junk = Files.write(dir.resolve("junk.pt"), new byte[] {1, 2, 3});
    ModelSpec spec = ModelSpec.of(junk.toString()).withDevice("cpu");
    assertThrows(IllegalArgumentException.class, () -> ModelCache.acquire(spec));
    assertEquals(0, ModelCache.references(spec));
  }

  @Test
  void everyArrayOfAStepIsFreedWhenTheStepEnds() {
    try (LoadedModel m = ModelSpec.of(TINY).withDevice("cpu").load();
        DjlNetwork djl = new DjlNetwork(m)) {
      NDManager root = m.djlModel().getNDManager();
      int before = root.getManagedArrays().size();
      int[] during = {0};
      Network counting =
          (batch, shape) -> {
            NetworkOutput out = djl.forward(batch, shape);
            during[0] = Math.max(during[0], root.getManagedArrays().size());
            return out;
          };
      Volume in = Volume.of(new float[13 * 11 * 9], 1, 13, 11, 9);
      SlidingWindowInferer.of(6).withSwBatchSize(3).withMode("gaussian").inferVolume(in, counting);
      assertTrue(during[0] > before, "arrays exist while a batch is processed");
      assertEquals(before, root.getManagedArrays().size(), "no array outlives its step");
      // a failing batch frees its scope too
      assertThrows(ModelExecutionException.class,
          () -> djl.forward(ByteBuffer.allocateDirect(2 * 4 * 4 * 4 * 4)
              .order(java.nio.ByteOrder.nativeOrder()), new int[] {1, 2, 4, 4, 4}));
      assertEquals(before, root.getManagedArrays().size());
    }
  }

  @Test
  void wrongChannelCountIsAModelExecutionErrorNamingTheModel() {
    try (LoadedModel m = ModelSpec.of(TINY).withDevice("cpu").load();
        DjlNetwork djl = new DjlNetwork(m)) {
      Volume twoChannels = Volume.of(new float[2 * 6 * 6 * 6], 2, 6, 6, 6);
      ModelExecutionException e =
          assertThrows(ModelExecutionException.class,
              () -> SlidingWindowInferer.of(6).inferVolume(twoChannels, djl));
      assertTrue(e.getMessage().startsWith("model " + TINY + " failed on a batch of shape"
          + " [1, 2, 6, 6, 6]: RuntimeError:"), e.getMessage());
    }
  }

  static void writeJar(Path jar, String entry, byte[] content) throws IOException {
    try (OutputStream os = Files.newOutputStream(jar);
        ZipOutputStream z = new ZipOutputStream(os)) {
      z.putNextEntry(new ZipEntry(entry));
      z.write(content);
      z.closeEntry();
    }
  }

  @Test
  void classpathResourceInsideAJarIsCopiedOnceByChecksum(@TempDir Path dir) throws Exception {
    byte[] bytes;
    try (var in = ModelLoadingTest.class.getResourceAsStream("/models/sw_tiny.pt")) {
      bytes = in.readAllBytes();
    }
    Path jar = dir.resolve("models.jar");
    writeJar(jar, "zoo/tiny.pt", bytes);
    ClassLoader saved = Thread.currentThread().getContextClassLoader();
    try (java.net.URLClassLoader cl =
        new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, saved)) {
      Thread.currentThread().setContextClassLoader(cl);
      ModelFiles files = ModelFiles.using(dir.resolve("cache"), null);
      Path p1 = files.resolve("classpath:/zoo/tiny.pt");
      Path p2 = files.resolve("classpath:zoo/tiny.pt");
      assertEquals(p1, p2);
      assertTrue(p1.startsWith(dir.resolve("cache").resolve("classpath")));
      assertArrayEquals(bytes, Files.readAllBytes(p1));
      assertEquals(1, Files.list(dir.resolve("cache").resolve("classpath"))
          .filter(Files::isDirectory).count(), "one checksum directory, no leftovers");
      String msg = assertThrows(IllegalArgumentException.class,
          () -> files.resolve("classpath:/zoo/missing.pt")).getMessage();
      assertEquals("model uri 'classpath:/zoo/missing.pt': no resource 'zoo/missing.pt' on the"
          + " classpath", msg);
    } finally {
      Thread.currentThread().setContextClassLoader(saved);
    }
  }

  @Test
  void unsupportedSchemeIsAnError() {
    String msg = assertThrows(IllegalArgumentException.class,
        () -> ModelFiles.getDefault().resolve("s3://bucket/m.pt")).getMessage();
    assertEquals("model uri 's3://bucket/m.pt': scheme not supported; use a path, file:,"
        + " classpath:/ or gs://", msg);
  }
}
