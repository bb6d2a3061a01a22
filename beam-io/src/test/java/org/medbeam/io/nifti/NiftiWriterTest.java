package org.medbeam.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageSource;

/** {@link NiftiWriter} round trips through {@link NiftiReader} and its header choices. */
class NiftiWriterTest {
  private static final NiftiReader READER = NiftiReader.create();

  private static byte[] write(NiftiWriter w, Volume v, String name) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.write(v, name, out);
    return out.toByteArray();
  }

  private static Volume roundTrip(NiftiWriter w, Volume v, String name) throws IOException {
    return READER.read(ImageSource.of(name, write(w, v, name)));
  }

  /** The affine as a NIfTI-1 file stores it: every entry rounded to float32. */
  private static double[] float32(Affine a) {
    double[] m = a.toArray();
    for (int i = 0; i < 16; i++) {
      m[i] = (float) m[i];
    }
    return m;
  }

  @Test
  void everyDtypeRoundTripsExactlyInBothSuffixes() throws IOException {
    long seed = 100;
    for (DType t : DType.values()) {
      Volume v = TestVolumes.random(t, new int[] {1, 6, 5, 4}, TestVolumes.SHEARED_FLIPPED, seed++);
      for (String name : new String[] {"x.nii", "x.nii.gz", "X.NII.GZ"}) {
        Volume back = roundTrip(NiftiWriter.create(), v, name);
        assertTrue(v.sameVoxels(back), t + " " + name);
        assertArrayEquals(float32(v.affine()), back.affine().toArray(), 0.0, t + " " + name);
      }
    }
  }

  @Test
  void channelsBecomeDim4AndComeBack() throws IOException {
    Volume v = TestVolumes.random(DType.FLOAT32, new int[] {3, 4, 5, 6}, TestVolumes.OBLIQUE, 1);
    byte[] file = write(NiftiWriter.create(), v, "c.nii");
    NiftiHeader h = NiftiHeader.parse(file, file.length, "c.nii");
    assertArrayEquals(new long[] {4, 4, 5, 6, 3, 1, 1, 1}, h.dim());
    Volume back = READER.read(ImageSource.of("c.nii", file));
    assertTrue(v.sameVoxels(back));
    assertEquals(-1, back.meta().get(Metadata.ORIGINAL_CHANNEL_DIM));
  }

  @Test
  void twoDimensionalMultiChannelPadsASingletonZ() throws IOException {
    Volume v = TestVolumes.random(DType.UINT8, new int[] {2, 4, 3}, Affine.identity(), 2);
    byte[] file = write(NiftiWriter.create(), v, "c.nii");
    assertArrayEquals(new long[] {4, 4, 3, 1, 2, 1, 1, 1},
        NiftiHeader.parse(file, file.length, "c.nii").dim());
    Volume back = READER.read(ImageSource.of("c.nii", file));
    assertArrayEquals(new int[] {2, 4, 3, 1}, back.shape());
    assertArrayEquals((byte[]) v.array(), (byte[]) back.array());
  }

  @Test
  void fiveDimensionalFilesComeBackFiveDimensional() throws IOException {
    // the reader folds (X, Y, Z, T, U) = (3, 4, 2, 2, 3) into 6 channels and records dim
    Volume in = READER.read(ImageSource.of(NiftiFixtures.path("dim5d.nii")));
    assertEquals(6, in.channels());
    byte[] file = write(NiftiWriter.create(), in, "five.nii");
    assertArrayEquals(new long[] {5, 3, 4, 2, 2, 3, 1, 1},
        NiftiHeader.parse(file, file.length, "five.nii").dim());
    assertTrue(in.sameVoxels(READER.read(ImageSource.of("five.nii", file))));
    // metadata that no longer matches the channel count falls back to 4D
    Volume six = TestVolumes.withMeta(
        TestVolumes.random(DType.INT16, new int[] {5, 3, 4, 2}, Affine.identity(), 3),
        "dim", new long[] {5, 3, 4, 2, 2, 3, 1, 1});
    byte[] f4 = write(NiftiWriter.create(), six, "four.nii");
    assertEquals(4, NiftiHeader.parse(f4, f4.length, "four.nii").dim(0));
  }

  @Test
  void headerIsMonaiNibabelWritersHeader() throws IOException {
    Volume v = TestVolumes.random(DType.INT16, new int[] {1, 3, 3, 3}, TestVolumes.OBLIQUE, 4);
    byte[] file = write(NiftiWriter.create(), v, "h.nii");
    NiftiHeader h = NiftiHeader.parse(file, file.length, "h.nii");
    assertEquals(1, h.version());
    assertEquals(ByteOrder.LITTLE_ENDIAN, h.byteOrder());
    assertEquals(352.0, h.voxOffset());
    assertEquals(1.0, h.sclSlope());
    assertEquals(0.0, h.sclInter());
    assertEquals(1, h.sformCode());
    assertEquals(1, h.qformCode());
    assertEquals(4, h.datatype());
    assertEquals(16, h.bitpix());
    assertEquals(352 + 27 * 2, file.length);
    assertArrayEquals(new byte[4], Arrays.copyOfRange(file, 348, 352), "no extensions");
    // OBLIQUE is a proper rotation with zooms (0.9, 1.1, 2.5): qfac 1, pixdim = zooms
    assertArrayEquals(new double[] {1, (float) 0.9, (float) 1.1, 2.5, 1, 1, 1, 1}, h.pixdim(),
        1e-7);
    // the qform describes the same (orthogonal) affine up to float32 rounding
    assertTrue(h.qform("h.nii").almostEquals(v.affine(), 1e-5));
    NiftiHeader codes = NiftiHeader.parse(
        write(NiftiWriter.create().withXformCodes(2, 0), v, "h.nii"), 352, "h.nii");
    assertEquals(2, codes.sformCode());
    assertEquals(0, codes.qformCode());
  }

  @Test
  void qformOnlyFileStillReadsTheAffine() throws IOException {
    // with sform_code 0, readers use the qform fitted from the affine
    Volume v = TestVolumes.random(DType.INT16, new int[] {1, 3, 3, 3}, TestVolumes.OBLIQUE, 5);
    Volume back = roundTrip(NiftiWriter.create().withXformCodes(0, 1), v, "q.nii");
    assertTrue(back.affine().almostEquals(v.affine(), 1e-5), back.affine().toString());
  }

  @Test
  void longAxisSwitchesToNifti2() throws IOException {
    Volume v = TestVolumes.random(DType.INT8, new int[] {1, 40000, 1, 1}, TestVolumes.OBLIQUE, 6);
    byte[] file = write(NiftiWriter.create(), v, "long.nii.gz");
    Volume back = READER.read(ImageSource.of("long.nii.gz", file));
    assertTrue(v.sameVoxels(back));
    assertEquals(540L, back.meta().getLong("sizeof_hdr", 0));
    // NIfTI-2 keeps the affine in float64: no rounding at all
    assertArrayEquals(v.affine().toArray(), back.affine().toArray(), 0.0);
    NiftiHeader h = READER.readHeader(ImageSource.of("long.nii.gz", file));
    assertEquals(544.0, h.voxOffset());
  }

  @Test
  void gzipHeaderIsPythonsAndLevelIsNibabels() throws IOException {
    Volume v = TestVolumes.random(DType.INT16, new int[] {1, 8, 8, 8}, Affine.identity(), 7);
    byte[] gz = write(NiftiWriter.create(), v, "g.nii.gz");
    // magic, deflate, no flags, mtime 0, XFL 4 (level 1, "fastest"), OS 255 — Python's gzip
    assertArrayEquals(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 0xff},
        Arrays.copyOf(gz, 10));
    byte[] plain = write(NiftiWriter.create(), v, "g.nii");
    assertArrayEquals(plain, new GZIPInputStream(new java.io.ByteArrayInputStream(gz))
        .readAllBytes());
    int isize = ByteBuffer.wrap(gz, gz.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertEquals(plain.length, isize);
    byte[] best = write(NiftiWriter.create().withCompressLevel(9), v, "g.nii.gz");
    assertEquals(2, best[8], "XFL 2 for level 9");
    assertFalse(Arrays.equals(gz, best));
  }

  @Test
  void invalidSettingsNameTheParameter() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NiftiWriter.create().withXformCodes(6, 1));
    assertEquals("sformCode must be in [0, 5], got 6", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NiftiWriter.create().withXformCodes(1, -1));
    assertEquals("qformCode must be in [0, 5], got -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> NiftiWriter.create().withCompressLevel(10));
    assertEquals("compressLevel must be in [0, 9], got 10", e.getMessage());
    Volume v = Volume.of(new float[8], 1, 2, 2, 2);
    e = assertThrows(IllegalArgumentException.class,
        () -> NiftiWriter.create().write(v, "x.png", new ByteArrayOutputStream()));
    assertTrue(e.getMessage().contains("x.png"), e.getMessage());
  }

  @Test
  void suffixes() {
    NiftiWriter w = NiftiWriter.create();
    assertEquals("nifti", w.name());
    assertTrue(w.verifySuffix("a/b.nii"));
    assertTrue(w.verifySuffix("B.NII.GZ"));
    assertFalse(w.verifySuffix("b.nii.bz2"));
    NiftiReader r = NiftiReader.create();
    assertEquals("nifti", r.name());
    assertTrue(r.verifySuffix("scan.Nii.Gz"));
    assertTrue(r.verifySuffix("scan.nii"));
    assertFalse(r.verifySuffix("scan.dcm"));
    assertFalse(r.verifySuffix("scan.nii.zip"));
  }
}
