package org.medbeam.workflows.train;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.medbeam.core.Sample;
import org.medbeam.transforms.config.ChainConfig;
import org.medbeam.transforms.config.ConfigArgs;
import org.medbeam.workflows.Hashing;
import org.medbeam.workflows.data.ChainSplit;
import org.medbeam.workflows.data.Datalist;
import org.medbeam.workflows.data.Partitions;
import org.medbeam.workflows.infer.Bundled;

/**
 * A training job in one MONAI Bundle-style document ({@code medbeam train --config
 * train.json}):
 *
 * <pre>{@code
 * {
 *   "datalist": "datalist.json",              // or the datalist object itself
 *   "data_dir": null,                     // base of relative paths (default: datalist's folder)
 *   "split": {"ratios": [0.8, 0.2], "seed": 0},   // only without a "validation" section;
 *                                             // or {"nfolds": 5, "fold": 0, "seed": 0}
 *   "image_key": "image", "label_key": "label", "num_classes": 3,
 *   "train_transforms": {"_target_": "Compose", "lazy": true, "transforms": [...]},
 *   "val_transforms": [...],
 *   "network":   {"_target_": "UNet", "spatial_dims": 3, ...},
 *   "loss":      {"_target_": "DiceCELoss", "to_onehot_y": true, "softmax": true},
 *   "optimizer": {"_target_": "Adam", "lr": 1e-3},
 *   "lr_scheduler": {"_target_": "WarmupCosineSchedule", "warmup_steps": 2, "t_total": 100},
 *   "inferer":   {"_target_": "SlidingWindowInferer", "roi_size": [32, 32, 16], ...},
 *   "epochs": 100, "batch_size": 2, "val_interval": 5, "seed": 0,
 *   "num_workers": 2, "threads": 0,
 *   "cache": "persistent", "cache_dir": null, // or "memory", "smart", "none"
 *   "smart_cache": {"cache_num": 8, "replace_rate": 0.25},
 *   "early_stopping": {"patience": 10, "min_delta": 0.0},
 *   "checkpoint": {"load_path": "...", "strict": false, "strict_shape": false},
 *   "save_interval": 0,
 *   "inference": {...}                        // an inference.json written beside the model
 * }
 * }</pre>
 *
 * Datalist item paths may be image files or DICOM series folders; {@code image_key} and {@code
 * label_key} are loaded before the transforms run (a leading {@code LoadImaged} is then a
 * no-op). {@code description} and {@code version} are free text. {@code threads} is PyTorch's
 * intra-op thread count (0: all cores). Unknown keys are
 * errors. {@code cache}: {@code persistent} writes the deterministic prefix to {@code cache_dir}
 * (default {@code <output>/cache}) with Beam and reuses it while inputs and prefix are unchanged;
 * {@code memory} caches in memory only; {@code smart} is MONAI's SmartCache; {@code none} runs
 * every transform every epoch.
 */
public final class TrainConfig {
  /** What re-creates a config on a worker: its text, where relative paths start, overrides. */
  public static final class Spec implements Serializable {
    private static final long serialVersionUID = 1L;
    final String source;
    final String text;
    final String baseDir;
    final LinkedHashMap<String, Object> overrides;

    Spec(String source, String text, String baseDir, Map<String, Object> overrides) {
      this.source = source;
      this.text = text;
      this.baseDir = baseDir;
      this.overrides = new LinkedHashMap<>(overrides);
    }

    /** Parses the config again (reading its datalist). */
    public TrainConfig parse() throws IOException {
      return TrainConfig.parse(source, text, Path.of(baseDir), overrides);
    }
  }

  final Spec spec;
  final String source;
  final String sha256;
  final Map<String, Object> document;
  final String imageKey;
  final String labelKey;
  final int numClasses;
  final ChainSplit trainChain;
  final ChainSplit valChain;
  final Map<String, Object> network;
  final Map<String, Object> loss;
  final Map<String, Object> optimizer;
  final Map<String, Object> lrScheduler;
  final Map<String, Object> inferer;
  final int epochs;
  final int batchSize;
  final int valInterval;
  final long seed;
  final int numWorkers;
  final int threads;
  final String cache;
  final String cacheDir;
  final int smartCacheNum;
  final double smartReplaceRate;
  final int earlyStoppingPatience;
  final double earlyStoppingMinDelta;
  final String checkpointPath;
  final boolean checkpointStrict;
  final boolean checkpointStrictShape;
  final int saveInterval;
  final Map<String, Object> inference;
  final List<Sample> training;
  final List<Sample> validation;

