package org.medbeam.workflows.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.medbeam.core.Failure;
import org.medbeam.core.Parallel;
import org.medbeam.core.Sample;
import org.medbeam.transforms.MedicalTransforms;
import org.medbeam.transforms.TransformContext;
import org.medbeam.workflows.Hashing;

/**
 * MONAI's {@code PersistentDataset} in Beam terms: the deterministic prefix of a chain ({@link
 * ChainSplit}) runs once per item, in parallel on the runner, and its outputs are written as
 * {@link CacheShards} files under a folder named by the {@link #cacheKey cache key}:
 *
 * <pre>
 * &lt;cache_root&gt;/&lt;key&gt;/shard-00000-of-00004      (local or gs://)
 *                        ...
 *                        cache.json                 written last: the shards, the sample
 *                                                   count and the items that failed
 * </pre>
 *
 * The key is the SHA-256 of the medbeam cache version, the prefix's fingerprint, and every
 * item's id and values, file values by the SHA-256 of their content (a DICOM folder by its
 * files'): a changed chain prefix or a changed input file gives a new folder, never stale data.
 * {@code cache.json} marks the folder complete; {@link #read} loads it back (sorted by id,
 * bit-exact), and the random suffix then runs per epoch in the trainer's loader ({@link
 * CacheDataset}).
 */
public final class PersistentDataset {
  /** Bumped whenever what a cache holds changes meaning; part of every key. */
  public static final String CACHE_VERSION = "medbeam-cache/1";
  /** The file that marks a cache folder complete. */
  public static final String MANIFEST = "cache.json";

  private PersistentDataset() {}

