package org.medbeam.workflows.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageFormats;
import org.medbeam.io.ImageWriter;
import org.medbeam.io.LoadImage;
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
      "affine (where the format has one) are kept exactly."
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
}
