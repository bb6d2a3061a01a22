package org.medbeam.workflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import java.nio.file.Path;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.LoadImage;
import org.medbeam.io.dicom.DicomSeries;
import org.medbeam.io.dicom.DicomSeriesReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medbeam info <file>}: one JSON object describing an image as MONAI sees it after {@code
 * EnsureChannelFirst(LoadImage(...))}.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = {
      "Print one JSON object describing an image.",
      "",
      "Print one JSON object describing an image: shape (channel-first, as MONAI's",
      "EnsureChannelFirst(LoadImage(f)) gives it), dtype, spacing (mm), affine (RAS),",
      "axcodes, min/max/mean of the values (scaling applied) and format.",
      "A DICOM file or folder gives one JSON object per series (slices, files, the",
      "assembled affine, transfer syntaxes, warnings, tags), without reading pixels."
    })
final class InfoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "NIfTI, NumPy, PNG/JPEG/BMP, DICOM file or folder (local path or URI).")
  String file;

  @Option(names = "--reader", description = "Force a reader: nifti, numpy, pil, dicom (or MONAI's NibabelReader, ...).")
  String reader;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (reader == null && DicomInputs.isDicom(file)) {
      return dicom();
    }
    LoadImage load = reader == null ? LoadImage.create() : LoadImage.create().withReader(reader);
    Volume v = load.apply(file);
    PrintWriter out = spec.commandLine().getOut();
    out.println(new ObjectMapper().writeValueAsString(describe(v)));
    out.flush();
    return 0;
  }

  /** One JSON line per series of a DICOM file or folder; unreadable files are reported on stderr. */
  private int dicom() throws Exception {
    DicomSeriesReader r = DicomSeriesReader.create();
    DicomSeriesReader.ScanResult scan = r.scan(Path.of(file));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ObjectMapper m = new ObjectMapper();
    for (DicomSeries s : scan.series()) {
      ObjectNode o = (ObjectNode) m.readTree(r.describe(s));
      o.put("axcodes", s.affine().axcodes());
      o.put("format", "dicom");
      out.println(m.writeValueAsString(o));
    }
    out.flush();
    for (ImageReadException e : scan.failures()) {
      err.println("medbeam: " + e.getMessage().replace('\n', ' '));
    }
    err.flush();
    if (scan.series().isEmpty()) {
      throw new ImageReadException(
          file, scan.failures().isEmpty() ? "holds no DICOM image series" : "no readable DICOM series");
    }
    return 0;
  }

  /** The JSON description of a volume. */
  static ObjectNode describe(Volume v) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    ArrayNode shape = o.putArray("shape");
    for (int d : v.shape()) {
      shape.add(d);
    }
    o.put("dtype", v.dtype().numpyName());
    ArrayNode spacing = o.putArray("spacing");
    for (double s : v.spacing()) {
      spacing.add(s);
    }
    ArrayNode affine = o.putArray("affine");
    for (double[] row : v.affine().toRows()) {
      ArrayNode r = affine.addArray();
      for (double x : row) {
        r.add(x);
      }
    }
    o.put("axcodes", v.axcodes());
    double[] stats = stats(v);
    putNumber(o, "min", stats[0], v.dtype().isInteger());
    putNumber(o, "max", stats[1], v.dtype().isInteger());
    o.put("mean", stats[2]);
    String format = v.meta().getString(Metadata.FORMAT);
    o.put("format", format == null ? "unknown" : format);
    return o;
  }

  private static void putNumber(ObjectNode o, String name, double v, boolean integral) {
    if (integral && Math.abs(v) < 9.007199254740992E15) {
      o.put(name, (long) v);
    } else {
      o.put(name, v);
    }
  }

  /** min, max, mean over every value (NaN when empty). */
  static double[] stats(Volume v) {
    int n = v.size();
    if (n == 0) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = v.getDouble(i);
      if (x < min) {
        min = x;
      }
      if (x > max) {
        max = x;
      }
      sum += x;
    }
    return new double[] {min, max, sum / n};
  }
}
