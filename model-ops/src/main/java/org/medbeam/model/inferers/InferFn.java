package org.medbeam.model.inferers;

import java.util.List;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.model.ModelCache;
import org.medbeam.model.ModelLease;
import org.medbeam.model.ModelSpec;

/**
 * Runs an {@link Inferer} with a shared model on each sample: the model comes from {@link
 * ModelCache} in {@code @Setup} (one load per worker JVM) and this instance's own predictor; bad
 * samples go to the failures output.
 */
final class InferFn extends DoFn<Sample, Sample> {
  private static final long serialVersionUID = 1L;

  private final ModelSpec model;
  private final Inferer inferer;
  private final String inputKey;
  private final String outputKey;
  private final int inputChannels;
  private final String stage;
  private final String timingKey;
  private final TupleTag<Sample> mainTag;
  private final TupleTag<Failure> failureTag;
  private final Counter failures;
  private final Counter processed;

  private transient ModelLease lease;
  private transient DjlNetwork network;

  InferFn(
      ModelSpec model,
      Inferer inferer,
      String inputKey,
      String outputKey,
      int inputChannels,
      String stage,
      String timingKey,
      TupleTag<Sample> mainTag,
      TupleTag<Failure> failureTag) {
    this.model = model;
    this.inferer = inferer;
    this.inputKey = inputKey;
    this.outputKey = outputKey;
    this.inputChannels = inputChannels;
    this.stage = stage;
    this.timingKey = timingKey;
    this.mainTag = mainTag;
    this.failureTag = failureTag;
    this.failures = Metrics.counter("medbeam", stage + "_failures");
    this.processed = Metrics.counter("medbeam", stage + "_processed");
  }

  @Setup
  public void setup() {
    lease = ModelCache.acquire(model);
    network = new DjlNetwork(lease.model());
  }

  @ProcessElement
  public void process(@Element Sample sample, MultiOutputReceiver out) {
    String source = "";
    try {
      Volume image = sample.volume(inputKey);
      String f = image.meta().getString(Metadata.FILENAME);
      source = f == null ? "" : f;
      if (inputChannels > 0 && image.channels() != inputChannels) {
        throw new IllegalArgumentException(
            "sample '" + sample.id() + "': key '" + inputKey + "' has " + image.channels()
                + " channel(s) " + java.util.Arrays.toString(image.shape()) + " but the model "
                + model.uri() + " takes " + inputChannels);
      }
      long t0 = System.nanoTime();
      List<InferenceOutput> outputs = inferer.infer(image, network);
      Sample result = sample;
      if (timingKey != null) {
        result = result.with(timingKey, (System.nanoTime() - t0) / 1e6);
      }
      for (int k = 0; k < outputs.size(); k++) {
        String key = outputKeyOf(outputKey, k);
        InferenceOutput o = outputs.get(k);
        result = result.with(key, o.isVolume() ? o.volume() : o.values());
      }
      processed.inc();
      out.get(mainTag).output(result);
    } catch (RuntimeException e) {
      failures.inc();
      out.get(failureTag).output(Failure.of(sample.id(), source, stage, e));
    }
  }

  /** The key of output {@code k}: the output key, then {@code <key>_1}, {@code <key>_2}, ... */
  static String outputKeyOf(String outputKey, int k) {
    return k == 0 ? outputKey : outputKey + "_" + k;
  }

  @Teardown
  public void teardown() {
    if (network != null) {
      network.close();
      network = null;
    }
    if (lease != null) {
      lease.close();
      lease = null;
    }
  }
}
