package org.medbeam.transforms;

import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithFailures;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;

/**
 * Applies a dictionary transform chain to a {@code PCollection<Sample>}.
 *
 * <pre>{@code
 * WithFailures.Result<PCollection<Sample>, Failure> pre =
 *     samples.apply(MedicalTransforms.apply(ChainConfig.load(path)).withSeed(42));
 * }</pre>
 *
 * <p>Random transforms draw from (seed, sample id, position in the chain, epoch) only, so the
 * output is bit-identical whatever the runner, parallelism or element order. Multi-sample
 * transforms ({@code num_samples} crops) fan out into several elements with derived ids, followed
 * by a {@link Reshuffle} so the crops spread over workers. A sample the chain fails on becomes a
 * {@link Failure} (stage {@code "transform"} or the name given); the others go on.
 */
public final class MedicalTransforms {
  private MedicalTransforms() {}

  public static Apply apply(Compose chain) {
    return new Apply(Objects.requireNonNull(chain, "chain"), 0, 0, 1, "transform", null);
  }

  /** The composite transform; configure with the {@code withX} methods. */
  public static final class Apply
      extends PTransform<PCollection<Sample>, WithFailures.Result<PCollection<Sample>, Failure>> {
    private static final long serialVersionUID = 1L;

    private final Compose chain;
    private final long seed;
    private final long epoch;
    private final int threads;
    private final String stage;
    private final String timingKey;

    private Apply(
        Compose chain, long seed, long epoch, int threads, String stage, String timingKey) {
      this.chain = chain;
      this.seed = seed;
      this.epoch = epoch;
      this.threads = threads;
      this.stage = stage;
      this.timingKey = timingKey;
    }

    /**
     * Records the chain's time per input sample (milliseconds, a {@code Double}) under {@code
     * key} in each output; off by default, since it makes otherwise bit-identical samples differ.
     */
    public Apply withTimingKey(String key) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("withTimingKey: the key must be a non-empty string");
      }
      return new Apply(chain, seed, epoch, threads, stage, key);
    }

    /** The run's seed (default 0). */
    public Apply withSeed(long s) {
      return new Apply(chain, s, epoch, threads, stage, timingKey);
    }

    /** The epoch, for training loops that redraw every epoch (default 0). */
    public Apply withEpoch(long e) {
      if (e < 0) {
        throw new IllegalArgumentException("withEpoch: epoch must be >= 0, got " + e);
      }
      return new Apply(chain, seed, e, threads, stage, timingKey);
    }

    /** Intra-op threads per element (default 1: the runner already runs one element per core). */
    public Apply withThreads(int t) {
      if (t < 1) {
        throw new IllegalArgumentException("withThreads: threads must be >= 1, got " + t);
      }
      return new Apply(chain, seed, epoch, t, stage, timingKey);
    }

    /** The stage name recorded in failures and metrics (default {@code "transform"}). */
    public Apply withStage(String name) {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("withStage: the stage name must be non-empty");
      }
      return new Apply(chain, seed, epoch, threads, name, timingKey);
    }

    @Override
    public WithFailures.Result<PCollection<Sample>, Failure> expand(PCollection<Sample> input) {
      TupleTag<Sample> ok = new TupleTag<Sample>() {};
      TupleTag<Failure> failed = new TupleTag<Failure>() {};
      TransformContext context = TransformContext.of(seed).withEpoch(epoch).withThreads(threads);
      PCollectionTuple out =
          input.apply(
              "ApplyChain",
              ParDo.of(new ChainFn(chain, context, stage, timingKey, ok, failed))
                  .withOutputTags(ok, TupleTagList.of(failed)));
      PCollection<Sample> samples = out.get(ok);
      if (fansOut(chain)) {
        samples = samples.apply("SpreadDerivedSamples", Reshuffle.viaRandomKey());
      }
      return WithFailures.Result.of(samples, out.get(failed));
    }
  }

  /** True when the chain holds a transform that yields several samples per input. */
  static boolean fansOut(Compose chain) {
    for (Object t : chain.transforms()) {
      if (t instanceof MultiSampleTransform || (t instanceof Compose && fansOut((Compose) t))) {
        return true;
      }
    }
    return false;
  }

  /** Where a sample came from, for failure records: its first volume's file, else its id. */
  public static String sourceOf(Sample s) {
    for (Object v : s.asMap().values()) {
      if (v instanceof Volume) {
        String f = ((Volume) v).meta().getString(Metadata.FILENAME);
        if (f != null) {
          return f;
        }
      }
    }
    return s.id();
  }

  static final class ChainFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final Compose chain;
    private final TransformContext context;
    private final TupleTag<Sample> ok;
    private final TupleTag<Failure> failed;
    private final String stage;
    private final String timingKey;
    private final Counter done;
    private final Counter failures;

    ChainFn(
        Compose chain,
        TransformContext context,
        String stage,
        String timingKey,
        TupleTag<Sample> ok,
        TupleTag<Failure> failed) {
      this.chain = chain;
      this.context = context;
      this.stage = stage;
      this.timingKey = timingKey;
      this.ok = ok;
      this.failed = failed;
      this.done = Metrics.counter("medbeam", stage + "_samples");
      this.failures = Metrics.counter("medbeam", stage + "_failures");
    }

    @ProcessElement
    public void process(@Element Sample s, MultiOutputReceiver out) {
      List<Sample> results;
      long t0 = System.nanoTime();
      try {
        results = chain.applyAll(s, context);
      } catch (Exception e) {
        failures.inc();
        out.get(failed).output(Failure.of(s.id(), sourceOf(s), stage, e));
        return;
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      for (Sample r : results) {
        out.get(ok).output(timingKey == null ? r : r.with(timingKey, ms));
      }
      done.inc();
    }
  }
}
