package org.medbeam.workflows.cli;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Beam options from the arguments a command does not know itself ({@code --runner=...}). */
final class PipelineArgs {
  private PipelineArgs() {}

  static PipelineOptions options(List<String> args) {
    PipelineOptions o = PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
        .withValidation().create();
    if (o.getRunner().getSimpleName().equals("DirectRunner")) {
      // volumes are immutable by contract; re-encoding every element to check costs minutes
      DirectOptions d = o.as(DirectOptions.class);
      d.setEnforceImmutability(false);
      d.setEnforceEncodability(false);
    }
    FileSystems.setDefaultPipelineOptions(o);
    return o;
  }
}
