package org.medbeam.workflows.infer;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.PipelineResult;

/**
 * Live progress from Beam metrics while a job runs: series written/failed/skipped, files whose
 * headers were read out of those matched, rate and ETA. Runners that publish metrics only at the
 * end (Flink's local cluster) show the elapsed time until then.
 */
final class Progress {
  private final ScheduledExecutorService timer;
  private final PipelineResult result;
  private final PrintWriter err;
  private final boolean dicom;
  private final long startNanos = System.nanoTime();

  private Progress(PipelineResult result, PrintWriter err, boolean dicom) {
    this.result = result;
    this.err = err;
    this.dicom = dicom;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "medbeam-progress");
      t.setDaemon(true);
      return t;
    });
  }

  static Progress start(PipelineResult result, PrintWriter err, boolean dicom) {
    Progress p = new Progress(result, err, dicom);
    p.timer.scheduleAtFixedRate(p::report, 2, 2, TimeUnit.SECONDS);
    return p;
  }

  void stop() {
    timer.shutdownNow();
  }

  private void report() {
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    String line;
    try {
      long written = InferJob.counter(result, "infer_written");
      long failed = InferJob.counter(result, "infer_failed");
      long skipped = InferJob.counter(result, dicom ? "dicom_series_skipped" : "images_skipped");
      long total = dicom ? InferJob.counter(result, "dicom_files") : -1;
      long headers = dicom ? InferJob.counter(result, "dicom_headers_read") : -1;
      long found = dicom
          ? InferJob.counter(result, "dicom_series_assembled") + skipped
              + InferJob.counter(result, "dicom_assemble_failures")
          : InferJob.counter(result, "images_read") + skipped
              + InferJob.counter(result, "read_failures");
      long done = written + failed;
      double rate = elapsed > 0 ? done / elapsed * 60 : 0;
      long pending = Math.max(0, found - skipped - done);
      String eta = rate > 0 && pending > 0 ? String.format("%.0fs", pending / rate * 60) : "-";
      line = String.format("medbeam: %5.0fs  series %d/%d done (%d failed, %d skipped)%s  %.1f/min  ETA %s",
          elapsed, done, Math.max(found - skipped, done), failed, skipped,
          dicom && total > 0 ? String.format("  headers %d/%d", headers, total) : "", rate, eta);
    } catch (RuntimeException e) {
      line = String.format("medbeam: %5.0fs  running (this runner reports counts at the end)", elapsed);
    }
    err.println(line);
    err.flush();
  }
}
