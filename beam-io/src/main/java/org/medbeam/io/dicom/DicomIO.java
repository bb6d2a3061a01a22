package org.medbeam.io.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.medbeam.core.Failure;
import org.medbeam.core.Sample;
import org.medbeam.core.SampleCoder;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageSource;
import org.medbeam.io.ReadLimits;

/**
 * Beam IO for DICOM archives. {@link #readSeries()} turns a file pattern over any Beam
 * FileSystem into one {@link Sample} per series:
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Sample>, Failure> ct =
 *     pipeline.apply(DicomIO.readSeries().from("gs://archive/**")
 *         .withModality("CT").withSeriesDescription("(?i)thorax"));
 * }</pre>
 *
 * <p>Steps: match files → spread them ({@link Reshuffle}) → read each header in parallel, never
 * pixels, and apply the filters → key by SeriesInstanceUID and {@link GroupByKey} → group, split
 * and order slices, allocate each volume once and decode every slice into it. Each sample's id is
 * the series id (SeriesInstanceUID, {@code <uid>_<part>} for split series); its {@code "image"}
 * is the {@code (C, X, Y, Z)} volume with RAS affine and the tags in its metadata (see {@link
 * DicomSeriesReader}).
 *
 * <p>Nothing is lost: unreadable files (stage {@value #STAGE_HEADER}) and series that cannot be
 * assembled (stage {@value #STAGE_ASSEMBLE}) go to the failures output with the file or series
 * and the reason. Metrics (namespace {@code medbeam}) balance: {@code dicom_files} = {@code
 * dicom_headers_read} + {@code dicom_header_failures} + {@code dicom_non_image_files}, and
 * {@code dicom_headers_read} = {@code dicom_files_filtered} + files in assembled or failed series.
 */
public final class DicomIO {
  /** Failure stage of files whose header cannot be read. */
  public static final String STAGE_HEADER = "dicom_read_header";
  /** Failure stage of series that cannot be grouped or assembled. */
  public static final String STAGE_ASSEMBLE = "dicom_assemble_series";

  private DicomIO() {}

  /** Reads series from files; set the files with {@link ReadSeries#from}. */
  public static ReadSeries readSeries() {
    return new ReadSeries(null, List.of(), null, null, null, DicomSeriesReader.create(), "image",
        EmptyMatchTreatment.DISALLOW, null);
  }

  /** A filter on headers, applied before any pixel is read. */
  @FunctionalInterface
  public interface InstanceFilter extends SerializableFunction<DicomInstance, Boolean> {}

  /**
   * Decides, once a series is grouped and before any of its pixels are read, whether to assemble
   * it (true) or skip it (false, counted as {@code dicom_series_skipped}). Incremental runs use it
   * to pass over series they already processed.
   */
  public interface SeriesFilter extends SerializableFunction<DicomSeries, Boolean> {}

