package org.medbeam.io.dicom;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Output file names for converted series, the way dcm2niix names them: a pattern of {@code %}
 * codes filled from each series' tags, unsafe characters replaced by {@code _}, and a numeric
 * suffix when two series would get the same name.
 *
 * <p>Codes (dcm2niix's): {@code %b} the base name the user asked for, {@code %d} SeriesDescription,
 * {@code %f} the folder holding the first file, {@code %i} PatientID, {@code %j}
 * SeriesInstanceUID, {@code %k} StudyInstanceUID, {@code %m} Manufacturer, {@code %p}
 * ProtocolName, {@code %s} SeriesNumber, {@code %t} StudyDate + StudyTime, {@code %%} a percent
 * sign. Split parts of one series add {@code _part<k>}.
 */
public final class DicomOutputNames {
  /** The pattern used when one output name was asked for but the input holds several series. */
  public static final String DEFAULT_SEVERAL = "%b_%s_%d";

  private DicomOutputNames() {}

  /**
   * Output paths for {@code series}, given the one the user asked for ({@code out.nii.gz}): that
   * path itself when there is one series, else {@code <base>_<SeriesNumber>_<SeriesDescription>}
   * beside it with the same extension ({@link #DEFAULT_SEVERAL}).
   *
   * @return series id → path, in the order of {@code series}
   */
  public static Map<String, Path> forSeries(List<DicomSeries> series, Path requested) {
    Map<String, Path> out = new LinkedHashMap<>();
    if (series.size() == 1) {
      out.put(series.get(0).id(), requested);
      return out;
    }
    String file = requested.getFileName().toString();
    String ext = extension(file);
    String base = file.substring(0, file.length() - ext.length());
    Path dir = requested.getParent();
    Set<String> used = new HashSet<>();
    for (DicomSeries s : series) {
      String name = format(DEFAULT_SEVERAL, s, base);
      String unique = name;
      for (int k = 2; !used.add(unique.toLowerCase(Locale.ROOT)); k++) {
        unique = name + "_" + k;
      }
      out.put(s.id(), dir == null ? Path.of(unique + ext) : dir.resolve(unique + ext));
    }
    return out;
  }

  /** Fills a dcm2niix-style pattern for one series (without extension), sanitised. */
  public static String format(String pattern, DicomSeries s, String base) {
    Map<String, String> t = s.tags();
    String first = s.instanceOfSlice(0).source();
    int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
    String folder = slash < 0 ? "" : first.substring(0, slash);
    int slash2 = Math.max(folder.lastIndexOf('/'), folder.lastIndexOf('\\'));
    folder = folder.substring(slash2 + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '%' || i + 1 == pattern.length()) {
        sb.append(c);
        continue;
      }
      char code = pattern.charAt(++i);
      switch (code) {
        case 'b':
          sb.append(base);
          break;
        case 'd':
          sb.append(t.getOrDefault("SeriesDescription", ""));
          break;
        case 'f':
          sb.append(folder);
          break;
        case 'i':
          sb.append(t.getOrDefault("PatientID", ""));
          break;
        case 'j':
          sb.append(s.seriesInstanceUid());
          break;
        case 'k':
          sb.append(t.getOrDefault("StudyInstanceUID", ""));
          break;
        case 'm':
          sb.append(t.getOrDefault("Manufacturer", ""));
          break;
        case 'p':
          sb.append(t.getOrDefault("ProtocolName", ""));
          break;
        case 's':
          sb.append(t.getOrDefault("SeriesNumber", ""));
          break;
        case 't':
          sb.append(t.getOrDefault("StudyDate", "")).append(t.getOrDefault("StudyTime", "")
              .replaceAll("\\..*", ""));
          break;
        case '%':
          sb.append('%');
          break;
        default:
          throw new IllegalArgumentException("unknown code %" + code + " in output pattern '"
              + pattern + "' (known: %b %d %f %i %j %k %m %p %s %t %%)");
      }
    }
    if (!s.id().equals(s.seriesInstanceUid())) {
      sb.append("_part").append(s.id().substring(s.id().lastIndexOf('_') + 1));
    }
    return sanitize(sb.toString());
  }

  /** dcm2niix's rule: keep letters, digits, '-', '_' and '.'; anything else becomes '_'. */
  static String sanitize(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.';
      sb.append(ok ? c : '_');
    }
    String s = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
    return s.isEmpty() ? "series" : s;
  }

  private static String extension(String file) {
    String f = file.toLowerCase(Locale.ROOT);
    for (String e : new String[] {".nii.gz", ".nii", ".npy", ".npz", ".nrrd", ".mha"}) {
      if (f.endsWith(e)) {
        return file.substring(file.length() - e.length());
      }
    }
    int dot = file.lastIndexOf('.');
    return dot <= 0 ? "" : file.substring(dot);
  }
}
