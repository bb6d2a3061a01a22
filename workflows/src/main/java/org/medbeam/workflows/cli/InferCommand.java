package org.medbeam.workflows.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.medbeam.workflows.infer.InferJob;
import org.medbeam.workflows.infer.InferOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code medbeam infer}: the batch-inference job. Its options are Beam {@code PipelineOptions}
 * ({@code --input=…}, {@code --runner=FlinkRunner}, {@code --flinkMaster=[local]}…), parsed by
 * Beam; {@code --help} lists them.
 */
@Command(
    name = "infer",
    description = {
      "Run batch inference: a DICOM archive (or NIfTI files) in, a NIfTI mask per series out.",
      "",
      "With no options it runs the bundled model and config on the bundled synthetic CT",
      "archive and writes to ./medbeam-out. Reruns process only new or changed series.",
      "Options are Beam pipeline options (--name=value); --help lists them all."
    })
final class InferCommand implements Callable<Integer> {
  @CommandLine.Unmatched List<String> args = new ArrayList<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h") || a.startsWith("--help=")) {
        out.println("Usage: medbeam infer [--option=value ...]");
        for (String line : spec.usageMessage().description()) {
          out.println("  " + line);
        }
        out.println();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PipelineOptionsFactory.printHelp(new PrintStream(buf, true, StandardCharsets.UTF_8),
            InferOptions.class);
        out.print(buf.toString(StandardCharsets.UTF_8));
        out.println("Runner options: --runner=DirectRunner (default) | FlinkRunner | DataflowRunner,");
        out.println("  --flinkMaster=[local] (embedded mini-cluster) or host:port, --parallelism=N,");
        out.println("  --targetParallelism=N (DirectRunner workers).");
        out.flush();
        return 0;
      }
    }
    PipelineOptionsFactory.register(InferOptions.class);
    InferOptions o = PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation().as(InferOptions.class);
    if (o.getRunner().getSimpleName().equals("DirectRunner")) {
      // volumes are immutable by contract; re-encoding every 100 MB element to check costs minutes
      DirectOptions d = o.as(DirectOptions.class);
      d.setEnforceImmutability(false);
      d.setEnforceEncodability(false);
    }
    InferJob.Summary s = InferJob.run(o, out, err);
    return s.exitCode();
  }
}
