package org.medbeam.workflows.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.medbeam.io.SaveImage;
import org.medbeam.io.dicom.DicomSeriesWriter;
import org.medbeam.io.nifti.NiftiWriter;

/**
 * Writes synthetic CT cases ({@link SyntheticCt}) as a DICOM archive — one folder per series,
 * deterministic UIDs — and, optionally, each label map
 * as NIfTI beside it ({@code labels/<case>.nii.gz}).
 */
public final class SampleArchive {
  /** The seed of the bundled sample. */
  public static final long BUNDLED_SEED = 20261127L;

  private SampleArchive() {}

  /** A written case: its series folder and (when written) its label file. */
  public static final class Written {
    public final String id;
    public final Path series;
    public final Path label;

    Written(String id, Path series, Path label) {
      this.id = id;
      this.series = series;
      this.label = label;
    }
  }

  /**
   * @param first index of the first case (cases {@code first..first+count-1})
   */
  public static List<Written> write(Path dir, long seed, int first, int count, int size,
      boolean labels) throws IOException {
    List<Written> out = new ArrayList<>();
    Files.createDirectories(dir);
    for (int i = first; i < first + count; i++) {
      SyntheticCt.Case c = SyntheticCt.generate(seed, i, size);
      Path series = dir.resolve("dicom").resolve(c.id);
      DicomSeriesWriter.create()
          .withModality("CT")
          .withPatientId("SYNTH" + String.format("%03d", i))
          .withSeriesDescription("synthetic abdomen " + c.id)
          .withSeriesNumber(100 + i)
          .withUidSeed(seed + "/" + i)
          .withFileNamePattern("IM%05d")
          .write(c.image, series);
      Path label = null;
      if (labels) {
        label = dir.resolve("labels").resolve(c.id + ".nii.gz");
        Files.createDirectories(label.getParent());
        SaveImage.writeAtomically(c.label, label.toString(), NiftiWriter.create());
      }
      out.add(new Written(c.id, series, label));
    }
    return out;
  }

  /** Cases 0..count-1. */
  public static List<Written> write(Path dir, long seed, int count, int size, boolean labels)
      throws IOException {
    return write(dir, seed, 0, count, size, labels);
  }
}
