package org.medbeam.workflows.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageFormats;
import org.medbeam.io.ImageWriter;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageSource;
import org.medbeam.io.LoadImage;
import org.medbeam.io.dicom.DicomFileReader;
import org.medbeam.io.dicom.DicomOutputNames;
import org.medbeam.io.dicom.DicomSeries;
import org.medbeam.io.dicom.DicomSeriesReader;
import org.medbeam.io.SaveImage;
import org.medbeam.io.numpy.NumpyReader;
import org.medbeam.io.pil.PILWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code medbeam convert <in> <out>}: between NIfTI, NumPy and PNG/JPEG/BMP, by suffix. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description = {
      "Convert an image between NIfTI, NumPy and PNG/JPEG/BMP.",
      "",
      "Convert an image between formats, chosen by suffix: .nii/.nii.gz, .npy/.npz,",
      ".png/.jpg/.bmp. A .npy holds the channel-first array (C, X, Y[, Z]); data and",
      "affine (where the format has one) are kept exactly.",
      "DICOM: a folder (or file) converts every series, named like dcm2niix when there",
      "are several; one DICOM file to .npy gives its decoded pixels in pydicom's",
      "pixel_array layout (frames, rows, columns[, 3]), modality LUT applied."
    })
final class ConvertCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN", description = "Input image (local path or URI).")
  String input;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output image; its suffix picks the format.")
  String output;

  @Option(names = "--reader", description = "Force a reader: nifti, numpy, pil, dicom.")
  String reader;

  @Option(
      names = "--channel-dim",
      description = "For NumPy input: the array axis holding channels (e.g. 0, or -1 for channel-last).")
  Integer channelDim;

  @Option(names = "--dtype", description = "Output dtype (uint8 ... float64); default: the input's.")
  String dtype;

  @Option(names = "--scale", description = "PNG/JPEG/BMP output: 255 or 65535 to map data in [0, 1] (MONAI's scale).")
  Integer scale;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (reader == null && channelDim == null && DicomInputs.isDicom(input)) {
      return dicom();
    }
    ImageWriter writer = ImageFormats.writerFor(output);
    if (scale != null) {
      if (!(writer instanceof PILWriter)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--scale applies to .png/.jpg/.bmp output");
      }
      writer = ((PILWriter) writer).withScale(scale);
    }
    LoadImage load = LoadImage.create();
    if (channelDim != null) {
      load = load.withReader(NumpyReader.create().withChannelDim(channelDim));
    } else if (reader != null) {
      load = load.withReader(reader);
    }
    Volume v = load.apply(input);
    if (dtype != null) {
      v = v.astype(DType.fromName(dtype));
    }
    SaveImage.writeAtomically(v, output, writer);
    PrintWriter out = spec.commandLine().getOut();
    out.println(output);
    out.flush();
    return 0;
  }

  /**
   * DICOM input: one file to .npy/.npz gives that file's decoded pixels in pydicom's {@code
   * pixel_array} layout; otherwise every series is assembled and written (dcm2niix-like names
   * when there are several).
   */
  private int dicom() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String lower = output.toLowerCase(java.util.Locale.ROOT);
    Path in = Path.of(input);
    if (Files.isRegularFile(in) && (lower.endsWith(".npy") || lower.endsWith(".npz"))) {
      Volume v = new DicomFileReader().read(ImageSource.of(in));
      Path tmp = Path.of(output + ".tmp-" + ProcessHandle.current().pid());
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        DicomFileReader.toPixelArray(v).writeNpy(os);
      }
      Files.move(tmp, Path.of(output), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      out.println(output);
      return 0;
    }
    ImageWriter writer = ImageFormats.writerFor(output);
    DicomSeriesReader r = DicomSeriesReader.create();
    DicomSeriesReader.ScanResult scan = r.scan(in);
    PrintWriter err = spec.commandLine().getErr();
    for (ImageReadException e : scan.failures()) {
      err.println("medbeam: " + e.getMessage().replace('\n', ' '));
    }
    if (scan.series().isEmpty()) {
      throw new ImageReadException(input, "no readable DICOM series");
    }
    Map<String, Path> names = DicomOutputNames.forSeries(scan.series(), Path.of(output));
    int failed = 0;
    for (DicomSeries s : scan.series()) {
      try {
        Volume v = r.read(s);
        if (dtype != null) {
          v = v.astype(DType.fromName(dtype));
        }
        String path = names.get(s.id()).toString();
        SaveImage.writeAtomically(v, path, writer);
        out.println(path);
      } catch (ImageReadException e) {
        failed++;
        err.println("medbeam: " + e.getMessage().replace('\n', ' '));
      }
    }
    out.flush();
    err.flush();
    return failed == scan.series().size() ? 1 : 0;
  }
}
