package org.medbeam.model.inferers;

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
import org.medbeam.model.ModelLease;
import org.medbeam.model.ModelCache;
import org.medbeam.model.ModelSpec;
import org.medbeam.transforms.TransformContext;

/**
 * Inference with {@link TestTimeAugmentation} over a {@code PCollection<Sample>}: writes the
 * mode under the output key and the mean, std and vvc under {@code <key>_mean}, {@code <key>_std}
 * and {@code <key>_vvc} (MONAI's four results). Obtain it from {@link
 * SlidingWindowInfer#withTestTimeAugmentation}; draws come from {@code (seed, sample id, epoch =
 * realization)}.
 */
public final class TestTimeAugmentationInfer
    extends PTransform<PCollection<Sample>, WithFailures.Result<PCollection<Sample>, Failure>> {
  private static final long serialVersionUID = 1L;
  static final String STAGE = "tta_infer";

  private final ModelSpec model;
  private final TestTimeAugmentation tta;
  private final String outputKey;
  private final long seed;

  TestTimeAugmentationInfer(ModelSpec model, TestTimeAugmentation tta, String outputKey, long seed) {
    this.model = model;
    this.tta = tta;
    this.outputKey = outputKey;
    this.seed = seed;
  }

  /** The seed of the augmentations (default 0). */
  public TestTimeAugmentationInfer withSeed(long s) {
    return new TestTimeAugmentationInfer(model, tta, outputKey, s);
  }

  @Override
  public WithFailures.Result<PCollection<Sample>, Failure> expand(PCollection<Sample> input) {
    TupleTag<Sample> ok = new TupleTag<Sample>() {};
    TupleTag<Failure> failed = new TupleTag<Failure>() {};
    PCollectionTuple out = input.apply("Spread", Reshuffle.viaRandomKey())
        .apply("InferWithTta", ParDo.of(new TtaFn(model, tta, outputKey, seed, ok, failed))
            .withOutputTags(ok, TupleTagList.of(failed)));
    return WithFailures.Result.of(out, ok, failed);
  }

  static final class TtaFn extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final ModelSpec model;
    private final TestTimeAugmentation tta;
    private final String outputKey;
    private final long seed;
    private final TupleTag<Sample> ok;
    private final TupleTag<Failure> failed;
    private final Counter failures = Metrics.counter("medbeam", STAGE + "_failures");
    private final Counter processed = Metrics.counter("medbeam", STAGE + "_processed");
    private transient ModelLease lease;
    private transient DjlNetwork network;

    TtaFn(ModelSpec model, TestTimeAugmentation tta, String outputKey, long seed,
        TupleTag<Sample> ok, TupleTag<Failure> failed) {
      this.model = model;
      this.tta = Objects.requireNonNull(tta);
      this.outputKey = outputKey;
      this.seed = seed;
      this.ok = ok;
      this.failed = failed;
    }

    @Setup
    public void setup() {
      lease = ModelCache.acquire(model);
      network = new DjlNetwork(lease.model());
    }

    @Teardown
    public void teardown() {
      if (network != null) {
        network.close();
      }
      if (lease != null) {
        lease.close();
      }
    }

    @ProcessElement
    public void process(@Element Sample s, MultiOutputReceiver out) {
      try {
        TestTimeAugmentation.Result r = tta.apply(s, network, TransformContext.of(seed));
        out.get(ok).output(s.with(outputKey, r.mode).with(outputKey + "_mean", r.mean)
            .with(outputKey + "_std", r.std).with(outputKey + "_vvc", r.vvc));
        processed.inc();
      } catch (RuntimeException e) {
        failures.inc();
        Object v = s.get("image");
        String source = v instanceof org.medbeam.core.Volume
            ? ((org.medbeam.core.Volume) v).meta().getString(Metadata.FILENAME) : s.id();
        out.get(failed).output(Failure.of(s.id(), source == null ? s.id() : source, STAGE, e));
      }
    }
  }
}
