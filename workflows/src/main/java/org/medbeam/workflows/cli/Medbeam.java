package org.medbeam.workflows.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code medbeam} command line. Every command prints {@code --help}; errors are one line on
 * stderr ({@code medbeam: <what went wrong>}) and a non-zero exit code (1 for bad input or a
 * failed run, 2 for bad usage).
 */
@Command(
    name = "medbeam",
    mixinStandardHelpOptions = true,
    versionProvider = Versions.class,
    description = "MONAI-grade medical imaging on Apache Beam.",
    subcommands = {
      InfoCommand.class,
      ConvertCommand.class,
      TransformCommand.class,
      MetricsCommand.class,
      InferCommand.class,
      TrainCommand.class,
      EvaluateCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Medbeam implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Runs the command line and returns the exit code (for tests and the launcher). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Medbeam());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          err.println("medbeam: " + oneLine(e));
          err.flush();
          return 1;
        });
    cl.setParameterExceptionHandler(
        (e, args1) -> {
          err.println("medbeam: " + e.getMessage());
          err.println("Try 'medbeam " + commandName(e.getCommandLine()) + " --help'.");
          err.flush();
          return 2;
        });
    return cl.execute(args);
  }

  private static String commandName(CommandLine cl) {
    String name = cl.getCommandName();
    return name.equals("medbeam") ? "" : name;
  }

  /** The error's message and causes on one line. */
  static String oneLine(Throwable e) {
    String m = org.medbeam.core.Failure.describe(e);
    return m.replace('\n', ' ').replace('\r', ' ');
  }

  public static void main(String[] args) {
    System.setProperty("ai.djl.offline", "true");
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }
}