  /** The composite transform {@link #readSeries()} returns. Immutable. */
  public static final class ReadSeries
      extends PTransform<PBegin, WithFailures.Result<PCollection<Sample>, Failure>> {
    private static final long serialVersionUID = 1L;

    private final String filepattern;
    private final List<String> modalities;
    private final String seriesDescriptionRegex;
    private final TagMatch tagMatch;
    private final InstanceFilter filter;
    private final DicomSeriesReader reader;
    private final String key;
    private final EmptyMatchTreatment emptyMatch;
    private final SeriesFilter seriesFilter;

    private ReadSeries(String filepattern, List<String> modalities,
        String seriesDescriptionRegex, TagMatch tagMatch, InstanceFilter filter,
        DicomSeriesReader reader, String key, EmptyMatchTreatment emptyMatch,
        SeriesFilter seriesFilter) {
      this.filepattern = filepattern;
      this.modalities = modalities;
      this.seriesDescriptionRegex = seriesDescriptionRegex;
      this.tagMatch = tagMatch;
      this.filter = filter;
      this.reader = reader;
      this.key = key;
      this.emptyMatch = emptyMatch;
      this.seriesFilter = seriesFilter;
    }

    /** Skips grouped series the filter rejects, before reading their pixels ({@link SeriesFilter}). */
    public ReadSeries withSeriesFilter(SeriesFilter f) {
      return new ReadSeries(filepattern, modalities, seriesDescriptionRegex, tagMatch, filter,
          reader, key, emptyMatch, Objects.requireNonNull(f, "seriesFilter"));
    }

    /** Files to read: a Beam file pattern ({@code /data/**}, {@code gs://bucket/study/*}). */
    public ReadSeries from(String pattern) {
      if (pattern == null || pattern.isBlank()) {
        throw new IllegalArgumentException("from: file pattern must be non-empty, got '"
            + pattern + "'");
      }
      return new ReadSeries(pattern, modalities, seriesDescriptionRegex, tagMatch, filter,
          reader, key, emptyMatch, seriesFilter);
    }

    /** Keeps only files whose Modality (0008,0060) is one of these (e.g. "CT", "MR"). */
    public ReadSeries withModality(String... modality) {
      if (modality.length == 0) {
        throw new IllegalArgumentException("withModality needs at least one modality, e.g. "
            + "\"CT\"");
      }
      List<String> m = new ArrayList<>();
      for (String s : modality) {
        if (s == null || !s.trim().matches("[A-Za-z0-9_ ]{1,16}")) {
          throw new IllegalArgumentException("withModality: '" + s + "' is not a modality code "
              + "(1-16 letters or digits, e.g. CT, MR, PT)");
        }
        m.add(s.trim().toUpperCase(Locale.ROOT));
      }
      return new ReadSeries(filepattern, Collections.unmodifiableList(m), seriesDescriptionRegex,
          tagMatch, filter, reader, key, emptyMatch, seriesFilter);
    }

    /**
     * Keeps only files whose SeriesDescription (0008,103E) contains a match of this regular
     * expression ({@link java.util.regex.Matcher#find()}; anchor with ^…$ for a whole match).
     */
    public ReadSeries withSeriesDescription(String regex) {
      compile("withSeriesDescription", regex);
      return new ReadSeries(filepattern, modalities, regex, tagMatch, filter, reader, key,
          emptyMatch, seriesFilter);
    }

    /**
     * Keeps only files whose tag (by keyword, e.g. "BodyPartExamined") has a value containing a
     * match of the regular expression; files without the tag are dropped.
     */
    public ReadSeries withTagMatching(String keyword, String regex) {
      if (DicomDictionary.standard().tagOf(keyword) < 0) {
        throw new IllegalArgumentException("withTagMatching: '" + keyword
            + "' is not a DICOM keyword (e.g. 'BodyPartExamined', 'ProtocolName')");
      }
      compile("withTagMatching", regex);
      return new ReadSeries(filepattern, modalities, seriesDescriptionRegex,
          new TagMatch(keyword, regex), filter, reader.withExtraTags(keyword), key, emptyMatch, seriesFilter);
    }

    /** Keeps only files the function accepts (applied to headers; no pixels are read). */
    public ReadSeries withFilter(InstanceFilter f) {
      return new ReadSeries(filepattern, modalities, seriesDescriptionRegex, tagMatch,
          Objects.requireNonNull(f, "filter"), reader, key, emptyMatch, seriesFilter);
    }

    /** Limits, spacing policy, threads and extra metadata tags of the assembly. */
    public ReadSeries withReader(DicomSeriesReader r) {
      DicomSeriesReader next = Objects.requireNonNull(r, "reader");
      if (tagMatch != null) {
        next = next.withExtraTags(tagMatch.keyword);
      }
      return new ReadSeries(filepattern, modalities, seriesDescriptionRegex, tagMatch, filter,
          next, key, emptyMatch, seriesFilter);
    }

    public ReadSeries withSpacingPolicy(DicomSeries.SpacingPolicy p) {
      return withReader(reader.withSpacingPolicy(p));
    }

    public ReadSeries withLimits(ReadLimits l) {
      return withReader(reader.withLimits(l));
    }

    /** The sample key of the volume (default {@code "image"}). */
    public ReadSeries withKey(String k) {
      if (k == null || k.isEmpty()) {
        throw new IllegalArgumentException("withKey: key must be non-empty");
      }
      return new ReadSeries(filepattern, modalities, seriesDescriptionRegex, tagMatch, filter,
          reader, k, emptyMatch, seriesFilter);
    }

    /** Whether a pattern matching nothing is an error (the default) or an empty result. */
    public ReadSeries withEmptyMatchTreatment(EmptyMatchTreatment t) {
      return new ReadSeries(filepattern, modalities, seriesDescriptionRegex, tagMatch, filter,
          reader, key, Objects.requireNonNull(t, "emptyMatchTreatment"), seriesFilter);
    }

    private static void compile(String what, String regex) {
      try {
        Pattern.compile(Objects.requireNonNull(regex, what + " regex"));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(what + ": '" + regex
            + "' is not a valid regular expression: " + e.getDescription());
      }
    }

    @Override
    public WithFailures.Result<PCollection<Sample>, Failure> expand(PBegin input) {
      if (filepattern == null) {
        throw new IllegalStateException("DicomIO.readSeries() needs from(filepattern)");
      }
      TupleTag<KV<String, DicomInstance>> headers = new TupleTag<KV<String, DicomInstance>>() {};
      TupleTag<Sample> samples = new TupleTag<Sample>() {};
      TupleTag<Failure> headerFailures = new TupleTag<Failure>() {};
      TupleTag<Failure> seriesFailures = new TupleTag<Failure>() {};
      PCollectionTuple read = input
          .apply("Match", FileIO.match().filepattern(filepattern)
              .withEmptyMatchTreatment(emptyMatch))
          // many small files: spread them over workers before reading headers
          .apply("Spread", Reshuffle.viaRandomKey())
          .apply("ReadHeaders", ParDo.of(new ReadHeaderFn(new Filters(modalities,
                  seriesDescriptionRegex, tagMatch, filter), reader, headers, headerFailures))
              .withOutputTags(headers, TupleTagList.of(headerFailures)));
      PCollectionTuple assembled = read.get(headers)
          .setCoder(KvCoder.of(StringUtf8Coder.of(), DicomInstanceCoder.of()))
          .apply("GroupBySeries", GroupByKey.create())
          .apply("Assemble", ParDo.of(new AssembleFn(reader, key, seriesFilter, samples, seriesFailures))
              .withOutputTags(samples, TupleTagList.of(seriesFailures)));
      PCollection<Failure> failures = PCollectionList
          .of(read.get(headerFailures))
          .and(assembled.get(seriesFailures))
          .apply("Failures", Flatten.pCollections());
      return WithFailures.Result.of(assembled.get(samples).setCoder(SampleCoder.of()),
          failures);
    }
  }