  @SuppressWarnings("unchecked")
  private TrainConfig(String source, String text, Map<String, Object> doc, Path baseDir,
      Map<String, Object> overrides) throws IOException {
    this.spec = new Spec(source, text, baseDir.toString(), overrides);
    this.source = source;
    this.sha256 = Hashing.sha256(text);
    Map<String, Object> d = new LinkedHashMap<>(doc);
    d.putAll(overrides);
    this.document = Collections.unmodifiableMap(d);
    ConfigArgs a = new ConfigArgs("train config " + source, d);
    a.raw("description");
    a.raw("version");
    imageKey = a.getString("image_key", "image");
    labelKey = a.getString("label_key", "label");
    numClasses = a.requireInt("num_classes");
    if (numClasses < 2) {
      throw a.error("num_classes", "must be >= 2 (background and at least one class), got "
          + numClasses);
    }
    trainChain = ChainSplit.fromConfig(a.require("train_transforms"), "train_transforms");
    valChain = ChainSplit.fromConfig(a.raw("val_transforms"), "val_transforms");
    network = map(a, "network", true);
    loss = map(a, "loss", true);
    optimizer = map(a, "optimizer", true);
    lrScheduler = map(a, "lr_scheduler", false);
    inferer = map(a, "inferer", false);
    epochs = positive(a, "epochs", a.requireInt("epochs"));
    batchSize = positive(a, "batch_size", a.getInt("batch_size", 2));
    valInterval = positive(a, "val_interval", a.getInt("val_interval", 1));
    seed = (long) a.getDouble("seed", 0);
    numWorkers = a.getInt("num_workers", 2);
    if (numWorkers < 0) {
      throw a.error("num_workers", "must be >= 0, got " + numWorkers);
    }
    threads = a.getInt("threads", 0);
    cache = a.getChoice("cache", "persistent", "persistent", "memory", "smart", "none");
    cacheDir = a.getString("cache_dir", null);
    Map<String, Object> smart = map(a, "smart_cache", false);
    ConfigArgs sa = new ConfigArgs("smart_cache", smart == null ? Map.of() : smart);
    smartCacheNum = sa.getInt("cache_num", Integer.MAX_VALUE);
    smartReplaceRate = sa.getDouble("replace_rate", 0.1);
    sa.checkAllUsed();
    Map<String, Object> early = map(a, "early_stopping", false);
    ConfigArgs ea = new ConfigArgs("early_stopping", early == null ? Map.of() : early);
    earlyStoppingPatience = early == null ? 0 : positive(ea, "patience", ea.requireInt("patience"));
    earlyStoppingMinDelta = ea.getDouble("min_delta", 0.0);
    ea.checkAllUsed();
    Map<String, Object> ckpt = map(a, "checkpoint", false);
    ConfigArgs ca = new ConfigArgs("checkpoint", ckpt == null ? Map.of() : ckpt);
    String load = ca.getString("load_path", null);
    checkpointPath = load == null ? null : resolve(baseDir, load);
    checkpointStrict = ca.getBoolean("strict", true);
    checkpointStrictShape = ca.getBoolean("strict_shape", true);
    ca.checkAllUsed();
    saveInterval = a.getInt("save_interval", 0);
    inference = map(a, "inference", false);

    Object datalist = a.require("datalist");
    String dataDir = a.getString("data_dir", null);
    Datalist list;
    if (datalist instanceof String) {
      String path = resolve(baseDir, (String) datalist);
      list = Datalist.load(path, dataDir == null ? null : resolve(baseDir, dataDir), true);
    } else {
      list = Datalist.of(source + ": datalist", datalist,
          dataDir == null ? baseDir.toString() : resolve(baseDir, dataDir), true);
    }
    String trainKey = a.getString("training_key", "training");
    String valKey = a.getString("validation_key", "validation");
    Map<String, Object> split = map(a, "split", false);
    List<Sample> all = list.section(trainKey);
    if (split != null) {
      ConfigArgs pa = new ConfigArgs("split", split);
      long s = (long) pa.getDouble("seed", 0);
      if (pa.has("nfolds")) {
        int nfolds = pa.requireInt("nfolds");
        int fold = pa.getInt("fold", 0);
        if (fold < 0 || fold >= nfolds) {
          throw pa.error("fold", "must be in [0, " + (nfolds - 1) + "], got " + fold);
        }
        Partitions.Fold<Sample> f = Partitions.crossValidationFolds(all, nfolds, s).get(fold);
        training = f.training;
        validation = f.validation;
      } else {
        List<List<Sample>> parts = Partitions.partitionDataset(all,
            pa.requireDoubles("ratios"), pa.getBoolean("shuffle", true), s);
        if (parts.size() != 2) {
          throw pa.error("ratios", "must hold two ratios (training, validation)");
        }
        training = parts.get(0);
        validation = parts.get(1);
      }
      pa.checkAllUsed();
    } else {
      training = all;
      validation = list.has(valKey) ? list.section(valKey) : List.of();
    }
    a.checkAllUsed();
    if (training.isEmpty()) {
      throw new IllegalArgumentException(source + ": no training items");
    }
  }

