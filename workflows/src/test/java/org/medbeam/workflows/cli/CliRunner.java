package org.medbeam.workflows.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and captures what it prints. */
final class CliRunner {
  final int exitCode;
  final String out;
  final String err;

  private CliRunner(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  static CliRunner run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Medbeam.run(args, new PrintWriter(out), new PrintWriter(err));
    return new CliRunner(code, out.toString(), err.toString());
  }
}
