package org.medbeam.model.inferers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;

/**
 * MONAI's {@code ClassificationSaver} / {@code CSVSaver}: one CSV file of per-sample predictions,
 * each row {@code <filename_or_obj><delimiter><v1><delimiter><v2>...} with values written as
 * Python writes {@code str(float)} — the same bytes MONAI writes for the same numbers.
 *
 * <p>The row key is {@code filename_or_obj} of the volume under the meta key (default {@code
 * "image"}), else the sample id. A PCollection has no order, so rows are sorted by key (MONAI
 * writes them in iteration order); the file is replaced as a whole ({@code overwrite=True}) and
 * written through Beam's {@code FileSystems} (local paths, {@code gs://}). The output is the path
 * written; samples without the prediction key go to the failures, counted in {@code
 * medbeam/classification_saver_failures}.
 */
public final class ClassificationSaver
    extends PTransform<PCollection<Sample>, WithFailures.Result<PCollection<String>, Failure>> {
  private static final long serialVersionUID = 1L;
  static final String STAGE = "classification_saver";

  private final String outputDir;
  private final String filename;
  private final String delimiter;
  private final String predKey;
  private final String metaKey;

  private ClassificationSaver(
      String outputDir, String filename, String delimiter, String predKey, String metaKey) {
    this.outputDir = outputDir;
    this.filename = filename;
    this.delimiter = delimiter;
    this.predKey = predKey;
    this.metaKey = metaKey;
  }

  /** Writes {@code <outputDir>/predictions.csv} with {@code ","} from key {@code "pred"}. */
  public static ClassificationSaver to(String outputDir) {
    if (outputDir == null || outputDir.isEmpty()) {
      throw new IllegalArgumentException("outputDir must be a directory path or URI, got "
          + (outputDir == null ? "null" : "''"));
    }
    return new ClassificationSaver(outputDir, "predictions.csv", ",", "pred", "image");
  }

  /** The file name inside the output directory (MONAI's default {@code predictions.csv}). */
  public ClassificationSaver withFilename(String name) {
    if (name == null || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "filename must be a plain file name such as 'predictions.csv', got '" + name + "'");
    }
    return new ClassificationSaver(outputDir, name, delimiter, predKey, metaKey);
  }

  public ClassificationSaver withDelimiter(String d) {
    if (d == null || d.isEmpty() || d.contains("\n")) {
      throw new IllegalArgumentException(
          "delimiter must be a non-empty string without newlines, got '" + d + "'");
    }
    return new ClassificationSaver(outputDir, filename, d, predKey, metaKey);
  }

  /** The sample key of the scores (a {@code float[]}, {@code double[]}, number or volume). */
  public ClassificationSaver withPredKey(String key) {
    return new ClassificationSaver(outputDir, filename, delimiter,
        SlidingWindowInfer.checkKey("predKey", key), metaKey);
  }

  /** The sample key of the volume whose {@code filename_or_obj} names the row. */
  public ClassificationSaver withMetaKey(String key) {
    return new ClassificationSaver(outputDir, filename, delimiter, predKey,
        SlidingWindowInfer.checkKey("metaKey", key));
  }

  /** One CSV row as MONAI's {@code CSVSaver.finalize} writes it (with the newline). */
  public static String row(String key, double[] values, String delimiter) {
    StringBuilder sb = new StringBuilder(key);
    for (double v : values) {
      sb.append(delimiter).append(PythonFloat.repr(v));
    }
    return sb.append('\n').toString();
  }

  /** The row key of a sample: {@code filename_or_obj} of {@code metaKey}'s volume, or the id. */
  static String rowKey(Sample s, String metaKey) {
    Object v = s.get(metaKey);
    if (v instanceof Volume) {
      String f = ((Volume) v).meta().getString(Metadata.FILENAME);
      if (f != null) {
        return f;
      }
    }
    return s.id();
  }

  /** Scores as doubles: arrays as they are, volumes flattened in MONAI's C order. */
  static double[] scores(Sample s, String predKey) {
    Object v = s.get(predKey);
    if (v == null) {
      throw new IllegalArgumentException(
          "sample '" + s.id() + "' has no key '" + predKey + "' (keys: " + s.keys() + ")");
    }
    if (v instanceof float[]) {
      float[] f = (float[]) v;
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }
    if (v instanceof double[]) {
      return ((double[]) v).clone();
    }
    if (v instanceof Number) {
      return new double[] {((Number) v).doubleValue()};
    }
    if (v instanceof Volume) {
      Volume vol = (Volume) v;
      int[] sp3 = Layouts.pad3(vol.spatialShape());
      float[] c = Layouts.toModelArray(vol.asFloat32().floats(), vol.channels(), sp3);
      double[] d = new double[c.length];
      for (int i = 0; i < c.length; i++) {
        d[i] = c[i];
      }
      return d;
    }
    throw new IllegalArgumentException(
        "sample '" + s.id() + "': key '" + predKey + "' holds a " + v.getClass().getSimpleName()
            + "; expected class scores (float[], double[], a number or a volume)");
  }

  @Override
  public WithFailures.Result<PCollection<String>, Failure> expand(PCollection<Sample> input) {
    TupleTag<KV<String, String>> rowsTag = new TupleTag<KV<String, String>>() {};
    TupleTag<Failure> failureTag = new TupleTag<Failure>() {};
    PCollectionTuple rows =
        input.apply(
            "ToRows",
            ParDo.of(new RowFn(predKey, metaKey, delimiter, failureTag, rowsTag))
                .withOutputTags(rowsTag, TupleTagList.of(failureTag)));
    PCollection<KV<String, String>> kv =
        rows.get(rowsTag).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    PCollection<String> written =
        kv.apply("Sort", Combine.globally(new SortRows()))
            .apply("Write", ParDo.of(new WriteFn(outputDir, filename)));
    return WithFailures.Result.of(written, rows.get(failureTag));
  }

  static final class RowFn extends DoFn<Sample, KV<String, String>> {
    private static final long serialVersionUID = 1L;
    private final String predKey;
    private final String metaKey;
    private final String delimiter;
    private final TupleTag<Failure> failureTag;
    private final TupleTag<KV<String, String>> rowsTag;
    private final Counter failures = Metrics.counter("medbeam", STAGE + "_failures");

    RowFn(String predKey, String metaKey, String delimiter, TupleTag<Failure> failureTag,
        TupleTag<KV<String, String>> rowsTag) {
      this.predKey = predKey;
      this.metaKey = metaKey;
      this.delimiter = delimiter;
      this.failureTag = failureTag;
      this.rowsTag = rowsTag;
    }

    @ProcessElement
    public void process(@Element Sample s, MultiOutputReceiver out) {
      String key = rowKey(s, metaKey);
      try {
        out.get(rowsTag).output(KV.of(key, row(key, scores(s, predKey), delimiter)));
      } catch (RuntimeException e) {
        failures.inc();
        out.get(failureTag).output(Failure.of(s.id(), key, STAGE, e));
      }
    }
  }

  /** Collects all rows, sorted by key then row text (deterministic whatever the runner). */
  static final class SortRows
      extends Combine.CombineFn<KV<String, String>, List<KV<String, String>>, List<String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public List<KV<String, String>> createAccumulator() {
      return new ArrayList<>();
    }

    @Override
    public List<KV<String, String>> addInput(List<KV<String, String>> acc, KV<String, String> r) {
      acc.add(r);
      return acc;
    }

    @Override
    public List<KV<String, String>> mergeAccumulators(
        Iterable<List<KV<String, String>>> accs) {
      List<KV<String, String>> all = new ArrayList<>();
      for (List<KV<String, String>> a : accs) {
        all.addAll(a);
      }
      return all;
    }

    @Override
    public List<String> extractOutput(List<KV<String, String>> acc) {
      List<KV<String, String>> sorted = new ArrayList<>(acc);
      sorted.sort(
          Comparator.comparing((KV<String, String> kv) -> kv.getKey())
              .thenComparing(KV::getValue));
      List<String> out = new ArrayList<>(sorted.size());
      for (KV<String, String> kv : sorted) {
        out.add(kv.getValue());
      }
      return out;
    }

    @Override
    public Coder<List<KV<String, String>>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<String, String>> inputCoder) {
      return ListCoder.of(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    }

    @Override
    public Coder<List<String>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KV<String, String>> inputCoder) {
      return ListCoder.of(StringUtf8Coder.of());
    }
  }

  static final class WriteFn extends DoFn<List<String>, String> {
    private static final long serialVersionUID = 1L;
    private final String outputDir;
    private final String filename;

    WriteFn(String outputDir, String filename) {
      this.outputDir = outputDir;
      this.filename = filename;
    }

    @ProcessElement
    public void process(@Element List<String> rows, OutputReceiver<String> out) {
      ResourceId file =
          FileSystems.matchNewResource(outputDir, true)
              .resolve(filename, StandardResolveOptions.RESOLVE_FILE);
      try (WritableByteChannel ch = FileSystems.create(file, "text/csv")) {
        for (String r : rows) {
          ByteBuffer b = ByteBuffer.wrap(r.getBytes(StandardCharsets.UTF_8));
          while (b.hasRemaining()) {
            ch.write(b);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
      }
      out.output(file.toString());
    }
  }
}
