package org.medbeam.workflows.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.medbeam.io.dicom.DicomFile;

/** Decides whether a command-line input is DICOM: a folder, or a file that looks like DICOM. */
final class DicomInputs {
  private DicomInputs() {}

  static boolean isDicom(String input) throws IOException {
    if (input.contains("://") && !input.startsWith("file://")) {
      return false;
    }
    Path p = Path.of(input);
    if (Files.isDirectory(p)) {
      return true;
    }
    if (!Files.isRegularFile(p)) {
      return false;
    }
    String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith(".dcm") || n.endsWith(".dicom")) {
      return true;
    }
    if (n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".npy") || n.endsWith(".npz")
        || n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp")) {
      return false;
    }
    byte[] head = new byte[132];
    int k = 0;
    try (InputStream in = Files.newInputStream(p)) {
      int r;
      while (k < head.length && (r = in.read(head, k, head.length - k)) > 0) {
        k += r;
      }
    }
    return DicomFile.looksLikeDicom(head, k);
  }
}
