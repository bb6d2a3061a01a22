package org.medbeam.workflows.cli;

import picocli.CommandLine;

/** {@code medbeam --version}: medbeam's version and the engines it runs on. */
public final class Versions implements CommandLine.IVersionProvider {
  /** medbeam's version from the jar manifest, or "dev" when run from classes. */
  public static String medbeam() {
    String v = Versions.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public static String beam() {
    return org.apache.beam.sdk.util.ReleaseInfo.getReleaseInfo().getVersion();
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "medbeam " + medbeam(),
      "Apache Beam " + beam() + ", Java " + System.getProperty("java.version")
    };
  }
}
