package org.medbeam.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.medbeam.model.networks.MonaiModule;
import org.medbeam.model.networks.MonaiWeights;
import org.medbeam.model.networks.Networks;
import org.medbeam.model.networks.TensorBundle;

/**
 * medbeam's DJL-native model: a folder (or a {@code .zip} of one, files at the archive's root)
 * holding
 *
 * <ul>
 *   <li>{@code network.json}: {@code {"format": "medbeam-network", "version": 1, "network_def":
 *       {"_target_": "UNet", "spatial_dims": 3, ...}, "weights": "weights"}} — the network as a
 *       MONAI Bundle-style spec ({@link Networks#create}); a bare spec with {@code _target_} is
 *       accepted too;
 *   <li>the weights: a {@link TensorBundle} {@code weights.json} + {@code weights.bin} (MONAI
 *       parameter names, float32 little-endian; what {@code medbeam train} writes, and what a few
 *       lines of numpy move to and from a PyTorch {@code state_dict}), or DJL's {@code
 *       <stem>-0000.params} when {@code "weights"} names such a stem;
 *   <li>optionally {@code inference.json} (the job config that goes with it) and training
 *       records.
 * </ul>
 *
 * Loaded models run in DJL's PyTorch engine with frozen parameters (no autograd), through the same
 * {@link LoadedModel}/{@code Predictor} path as TorchScript, so {@code SlidingWindowInfer} and
 * {@code medbeam infer --model=<folder or zip>} take them as they are.
 */
public final class NetworkFolder {
  /** The network description's file name. */
  public static final String NETWORK_JSON = "network.json";
  /** The default weights stem. */
  public static final String WEIGHTS = "weights";

  private static final ObjectMapper JSON = new ObjectMapper();

  private NetworkFolder() {}

  /** True for a folder holding {@value #NETWORK_JSON}. */
  public static boolean isFolder(Path p) {
    return Files.isDirectory(p) && Files.isRegularFile(p.resolve(NETWORK_JSON));
  }

