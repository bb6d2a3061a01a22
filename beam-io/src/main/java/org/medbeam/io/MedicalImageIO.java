package org.medbeam.io;

import java.util.Objects;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;

/**
 * Beam IO for medical images in any format medbeam reads and writes, over any Beam FileSystem.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Sample>, Failure> images =
 *     p.apply(MedicalImageIO.read().from("/data/ct/*.nii.gz"));
 * images.output().apply(MedicalImageIO.write().to("/out").withOutputPostfix("seg"));
 * }</pre>
 *
 * <p>Each file becomes a {@link Sample} whose id is the file's path and whose {@code "image"} key
 * (see {@link Read#withKey}) holds the volume. A file that cannot be read becomes a {@link
 * Failure} on the failures output; the rest of the run goes on.
 */
public final class MedicalImageIO {
  private MedicalImageIO() {}

  public static Read read() {
    return new Read(null, "image", LoadImage.create(), EmptyMatchTreatment.DISALLOW, null);
  }

  /** Decides per matched file, before it is read, whether to read it (incremental runs). */
  public interface FileFilter
      extends org.apache.beam.sdk.transforms.SerializableFunction<MatchResult.Metadata, Boolean> {}

  /**
   * SHA-256 (hex) over a file's name, size and modification time: what identifies its content for
   * incremental runs without reading it (rsync's rule). Stored as {@link
   * org.medbeam.core.Metadata#SOURCE_FINGERPRINT}.
   */
  public static String fingerprint(MatchResult.Metadata file) {
    String s = file.resourceId() + "\u0000" + file.sizeBytes() + "\u0000" + file.lastModifiedMillis();
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Write write() {
    return new Write("image", SaveImage.create());
  }

  /** Reads the files matching a pattern into samples. */
  public static final class Read
      extends PTransform<PBegin, WithFailures.Result<PCollection<Sample>, Failure>> {
    private static final long serialVersionUID = 1L;

    private final String filepattern;
    private final String key;
    private final LoadImage loader;
    private final EmptyMatchTreatment emptyMatch;
    private final FileFilter fileFilter;

    private Read(String filepattern, String key, LoadImage loader, EmptyMatchTreatment emptyMatch,
        FileFilter fileFilter) {
      this.filepattern = filepattern;
      this.key = key;
      this.loader = loader;
      this.emptyMatch = emptyMatch;
      this.fileFilter = fileFilter;
    }

    /** Reads only the files the filter accepts; the others are counted as {@code images_skipped}. */
    public Read withFileFilter(FileFilter f) {
      return new Read(filepattern, key, loader, emptyMatch, Objects.requireNonNull(f, "fileFilter"));
    }

    /** A Beam file pattern: {@code /data/*.nii.gz}, {@code gs://bucket/ct/**}. */
    public Read from(String pattern) {
      if (pattern == null || pattern.isBlank()) {
        throw new IllegalArgumentException("from: the file pattern must be non-empty");
      }
      return new Read(pattern, key, loader, emptyMatch, fileFilter);
    }

    /** The sample key the volume goes under (default {@code "image"}). */
    public Read withKey(String k) {
      if (k == null || k.isEmpty()) {
        throw new IllegalArgumentException("withKey: the key must be a non-empty string");
      }
      return new Read(filepattern, k, loader, emptyMatch, fileFilter);
    }

    /** How to load (reader choice, dtype, limits). */
    public Read withLoader(LoadImage l) {
      return new Read(filepattern, key, Objects.requireNonNull(l, "loader"), emptyMatch, fileFilter);
    }

    /** Whether a pattern matching nothing is an error (the default) or an empty collection. */
    public Read withEmptyMatchTreatment(EmptyMatchTreatment t) {
      return new Read(filepattern, key, loader, Objects.requireNonNull(t), fileFilter);
    }

    @Override
    public WithFailures.Result<PCollection<Sample>, Failure> expand(PBegin input) {
      if (filepattern == null) {
        throw new IllegalStateException("MedicalImageIO.read() needs from(pattern)");
      }
      PCollection<MatchResult.Metadata> files =
          input
              .apply("Match", FileIO.match().filepattern(filepattern).withEmptyMatchTreatment(emptyMatch))
              // reading dominates: spread the files over workers before it
              .apply("Spread", Reshuffle.viaRandomKey());
      TupleTag<Sample> ok = new TupleTag<Sample>() {};
      TupleTag<Failure> failed = new TupleTag<Failure>() {};
      PCollectionTuple out =
          files.apply(
              "Load",
              ParDo.of(new LoadFn(loader, key, fileFilter, ok, failed))
                  .withOutputTags(ok, TupleTagList.of(failed)));
      return WithFailures.Result.of(out.get(ok), out.get(failed));
    }
  }

  static final class LoadFn extends DoFn<MatchResult.Metadata, Sample> {
    private static final long serialVersionUID = 1L;
    private final LoadImage loader;
    private final String key;
    private final TupleTag<Sample> ok;
    private final TupleTag<Failure> failed;
    private final FileFilter fileFilter;
    private final Counter read = Metrics.counter("medbeam", "images_read");
    private final Counter skipped = Metrics.counter("medbeam", "images_skipped");
    private final Counter failures = Metrics.counter("medbeam", "read_failures");

    LoadFn(LoadImage loader, String key, FileFilter fileFilter, TupleTag<Sample> ok,
        TupleTag<Failure> failed) {
      this.loader = loader;
      this.key = key;
      this.fileFilter = fileFilter;
      this.ok = ok;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, MultiOutputReceiver out) {
      if (fileFilter != null && !Boolean.TRUE.equals(fileFilter.apply(file))) {
        skipped.inc();
        return;
      }
      ImageSource source = ImageSource.of(file);
      try {
        Volume v = loader.apply(source)
            .withMeta(org.medbeam.core.Metadata.SOURCE_FINGERPRINT, fingerprint(file));
        out.get(ok).output(Sample.of(source.name(), key, v));
        read.inc();
      } catch (Exception e) {
        failures.inc();
        out.get(failed).output(Failure.of(source.name(), source.name(), "read", e));
      }
    }
  }

  /** Writes the volume under a key of each sample with {@link SaveImage}'s naming. */
  public static final class Write
      extends PTransform<PCollection<Sample>, WithFailures.Result<PCollection<String>, Failure>> {
    private static final long serialVersionUID = 1L;

    private final String key;
    private final SaveImage saver;

    private Write(String key, SaveImage saver) {
      this.key = key;
      this.saver = saver;
    }

    /** Output folder (any Beam FileSystem). */
    public Write to(String outputDir) {
      return new Write(key, saver.withOutputDir(outputDir));
    }

    public Write withKey(String k) {
      if (k == null || k.isEmpty()) {
        throw new IllegalArgumentException("withKey: the key must be a non-empty string");
      }
      return new Write(k, saver);
    }

    public Write withOutputPostfix(String postfix) {
      return new Write(key, saver.withOutputPostfix(postfix));
    }

    public Write withOutputExt(String ext) {
      return new Write(key, saver.withOutputExt(ext));
    }

    /** One folder per source ({@code <name>/<name>_<postfix><ext>}) or all in one. */
    public Write withSeparateFolder(boolean separate) {
      return new Write(key, saver.withSeparateFolder(separate));
    }

    /** Full control over naming, dtype and resampling. */
    public Write withSaver(SaveImage s) {
      return new Write(key, Objects.requireNonNull(s, "saver"));
    }

    @Override
    public WithFailures.Result<PCollection<String>, Failure> expand(PCollection<Sample> input) {
      TupleTag<String> ok = new TupleTag<String>() {};
      TupleTag<Failure> failed = new TupleTag<Failure>() {};
      PCollectionTuple out =
          input.apply(
              "Save",
              ParDo.of(new SaveFn(saver, key, ok, failed)).withOutputTags(ok, TupleTagList.of(failed)));
      return WithFailures.Result.of(out.get(ok), out.get(failed));
    }
  }

  static final class SaveFn extends DoFn<Sample, String> {
    private static final long serialVersionUID = 1L;
    private final SaveImage saver;
    private final String key;
    private final TupleTag<String> ok;
    private final TupleTag<Failure> failed;
    private final Counter written = Metrics.counter("medbeam", "images_written");
    private final Counter failures = Metrics.counter("medbeam", "write_failures");

    SaveFn(SaveImage saver, String key, TupleTag<String> ok, TupleTag<Failure> failed) {
      this.saver = saver;
      this.key = key;
      this.ok = ok;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element Sample s, MultiOutputReceiver out) {
      String source = "";
      try {
        Volume v = s.volume(key);
        source = v.meta().getString(org.medbeam.core.Metadata.FILENAME);
        out.get(ok).output(saver.apply(v));
        written.inc();
      } catch (Exception e) {
        failures.inc();
        out.get(failed).output(Failure.of(s.id(), source, "write", e));
      }
    }
  }
}
