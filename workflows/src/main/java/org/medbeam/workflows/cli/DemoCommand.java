package org.medbeam.workflows.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.medbeam.workflows.demo.Demo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code medbeam demo}: synthetic archive → training → inference → Dice ({@link Demo}). */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The whole medbeam loop on this machine: writes a synthetic labelled CT archive",
      "(DICOM series: two organs with noise, varied spacing and orientation), trains a",
      "small 3D UNet on it (Beam caches the preprocessing, one worker trains), runs the",
      "batch-inference job on held-out series and reports their Dice against the labels.",
      "Everything goes into --output (demo_report.json, train/, infer/, archive/)."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--output", defaultValue = "medbeam-demo",
      description = "Output folder (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--seed", description = "Seed of the synthetic archive (default: 20261128).")
  Long seed;

  @Option(names = "--train-cases", defaultValue = "24",
      description = "Training series (default: ${DEFAULT-VALUE}).")
  int trainCases;

  @Option(names = "--val-cases", defaultValue = "4",
      description = "Validation series (default: ${DEFAULT-VALUE}).")
  int valCases;

  @Option(names = "--test-cases", defaultValue = "6",
      description = "Held-out series (default: ${DEFAULT-VALUE}).")
  int testCases;

  @Option(names = "--size", defaultValue = "64",
      description = "Voxels across a series (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--epochs", description = "Override the demo config's epochs.")
  Integer epochs;

  @Option(names = "--bundle",
      description = "Also zip the trained model here (how the bundled model is made).")
  Path bundle;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (trainCases < 1 || valCases < 1 || testCases < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--train-cases, --val-cases and --test-cases must be >= 1");
    }
    if (size < 24 || size > 256) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--size must be in [24, 256], got " + size);
    }
    Demo.Options o = new Demo.Options();
    o.output = output;
    if (seed != null) {
      o.seed = seed;
    }
    o.trainCases = trainCases;
    o.valCases = valCases;
    o.testCases = testCases;
    o.size = size;
    o.epochs = epochs;
    o.bundle = bundle;
    Demo.run(o, spec.commandLine().getOut(), spec.commandLine().getErr());
    return 0;
  }
}
