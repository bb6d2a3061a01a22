package org.medbeam.io.dicom;

import java.nio.file.Path;
import java.util.List;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/**
 * Writes {@code src/test/resources/dicom/writer/}: a small oblique series written by {@link
 * DicomSeriesWriter}. {@code make_dicom_fixtures.py} then checks those files with DCMTK's dcmdump,
 * dcm2niix and pydicom, and {@link DicomWriterTest} checks that the writer still produces exactly
 * these bytes — so the external check holds for the current writer.
 *
 * <p>Run: {@code java -cp <test classpath> org.medbeam.io.dicom.DicomWriterFixture
 * beam-io/src/test/resources/dicom/writer}
 */
public final class DicomWriterFixture {
  private DicomWriterFixture() {}

  /** The volume: float32 (1, 6, 5, 3), oblique affine, values k*100 + j*10 + i - 1024.5. */
  static Volume volume() {
    int nx = 6;
    int ny = 5;
    int nz = 3;
    float[] data = new float[nx * ny * nz];
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          data[i + nx * (j + ny * k)] = k * 100 + j * 10 + i - 1024.5f;
        }
      }
    }
    // rotation of 30 degrees about z, spacings 0.8 (i), 0.6 (j), 2.5 (k), origin (10, -20, 30)
    double c = Math.cos(Math.toRadians(30));
    double s = Math.sin(Math.toRadians(30));
    Affine a = Affine.of(
        0.8 * c, -0.6 * s, 0, 10,
        0.8 * s, 0.6 * c, 0, -20,
        0, 0, 2.5, 30,
        0, 0, 0, 1);
    return Volume.wrap(data, DType.FLOAT32, new int[] {1, nx, ny, nz}, a);
  }

  static DicomSeriesWriter writer() {
    return DicomSeriesWriter.create().withModality("CT").withPatientId("WRITER-FIXTURE")
        .withSeriesDescription("written by medbeam").withSeriesNumber(5)
        .withUidSeed("medbeam-writer-fixture").withRescale(0.5, -1024.5);
  }

  public static void main(String[] args) throws Exception {
    List<Path> files = writer().write(volume(), Path.of(args[0]));
    System.out.println("wrote " + files);
  }
}