  /** keyword + regex, serializable. */
  static final class TagMatch implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    final String keyword;
    final String regex;

    TagMatch(String keyword, String regex) {
      this.keyword = keyword;
      this.regex = regex;
    }
  }

  /** The header filters, compiled once per DoFn instance. */
  static final class Filters implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final List<String> modalities;
    private final String descriptionRegex;
    private final TagMatch tagMatch;
    private final InstanceFilter filter;
    private transient Pattern description;
    private transient Pattern tag;

    Filters(List<String> modalities, String descriptionRegex, TagMatch tagMatch,
        InstanceFilter filter) {
      this.modalities = modalities;
      this.descriptionRegex = descriptionRegex;
      this.tagMatch = tagMatch;
      this.filter = filter;
    }

    boolean accept(DicomInstance d) {
      if (!modalities.isEmpty()) {
        String m = d.tag("Modality");
        if (m == null || !modalities.contains(m.toUpperCase(Locale.ROOT))) {
          return false;
        }
      }
      if (descriptionRegex != null) {
        if (description == null) {
          description = Pattern.compile(descriptionRegex);
        }
        String s = d.tag("SeriesDescription");
        if (s == null || !description.matcher(s).find()) {
          return false;
        }
      }
      if (tagMatch != null) {
        if (tag == null) {
          tag = Pattern.compile(tagMatch.regex);
        }
        String s = d.tag(tagMatch.keyword);
        if (s == null || !tag.matcher(s).find()) {
          return false;
        }
      }
      return filter == null || Boolean.TRUE.equals(filter.apply(d));
    }
  }

  /** Reads one header (no pixels), filters, keys by series. */
  static final class ReadHeaderFn extends DoFn<MatchResult.Metadata, KV<String, DicomInstance>> {
    private static final long serialVersionUID = 1L;
    private final Filters filters;
    private final DicomSeriesReader reader;
    private final TupleTag<KV<String, DicomInstance>> ok;
    private final TupleTag<Failure> failed;
    private final Counter files = Metrics.counter("medbeam", "dicom_files");
    private final Counter read = Metrics.counter("medbeam", "dicom_headers_read");
    private final Counter filtered = Metrics.counter("medbeam", "dicom_files_filtered");
    private final Counter nonImages = Metrics.counter("medbeam", "dicom_non_image_files");
    private final Counter failures = Metrics.counter("medbeam", "dicom_header_failures");

    ReadHeaderFn(Filters filters, DicomSeriesReader reader,
        TupleTag<KV<String, DicomInstance>> ok, TupleTag<Failure> failed) {
      this.filters = filters;
      this.reader = reader;
      this.ok = ok;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element MatchResult.Metadata file, MultiOutputReceiver out) {
      files.inc();
      ImageSource source = ImageSource.of(file);
      DicomInstance d;
      try {
        d = DicomInstance.read(source, reader.limits(), reader.keywords());
      } catch (NoPixelDataException e) {
        nonImages.inc();
        return;
      } catch (ImageReadException | RuntimeException e) {
        failures.inc();
        out.get(failed).output(Failure.of(source.name(), source.name(), STAGE_HEADER, e));
        return;
      }
      read.inc();
      if (!filters.accept(d)) {
        filtered.inc();
        return;
      }
      String key = d.seriesInstanceUid().isEmpty()
          ? "no-series-uid:" + parent(d.source()) : d.seriesInstanceUid();
      out.get(ok).output(KV.of(key, d));
    }

    private static String parent(String source) {
      int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
      return slash < 0 ? "." : source.substring(0, slash);
    }
  }

  /** Groups one series' headers (splitting if needed) and assembles each part. */
  static final class AssembleFn extends DoFn<KV<String, Iterable<DicomInstance>>, Sample> {
    private static final long serialVersionUID = 1L;
    private final DicomSeriesReader reader;
    private final String key;
    private final TupleTag<Sample> ok;
    private final TupleTag<Failure> failed;
    private final Counter assembled = Metrics.counter("medbeam", "dicom_series_assembled");
    private final Counter slices = Metrics.counter("medbeam", "dicom_slices_assembled");
    private final Counter split = Metrics.counter("medbeam", "dicom_series_split");
    private final Counter skipped = Metrics.counter("medbeam", "dicom_series_skipped");
    private final SeriesFilter seriesFilter;
    private final Counter failures = Metrics.counter("medbeam", "dicom_assemble_failures");

    AssembleFn(DicomSeriesReader reader, String key, SeriesFilter seriesFilter,
        TupleTag<Sample> ok, TupleTag<Failure> failed) {
      this.reader = reader;
      this.key = key;
      this.seriesFilter = seriesFilter;
      this.ok = ok;
      this.failed = failed;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<DicomInstance>> group,
        MultiOutputReceiver out) {
      List<DicomInstance> instances = new ArrayList<>();
      group.getValue().forEach(instances::add);
      List<DicomSeriesException> groupFailures = new ArrayList<>();
      List<DicomSeries> parts = reader.group(instances, groupFailures);
      for (DicomSeriesException e : groupFailures) {
        failures.inc();
        out.get(failed).output(Failure.of(group.getKey(), firstSource(instances), STAGE_ASSEMBLE,
            e));
      }
      if (parts.size() > 1) {
        split.inc();
      }
      for (DicomSeries s : parts) {
        if (seriesFilter != null && !Boolean.TRUE.equals(seriesFilter.apply(s))) {
          skipped.inc();
          continue;
        }
        try {
          Volume v = reader.read(s);
          out.get(ok).output(Sample.of(s.id(), key, v));
          assembled.inc();
          slices.inc(s.sliceCount());
        } catch (ImageReadException | RuntimeException e) {
          failures.inc();
          String source = e instanceof ImageReadException && e.getCause() instanceof
              ImageReadException ? ((ImageReadException) e.getCause()).file()
              : e instanceof ImageReadException && !(e instanceof DicomSeriesException)
                  ? ((ImageReadException) e).file() : s.instances().get(0).source();
          out.get(failed).output(Failure.of(s.id(), source, STAGE_ASSEMBLE, e));
        }
      }
    }

    private static String firstSource(List<DicomInstance> instances) {
      String[] names = new String[instances.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = instances.get(i).source();
      }
      Arrays.sort(names);
      return names.length == 0 ? "" : names[0];
    }
  }
}
