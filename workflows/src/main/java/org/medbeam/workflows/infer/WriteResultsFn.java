package org.medbeam.workflows.infer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.medbeam.core.DType;
import org.medbeam.core.Failure;
import org.medbeam.core.Metadata;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.io.SaveImage;
import org.medbeam.io.nifti.NiftiWriter;

/**
 * Writes each series' result: the NIfTI mask (atomically) under {@code masks/}, then the done
 * marker, and emits its prediction row (one JSON object): id, source, mask, shape, spacing, label
 * volumes in ml (for label outputs), stage timings and the incremental key.
 */
final class WriteResultsFn extends DoFn<Sample, String> {
  private static final long serialVersionUID = 1L;
  static final String STAGE = "write";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String output;
  private final String predKey;
  private final DType outputDtype;
  private final boolean rawOutput;
  private final RunState state;
  private final TupleTag<String> rows;
  private final TupleTag<Failure> failed;
  private final Counter written = Metrics.counter("medbeam", "infer_written");
  private final Counter failures = Metrics.counter("medbeam", "write_failures");

  WriteResultsFn(String output, String predKey, DType outputDtype, boolean rawOutput,
      RunState state, TupleTag<String> rows, TupleTag<Failure> failed) {
    this.output = output.endsWith("/") ? output : output + "/";
    this.predKey = predKey;
    this.outputDtype = outputDtype;
    this.rawOutput = rawOutput;
    this.state = state;
    this.rows = rows;
    this.failed = failed;
  }

  @ProcessElement
  public void process(@Element Sample s, MultiOutputReceiver out) {
    long t0 = System.currentTimeMillis();
    String source = "";
    try {
      Volume pred = s.volume(predKey);
      Metadata meta = pred.meta();
      source = meta.getString(Metadata.FILENAME) == null ? s.id() : meta.getString(Metadata.FILENAME);
      String fingerprint = meta.getString(Metadata.SOURCE_FINGERPRINT);
      String name = OutputNames.forSeries(s.id(), meta) + ".nii.gz";
      String mask = "masks/" + name;
      Volume v = pred.astype(outputDtype);
      SaveImage.writeAtomically(v, output + mask, NiftiWriter.create());
      ObjectNode row = JSON.createObjectNode();
      row.put("id", s.id());
      row.put("source", source);
      row.put("mask", mask);
      ArrayNode shape = row.putArray("shape");
      for (int d : v.shape()) {
        shape.add(d);
      }
      ArrayNode spacing = row.putArray("spacing");
      for (double d : v.spacing()) {
        spacing.add(d);
      }
      row.put("dtype", v.dtype().numpyName());
      if (!rawOutput && v.dtype().isInteger()) {
        ObjectNode ml = row.putObject("label_volumes_ml");
        for (Map.Entry<Long, Double> e : labelVolumesMl(v).entrySet()) {
          ml.put(Long.toString(e.getKey()), e.getValue());
        }
      }
      ObjectNode timings = row.putObject("timings_ms");
      for (String k : s.keys()) {
        if (k.startsWith(InferPipeline.TIMING_PREFIX) && s.get(k) instanceof Double) {
          timings.put(k.substring(InferPipeline.TIMING_PREFIX.length(), k.length() - 3),
              Math.round((Double) s.get(k)));
        }
      }
      timings.put(STAGE, System.currentTimeMillis() - t0);
      if (fingerprint != null) {
        row.put("key", state.key(s.id(), fingerprint));
      }
      String json = JSON.writeValueAsString(row);
      if (fingerprint != null) {
        state.markDone(s.id(), fingerprint, json);
      }
      written.inc();
      out.get(rows).output(json);
    } catch (Exception e) {
      failures.inc();
      out.get(failed).output(Failure.of(s.id(), source, STAGE, e));
    }
  }

  /** Label value → volume in ml (voxel count × voxel volume from the affine / 1000). */
  static Map<Long, Double> labelVolumesMl(Volume v) {
    double[][] r = v.affine().toRows();
    double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1])
        - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
        + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
    double voxelMl = Math.abs(det) / 1000.0;
    Map<Long, Long> counts = new TreeMap<>();
    for (int i = 0; i < v.size(); i++) {
      long label = (long) v.getDouble(i);
      if (label != 0) {
        counts.merge(label, 1L, Long::sum);
      }
    }
    Map<Long, Double> ml = new TreeMap<>();
    for (Map.Entry<Long, Long> e : counts.entrySet()) {
      ml.put(e.getKey(), e.getValue() * voxelMl);
    }
    return ml;
  }
}