  /** True for a zip archive holding {@value #NETWORK_JSON} at its root. */
  public static boolean isZip(Path p) {
    if (!Files.isRegularFile(p) || !p.getFileName().toString().toLowerCase().endsWith(".zip")) {
      return false;
    }
    try (ZipFile z = new ZipFile(p.toFile())) {
      return z.getEntry(NETWORK_JSON) != null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Writes {@code network} (initialised) and its config into {@code dir}: {@value
   * #NETWORK_JSON} and the {@link TensorBundle} {@code weights.json}/{@code weights.bin}; {@code
   * extra} fields go into {@value #NETWORK_JSON} too. Existing files are replaced.
   */
  public static void write(Path dir, Map<String, ?> networkDef, Block network,
      Map<String, ?> extra) throws IOException {
    Files.createDirectories(dir);
    MonaiWeights.export(network).write(dir.resolve(WEIGHTS));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "medbeam-network");
    doc.put("version", 1);
    doc.put("network_def", networkDef);
    doc.put("weights", WEIGHTS);
    if (extra != null) {
      doc.putAll(extra);
    }
    Path tmp = dir.resolve(NETWORK_JSON + ".tmp-" + UUID.randomUUID());
    JSON.writerWithDefaultPrettyPrinter()
        .writeValue(tmp.toFile(), doc);
    Files.move(tmp, dir.resolve(NETWORK_JSON), StandardCopyOption.REPLACE_EXISTING);
  }

  /** The {@code network_def} of a folder's {@value #NETWORK_JSON}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> networkDef(Path dir) throws IOException {
    Map<String, Object> doc = document(dir);
    Object def = doc.containsKey("_target_") ? doc : doc.get("network_def");
    if (!(def instanceof Map)) {
      throw new IOException(dir.resolve(NETWORK_JSON) + ": no \"network_def\" object (a MONAI "
          + "Bundle-style network spec such as {\"_target_\": \"UNet\", ...})");
    }
    return (Map<String, Object>) def;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> document(Path dir) throws IOException {
    Path f = dir.resolve(NETWORK_JSON);
    Object doc;
    try {
      doc = JSON.readValue(f.toFile(), Object.class);
    } catch (IOException e) {
      throw new IOException(f + ": not valid JSON: " + e.getMessage(), e);
    }
    if (!(doc instanceof Map)) {
      throw new IOException(f + ": expected a JSON object");
    }
    return (Map<String, Object>) doc;
  }

  /**
   * Builds the folder's network and loads its weights (strictly: every parameter and buffer by
   * name and shape) into {@code model}'s manager; the block is initialised and set on {@code
   * model}.
   */
  public static MonaiModule loadInto(Model model, Path dir) throws IOException {
    Map<String, Object> doc = document(dir);
    Map<String, Object> def = networkDef(dir);
    MonaiModule net;
    try {
      net = Networks.create(def);
    } catch (IllegalArgumentException e) {
      throw new IOException(dir.resolve(NETWORK_JSON) + ": network_def: " + e.getMessage(), e);
    }
    model.setBlock(net);
    net.initialize(model.getNDManager(), DataType.FLOAT32, initShape(def));
    String stem = doc.get("weights") instanceof String ? (String) doc.get("weights") : WEIGHTS;
    if (stem.contains("/") || stem.contains("\\") || stem.contains("..")) {
      throw new IOException(dir.resolve(NETWORK_JSON) + ": \"weights\" must name a file in the "
          + "folder, got '" + stem + "'");
    }
    if (Files.isRegularFile(dir.resolve(stem + ".json"))) {
      try {
        MonaiWeights.load(net, TensorBundle.read(dir.resolve(stem)), true);
      } catch (IllegalArgumentException e) {
        throw new IOException(dir + ": weights do not fit network_def: " + e.getMessage(), e);
      }
    } else if (hasParams(dir, stem)) {
      try {
        model.load(dir, stem);
      } catch (MalformedModelException e) {
        throw new IOException(dir + ": DJL parameters " + stem + ": " + e.getMessage(), e);
      }
    } else {
      throw new IOException(dir + ": no weights: expected " + stem + ".json + " + stem
          + ".bin (a medbeam tensor bundle) or " + stem + "-0000.params (DJL)");
    }
    return net;
  }

  private static boolean hasParams(Path dir, String stem) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> {
        String n = p.getFileName().toString();
        return n.startsWith(stem + "-") && n.endsWith(".params");
      });
    }
  }

  /** A shape for initialisation: parameter shapes do not depend on the spatial size. */
  static Shape initShape(Map<String, Object> def) {
    int dims = def.get("spatial_dims") instanceof Number
        ? ((Number) def.get("spatial_dims")).intValue() : 3;
    int in = def.get("in_channels") instanceof Number
        ? ((Number) def.get("in_channels")).intValue() : 1;
    long[] s = new long[2 + dims];
    s[0] = 1;
    s[1] = in;
    for (int i = 0; i < dims; i++) {
      s[2 + i] = 128;
    }
    return new Shape(s);
  }

  /** Loads a folder for inference: frozen parameters, DJL's {@code NoopTranslator}. */
  static ZooModel<NDList, NDList> load(Path dir, Device device, String name) throws IOException {
    Model model = Model.newInstance(name, device, DjlRuntime.ENGINE);
    try {
      Block net = loadInto(model, dir);
      net.freezeParameters(true);
      return new ZooModel<>(model, new NoopTranslator());
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The folder a zip unpacks to: {@code <cacheRoot>/networks/<sha256 of the zip>/}, unpacked once
   * (to a temporary folder, then moved into place); entries must lie at the root.
   */
  static Path unpack(Path zip, Path cacheRoot) throws IOException {
    String sha;
    try (InputStream in = new DigestInputStream(Files.newInputStream(zip),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      sha = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path target = cacheRoot.resolve("networks").resolve(sha);
    if (isFolder(target)) {
      return target;
    }
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), sha + ".part-");
    try {
      try (ZipInputStream z = new ZipInputStream(Files.newInputStream(zip))) {
        ZipEntry e;
        while ((e = z.getNextEntry()) != null) {
          String n = e.getName();
          if (e.isDirectory()) {
            continue;
          }
          if (n.contains("/") || n.contains("\\") || n.equals("..") || n.startsWith(".")) {
            throw new IOException(zip + ": entry '" + n + "': a network zip holds files at its "
                + "root only");
          }
          Files.copy(z, tmp.resolve(n));
        }
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        // another process unpacked the same bytes first
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target);
      }
    } finally {
      if (Files.exists(tmp)) {
        try (Stream<Path> s = Files.walk(tmp)) {
          List<Path> all = new ArrayList<>(s.toList());
          java.util.Collections.reverse(all);
          for (Path p : all) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
    return target;
  }

  /**
   * Zips a folder's files (not sub-folders) into {@code zip}, sorted by name with fixed
   * timestamps, so the same folder always gives the same bytes.
   */
  public static void zip(Path dir, Path zip) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp-" + UUID.randomUUID());
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
      out.setLevel(9);
      for (Path f : files) {
        ZipEntry e = new ZipEntry(f.getFileName().toString());
        e.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0)); // no time zone involved
        out.putNextEntry(e);
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    Files.move(tmp, zip, StandardCopyOption.REPLACE_EXISTING);
  }
}
