package org.medbeam.workflows.infer;

import org.medbeam.core.Metadata;
import org.medbeam.workflows.Hashing;

/**
 * Output file names from a series' tags — safely: every character outside {@code [A-Za-z0-9._-]}
 * becomes {@code _}, names never start with a dot and are at most 96 characters, and an 8-digit
 * hash of the series id keeps them unique. So no tag value (a SeriesDescription of {@code
 * ../../etc}, a slash, a NUL) can name a path outside the output folder.
 */
public final class OutputNames {
  private OutputNames() {}

  /** {@code <PatientID>_<SeriesNumber>_<SeriesDescription>_<hash>}, or {@code <file stem>_<hash>}. */
  public static String forSeries(String id, Metadata meta) {
    StringBuilder sb = new StringBuilder();
    String patient = meta.getString("PatientID");
    String number = meta.getString("SeriesNumber");
    String description = meta.getString("SeriesDescription");
    if (patient != null || number != null || description != null) {
      for (String part : new String[] {patient, number, description}) {
        if (part != null && !part.isBlank()) {
          sb.append(sb.length() > 0 ? "_" : "").append(part.trim());
        }
      }
    } else {
      String f = meta.getString(Metadata.FILENAME);
      String stem = f == null ? "image" : f.replace('\\', '/');
      stem = stem.substring(stem.lastIndexOf('/') + 1);
      if (stem.toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
        stem = stem.substring(0, stem.length() - 3);
      }
      int dot = stem.lastIndexOf('.');
      sb.append(dot > 0 ? stem.substring(0, dot) : stem);
    }
    String safe = sanitize(sb.toString());
    return (safe.isEmpty() ? "series" : safe) + "_" + Hashing.sha256(id).substring(0, 8);
  }

  static String sanitize(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 96; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == '_';
      char w = ok ? c : '_';
      if (w == '_' && out.length() > 0 && out.charAt(out.length() - 1) == '_') {
        continue;
      }
      out.append(w);
    }
    int start = 0;
    while (start < out.length() && (out.charAt(start) == '.' || out.charAt(start) == '_')) {
      start++;
    }
    return out.substring(start);
  }
}