  private static int positive(ConfigArgs a, String name, int v) {
    if (v < 1) {
      throw a.error(name, "must be >= 1, got " + v);
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(ConfigArgs a, String name, boolean required) {
    Object v = required ? a.require(name) : a.raw(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map)) {
      throw a.error(name, "must be an object, got " + v);
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) v));
  }

  private static String resolve(Path base, String p) {
    if (p.contains("://")) {
      return p;
    }
    return base.resolve(p).normalize().toString();
  }

  /** Reads a config file; relative paths in it are relative to its folder. */
  public static TrainConfig load(String path) throws IOException {
    return load(path, Map.of());
  }

  /** As {@link #load(String)}, with top-level values replaced (command-line overrides). */
  public static TrainConfig load(String path, Map<String, Object> overrides) throws IOException {
    String text = new String(Bundled.readAll(path), StandardCharsets.UTF_8);
    Path base = path.startsWith("classpath:") ? Path.of(".")
        : Path.of(path).toAbsolutePath().getParent();
    return parse(path, text, base, overrides);
  }

  /** Parses config text; relative paths resolve against {@code baseDir}. */
  @SuppressWarnings("unchecked")
  public static TrainConfig parse(String source, String text, Path baseDir,
      Map<String, Object> overrides) throws IOException {
    Object doc;
    try {
      doc = ChainConfig.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(source + ": not valid JSON or YAML: " + e.getMessage(), e);
    }
    if (!(doc instanceof Map)) {
      throw new IllegalArgumentException(source + ": a train config is a JSON object with "
          + "datalist, train_transforms, network, loss, optimizer, epochs, ...");
    }
    return new TrainConfig(source, text, (Map<String, Object>) doc, baseDir, overrides);
  }

  public String source() {
    return source;
  }

  /** A serializable description that re-creates this config ({@link Spec#parse}). */
  public Spec spec() {
    return spec;
  }

  public List<Sample> training() {
    return training;
  }

  public List<Sample> validation() {
    return validation;
  }

  public int epochs() {
    return epochs;
  }

  public long seed() {
    return seed;
  }

  public String cache() {
    return cache;
  }

  public int numClasses() {
    return numClasses;
  }

  public ChainSplit trainChain() {
    return trainChain;
  }

  public ChainSplit valChain() {
    return valChain;
  }

  /** The keys loaded from the datalist before the transforms. */
  public List<String> loadKeys() {
    return List.of(imageKey, labelKey);
  }

  /** The network config. */
  public Map<String, Object> network() {
    return network;
  }

  /** The document as read, with overrides applied. */
  public Map<String, Object> document() {
    return document;
  }

  /** The inference config to write beside the model, or null. */
  public Map<String, Object> inference() {
    return inference;
  }
}
