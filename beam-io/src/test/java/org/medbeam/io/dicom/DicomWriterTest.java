package org.medbeam.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Fixtures;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageSource;

/**
 * The writer. {@code writer/} holds files {@link DicomWriterFixture} wrote; the fixture script
 * checked them with DCMTK's dcmdump and dcm2niix and recorded their SHA-256 — this test proves the
 * writer still produces exactly those bytes, and that they read back as written.
 */
class DicomWriterTest {
  @TempDir Path tmp;

  @Test
  void writerOutputIsWhatDcmtkAndDcm2niixAccepted() throws Exception {
    JsonNode ref = DicomFixtures.ref().get("writer");
    List<Path> files = DicomWriterFixture.writer().write(DicomWriterFixture.volume(), tmp);
    assertEquals(ref.get("sha256").size(), files.size());
    for (Path f : files) {
      String name = f.getFileName().toString();
      byte[] mine = Files.readAllBytes(f);
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mine));
      assertEquals(ref.get("sha256").get(name).asText(), sha, name + " differs from the file "
          + "dcmdump/dcm2niix checked; rerun DicomWriterFixture and the fixture script");
      assertArrayEquals(Files.readAllBytes(DicomFixtures.path("writer/" + name)), mine, name);
    }
  }

  @Test
  void seriesReadsBackAsWritten() throws Exception {
    Volume original = DicomWriterFixture.volume();
    DicomSeriesReader reader = DicomSeriesReader.create();
    DicomSeriesReader.ScanResult scan = reader.scan(DicomFixtures.path("writer"));
    assertEquals(1, scan.series().size());
    Volume back = reader.read(scan.series().get(0));
    assertEquals(DType.FLOAT32, back.dtype());
    assertArrayEquals(original.shape(), back.shape());
    // stored int16 2*(100k + 10j + i), read as float32(s) * 0.5 - 1024.5: exact
    assertArrayEquals(original.floats(), back.floats());
    assertTrue(original.affine().almostEquals(back.affine(), 1e-9),
        original.affine() + " vs " + back.affine());
    assertEquals("written by medbeam", back.meta().getString("SeriesDescription"));
    assertEquals("WRITER-FIXTURE", back.meta().getString("PatientID"));
    // and dcm2niix put every voxel where we put it (its affine, from the fixture script)
    Affine theirs = Affine.fromRows(Fixtures.matrix(DicomFixtures.ref().get("writer")
        .get("affine")));
    double[] shape = DicomFixtures.doubles(DicomFixtures.ref().get("writer").get("shape"));
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 5; j++) {
        for (int i = 0; i < 6; i++) {
          double[] w = back.affine().apply(i, j, k);
          double[] u = theirs.inverse().apply(w[0], w[1], w[2]);
          for (int a = 0; a < 3; a++) {
            assertEquals(Math.rint(u[a]), u[a], 1e-3, "voxel index of (" + i + "," + j + ","
                + k + ")");
            assertTrue(u[a] > -0.5 && u[a] < shape[a] - 0.5);
          }
        }
      }
    }
  }

  @Test
  void datasetRoundTripKeepsSequencesPrivateTagsAndBigEndianValues() throws Exception {
    // read the big endian fixture (every value), write it as explicit VR LE, read it again
    DicomFile be = DicomFile.readHeader(DicomFixtures.source("parse/explicit_be.dcm"),
        DicomFile.Options.READ_ALL);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DicomWriter.write(be.dataset(), out);
    DicomFile back = DicomFile.readHeader(ImageSource.of("roundtrip.dcm", out.toByteArray()));
    assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, back.transferSyntax());
    DicomDataset a = be.dataset();
    DicomDataset b = back.dataset();
    assertEquals(a.getString(Tags.PATIENT_NAME), b.getString(Tags.PATIENT_NAME));
    assertArrayEquals(a.getDoubles(Tags.IMAGE_POSITION_PATIENT),
        b.getDoubles(Tags.IMAGE_POSITION_PATIENT));
    assertEquals(a.getInt(Tags.ROWS, -1), b.getInt(Tags.ROWS, -2));
    int modifiers = DicomDictionary.standard().tagOf("ModifierCodeSequence");
    int region = DicomDictionary.standard().tagOf("AnatomicRegionSequence");
    assertEquals(2, b.getItem(region, 0).getSequence(modifiers).size());
    // the private US values, swapped to little endian: 513, 65535
    assertArrayEquals(new byte[] {1, 2, (byte) 0xFF, (byte) 0xFF}, b.getBytes(0x00091003));
    // a header read stops before pixel data, so the copy has none
    assertEquals(null, back.pixelData());
  }

  @Test
  void settersAndFormatsFollowPs35() {
    DicomDataset ds = new DicomDataset();
    ds.setDoubles(Tags.PIXEL_SPACING, VR.DS, 0.1 + 0.2, 1.0 / 3);
    // DS values are at most 16 characters and parse back to within their precision
    for (String s : ds.getStrings(Tags.PIXEL_SPACING)) {
      assertTrue(s.length() <= 16, s);
    }
    assertArrayEquals(new double[] {0.1 + 0.2, 1.0 / 3}, ds.getDoubles(Tags.PIXEL_SPACING),
        1e-14);
    ds.setInts(Tags.ROWS, VR.US, 65535);
    assertEquals(65535, ds.getInt(Tags.ROWS, -1));
    ds.setInts(0x00280106, VR.SS, -5);
    assertEquals(-5, ds.getInt(0x00280106, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DicomDataset().setString(Tags.ROWS, VR.US, "12"));
    assertTrue(e.getMessage().contains("not a string VR"), e.getMessage());
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> DicomWriter.write(new DicomDataset(), new ByteArrayOutputStream()));
    assertTrue(missing.getMessage().contains("SOPClassUID"), missing.getMessage());
  }

  @Test
  void seriesWriterValidatesItsSettings() {
    DicomSeriesWriter w = DicomSeriesWriter.create();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> w.withModality("ct"));
    assertTrue(e.getMessage().contains("modality"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> w.withRescale(0, 1));
    assertTrue(e.getMessage().contains("slope"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> w.withFileNamePattern("same.dcm"));
    assertTrue(e.getMessage().contains("fileNamePattern"), e.getMessage());
    Volume f = Volume.wrap(new float[8], DType.FLOAT32, new int[] {1, 2, 2, 2},
        Affine.identity());
    e = assertThrows(IllegalArgumentException.class, () -> w.write(f, tmp));
    assertTrue(e.getMessage().contains("withRescale"), e.getMessage());
  }
}
