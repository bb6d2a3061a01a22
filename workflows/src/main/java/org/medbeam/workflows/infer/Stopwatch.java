package org.medbeam.workflows.infer;

import org.apache.beam.sdk.transforms.DoFn;
import org.medbeam.core.Sample;

/**
 * Per-sample stage timings: {@link Start} stamps the wall clock into the sample, {@link Stop}
 * turns the stamp into {@code timing_<stage>_ms}. Placed around a stage with no shuffle in
 * between, the two run fused on the same worker, one element after the other, so the difference
 * is the stage's own time for that sample.
 */
final class Stopwatch {
  static final String TIMING_PREFIX = "timing_";

  private Stopwatch() {}

  static String stampKey(String stage) {
    return "_t0_" + stage;
  }

  static final class Start extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final String stage;

    Start(String stage) {
      this.stage = stage;
    }

    @ProcessElement
    public void process(@Element Sample s, OutputReceiver<Sample> out) {
      out.output(s.with(stampKey(stage), (double) System.currentTimeMillis()));
    }
  }

  static final class Stop extends DoFn<Sample, Sample> {
    private static final long serialVersionUID = 1L;
    private final String stage;

    Stop(String stage) {
      this.stage = stage;
    }

    @ProcessElement
    public void process(@Element Sample s, OutputReceiver<Sample> out) {
      Object t0 = s.get(stampKey(stage));
      Sample r = s.without(stampKey(stage));
      if (t0 instanceof Double) {
        r = r.with(TIMING_PREFIX + stage + "_ms", System.currentTimeMillis() - (Double) t0);
      }
      out.output(r);
    }
  }
}