  /**
   * The cache key of {@code items} run through a prefix with {@code prefixFingerprint}; the values
   * under {@code fileKeys} are paths whose content is hashed ({@code threads} files at a time).
   */
  public static String cacheKey(List<Sample> items, List<String> fileKeys,
      String prefixFingerprint, int threads) {
    List<Sample> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(Sample::id));
    String[] parts = new String[sorted.size()];
    Parallel.forRange(sorted.size(), Math.max(1, threads), (from, to) -> {
      for (int i = from; i < to; i++) {
        parts[i] = itemFingerprint(sorted.get(i), fileKeys);
      }
    });
    StringBuilder sb = new StringBuilder(CACHE_VERSION).append('\n').append(prefixFingerprint);
    for (String p : parts) {
      sb.append('\n').append(p);
    }
    return Hashing.sha256(sb.toString());
  }

  private static String itemFingerprint(Sample s, List<String> fileKeys) {
    StringBuilder sb = new StringBuilder(s.id());
    for (Map.Entry<String, Object> e : new TreeMap<>(s.asMap()).entrySet()) {
      Object v = e.getValue();
      sb.append('\u0000').append(e.getKey()).append('=');
      if (fileKeys.contains(e.getKey()) && v instanceof String) {
        try {
          sb.append("sha256:").append(contentHash((String) v));
        } catch (IOException ex) {
          // unreadable now: the load will fail and report it; key by the name
          sb.append("unreadable:").append(v);
        }
      } else {
        sb.append(v);
      }
    }
    return sb.toString();
  }

  /** SHA-256 of a file's bytes, or of a local folder's (relative name, file SHA-256) list. */
  public static String contentHash(String pathOrUri) throws IOException {
    if (!pathOrUri.contains("://") && Files.isDirectory(Path.of(pathOrUri))) {
      Path dir = Path.of(pathOrUri);
      List<Path> files;
      try (Stream<Path> s = Files.walk(dir)) {
        files = s.filter(Files::isRegularFile).sorted().toList();
      }
      StringBuilder sb = new StringBuilder("dir");
      for (Path f : files) {
        sb.append('\n').append(dir.relativize(f).toString().replace('\\', '/')).append('=')
            .append(Hashing.sha256File(f.toString()));
      }
      return Hashing.sha256(sb.toString());
    }
    return Hashing.sha256File(pathOrUri);
  }

  /** The folder of {@code key} under {@code cacheRoot} (local path or URI). */
  public static String folder(String cacheRoot, String key) {
    return (cacheRoot.endsWith("/") ? cacheRoot : cacheRoot + "/") + key + "/";
  }

  /** True when {@code dir} holds a complete cache ({@value #MANIFEST} present). */
  public static boolean isComplete(String dir) {
    try {
      MatchResult m = FileSystems.match(slash(dir) + MANIFEST, EmptyMatchTreatment.ALLOW);
      return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static String slash(String dir) {
    return dir.endsWith("/") ? dir : dir + "/";
  }

  /** What a complete cache holds. */
  public static final class Cached {
    public final String dir;
    /** The preprocessed samples, sorted by id. */
    public final List<Sample> samples;
    /** Items whose preprocessing failed when the cache was built. */
    public final List<Failure> failures;

    Cached(String dir, List<Sample> samples, List<Failure> failures) {
      this.dir = dir;
      this.samples = Collections.unmodifiableList(samples);
      this.failures = Collections.unmodifiableList(failures);
    }
  }

  /** Loads a complete cache folder, {@code threads} shards at a time. */
  public static Cached read(String dir, int threads) throws IOException {
    String d = slash(dir);
    JsonNode m;
    try (InputStream in = Channels.newInputStream(
        FileSystems.open(FileSystems.matchSingleFileSpec(d + MANIFEST).resourceId()))) {
      m = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new IOException(d + MANIFEST + ": cannot read the cache manifest (" + e.getMessage()
          + "); is " + d + " a complete cache?", e);
    }
    if (!"medbeam-cache".equals(m.path("format").asText())
        || m.path("version").asInt() != CacheShards.VERSION) {
      throw new IOException(d + MANIFEST + ": not a medbeam cache manifest of version "
          + CacheShards.VERSION);
    }
    List<String> shards = new ArrayList<>();
    m.path("shards").forEach(s -> shards.add(s.asText()));
    List<List<Sample>> parts = new ArrayList<>(Collections.nCopies(shards.size(), null));
    IOException[] error = new IOException[1];
    Parallel.forRange(shards.size(), Math.max(1, threads), (from, to) -> {
      for (int i = from; i < to; i++) {
        try {
          parts.set(i, CacheShards.read(d + shards.get(i)));
        } catch (IOException e) {
          synchronized (error) {
            error[0] = e;
          }
        }
      }
    });
    if (error[0] != null) {
      throw error[0];
    }
    List<Sample> all = new ArrayList<>();
    parts.forEach(all::addAll);
    all.sort(Comparator.comparing(Sample::id));
    long expected = m.path("samples").asLong(-1);
    if (expected != all.size()) {
      throw new IOException(d + ": the manifest lists " + expected + " samples, the shards hold "
          + all.size());
    }
    List<Failure> failures = new ArrayList<>();
    for (JsonNode f : m.path("failures")) {
      failures.add(Failure.of(f.path("id").asText(), f.path("source").asText(),
          f.path("stage").asText(), f.path("error").asText(), f.path("message").asText()));
    }
    return new Cached(d, all, failures);
  }

  /**
   * Preprocesses and writes a cache folder: items (datalist samples) → {@link LoadItems} → the
   * chain's deterministic prefix → shards → {@value #MANIFEST}. The output is the folder (one
   * element, once the manifest is written); items that fail are failures (stage {@code
   * "cache"}) and are listed in the manifest.
   */
  public static Write write(ChainSplit split, List<String> loadKeys) {
    return new Write(split, List.copyOf(loadKeys), null, 0, 1, 4);
  }

  /** The writing transform; set the folder with {@link #to}. */
  public static final class Write
      extends PTransform<PCollection<Sample>, WithFailures.Result<PCollection<String>, Failure>> {
    private static final long serialVersionUID = 1L;

    private final ChainSplit split;
    private final List<String> loadKeys;
    private final String dir;
    private final long seed;
    private final int threads;
    private final int numShards;

    private Write(ChainSplit split, List<String> loadKeys, String dir, long seed, int threads,
        int numShards) {
      this.split = split;
      this.loadKeys = loadKeys;
      this.dir = dir;
      this.seed = seed;
      this.threads = threads;
      this.numShards = numShards;
    }

    /** The cache folder (usually {@link #folder}(root, {@link #cacheKey key})). */
    public Write to(String folder) {
      if (folder == null || folder.isBlank()) {
        throw new IllegalArgumentException("to: the cache folder must be a non-empty path or URI");
      }
      return new Write(split, loadKeys, folder, seed, threads, numShards);
    }

    /** The seed of the chain's context (the prefix draws nothing; kept for multi-sample items). */
    public Write withSeed(long s) {
      return new Write(split, loadKeys, dir, s, threads, numShards);
    }

    /** Intra-op threads per element (default 1). */
    public Write withThreads(int t) {
      if (t < 1) {
        throw new IllegalArgumentException("withThreads: threads must be >= 1, got " + t);
      }
      return new Write(split, loadKeys, dir, seed, t, numShards);
    }

    /** Number of shard files (default 4). */
    public Write withNumShards(int n) {
      if (n < 1 || n > 99999) {
        throw new IllegalArgumentException("withNumShards: must be in [1, 99999], got " + n);
      }
      return new Write(split, loadKeys, dir, seed, threads, n);
    }

    @Override
    public WithFailures.Result<PCollection<String>, Failure> expand(PCollection<Sample> items) {
      if (dir == null) {
        throw new IllegalStateException("PersistentDataset.write: call to(folder) first");
      }
      String d = slash(dir);
      TupleTag<Sample> ok = new TupleTag<Sample>() {};
      TupleTag<Failure> failed = new TupleTag<Failure>() {};
      TransformContext context = TransformContext.of(seed).withThreads(threads);
      PCollectionTuple pre = items
          .apply("SpreadItems", Reshuffle.viaRandomKey())
          .apply("LoadAndPreprocess", ParDo.of(new PrefixFn(split, loadKeys, context, ok, failed))
              .withOutputTags(ok, TupleTagList.of(failed)));
      PCollection<Sample> samples = pre.get(ok);
      PCollection<Failure> failures = pre.get(failed);
      WriteFilesResult<Void> files = samples.apply("WriteShards", FileIO.<Sample>write()
          .via(CacheShards.sink())
          .to(d)
          .withNaming(FileIO.Write.defaultNaming("shard", ""))
          .withNumShards(numShards)
          .withTempDirectory(d + ".tmp"));
      PCollectionView<Long> count = samples.apply("CountSamples", Count.globally())
          .apply("CountView", View.asSingleton());
      PCollectionView<List<String>> failureJson = failures
          .apply("FailureJson", MapElements.into(TypeDescriptors.strings()).via(Failure::toJson))
          .apply("FailureList", Combine.globally(new SortedList()).withoutDefaults())
          .setCoder(ListCoder.of(StringUtf8Coder.of()))
          .apply("FailureView", View.<List<String>>asSingleton().withDefaultValue(List.of()));
      PCollection<String> written = files.getPerDestinationOutputFilenames()
          .apply("ShardNames", Values.create())
          .apply("AllShards", Combine.globally(new SortedList()))
          .setCoder(ListCoder.of(StringUtf8Coder.of()))
          .apply("WriteManifest", ParDo.of(new ManifestFn(d, count, failureJson))
              .withSideInputs(count, failureJson));
      return WithFailures.Result.of(written, failures);
    }
  }

  /** Loads the item, runs the prefix; failures are an output. */
  static final class PrefixFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final ChainSplit split;
    private final LoadItems load;
    private final TransformContext context;
    private final TupleTag<Sample> ok;
    private final TupleTag<Failure> failed;
    private final Counter done = Metrics.counter("medbeam", "cache_samples");
    private final Counter failures = Metrics.counter("medbeam", "cache_failures");

    PrefixFn(ChainSplit split, List<String> loadKeys, TransformContext context,
        TupleTag<Sample> ok, TupleTag<Failure> failed) {
      this.split = split;
      this.load = loadKeys.isEmpty() ? null : LoadItems.ofOptional(loadKeys);
      this.context = context;
      this.ok = ok;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element Sample item, MultiOutputReceiver out) {
      List<Sample> results;
      try {
        Sample s = load == null ? item : load.apply(item, context);
        results = split.applyPrefix(s, context);
      } catch (RuntimeException e) {
        failures.inc();
        out.get(failed).output(Failure.of(item.id(), MedicalTransforms.sourceOf(item), "cache", e));
        return;
      }
      for (Sample r : results) {
        out.get(ok).output(r);
      }
      done.inc();
    }
  }

  /** Collects strings into one sorted list. */
  static final class SortedList extends Combine.CombineFn<String, List<String>, List<String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<String> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<String> addInput(List<String> acc, String s) {
      acc.add(s);
      return acc;
    }

    @Override
    public List<String> mergeAccumulators(Iterable<List<String>> accs) {
      List<String> all = new ArrayList<>();
      accs.forEach(all::addAll);
      return all;
    }

    @Override
    public List<String> extractOutput(List<String> acc) {
      List<String> out = new ArrayList<>(acc);
      Collections.sort(out);
      return out;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<List<String>> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry,
        org.apache.beam.sdk.coders.Coder<String> inputCoder) {
      return ListCoder.of(StringUtf8Coder.of());
    }
  }

  /** Writes {@value #MANIFEST} once every shard is in place; outputs the folder. */
  static final class ManifestFn extends DoFn<List<String>, String> {
    private static final long serialVersionUID = 1L;
    private final String dir;
    private final PCollectionView<Long> count;
    private final PCollectionView<List<String>> failures;

    ManifestFn(String dir, PCollectionView<Long> count, PCollectionView<List<String>> failures) {
      this.dir = dir;
      this.count = count;
      this.failures = failures;
    }

    @ProcessElement
    public void process(@Element List<String> shardPaths, ProcessContext c) throws IOException {
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = m.createObjectNode();
      root.put("format", "medbeam-cache");
      root.put("version", CacheShards.VERSION);
      root.put("cache_version", CACHE_VERSION);
      ArrayNode shards = root.putArray("shards");
      for (String p : shardPaths) {
        shards.add(p.substring(p.lastIndexOf('/') + 1));
      }
      root.put("samples", c.sideInput(count));
      ArrayNode f = root.putArray("failures");
      for (String json : c.sideInput(failures)) {
        f.add(m.readTree(json));
      }
      writeAtomically(dir + MANIFEST, m.writeValueAsBytes(root));
      removeEmptyTempFolder(dir + ".tmp");
      c.output(dir);
    }
  }

  /** FileIO leaves its (empty) temporary folder behind on local disks. */
  static void removeEmptyTempFolder(String path) {
    if (path.contains("://")) {
      return; // object stores have no folders
    }
    try (Stream<Path> s = Files.walk(Path.of(path))) {
      List<Path> all = new ArrayList<>(s.toList());
      if (all.stream().allMatch(Files::isDirectory)) {
        Collections.reverse(all);
        for (Path p : all) {
          Files.delete(p);
        }
      }
    } catch (IOException e) {
      // absent, or in use by another writer: leave it
    }
  }

  static void writeAtomically(String path, byte[] bytes) throws IOException {
    ResourceId target = FileSystems.matchNewResource(path, false);
    ResourceId tmp = FileSystems.matchNewResource(path + ".tmp-" + UUID.randomUUID(), false);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(tmp, MimeTypes.TEXT))) {
      os.write(bytes);
    }
    FileSystems.rename(List.of(tmp), List.of(target));
  }
}
