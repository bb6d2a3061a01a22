package org.medbeam.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medbeam.core.Affine;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageSource;
import org.medbeam.io.ReadLimits;

/**
 * Hostile and corrupt inputs: each gives an {@link ImageReadException} naming the file and the
 * reason. Claims of gigabytes run under the test JVM's 2-3 GB heap, so allocating a claim would
 * fail with OutOfMemoryError instead of the expected exception: these tests also show nothing of
 * the claimed size is allocated.
 */
class NiftiHostileInputTest {
  private static final NiftiReader READER = NiftiReader.create();

  /** A valid little-endian NIfTI-1 int16 file of dims (4, 3, 2) with values 0..23. */
  private static NiftiHeader.Builder header() {
    return NiftiHeader.builder()
        .datatype(4)
        .bitpix(16)
        .dim(3, 4, 3, 2, 1, 1, 1, 1)
        .pixdim(1, 1, 1, 1, 1, 1, 1, 1)
        .voxOffset(352)
        .scaling(1, 0)
        .sformCode(1)
        .srow(Affine.identity());
  }

  private static byte[] file(NiftiHeader h, long voxels) {
    byte[] hb = h.toBytes();
    // voxels at vox_offset, or straight after the header when the offset is absurd
    int start = (int) (h.dataOffset() > 1 << 20 ? hb.length + 4
        : Math.max(h.dataOffset(), hb.length + 4));
    ByteBuffer bb = ByteBuffer.allocate(start + (int) voxels * 2).order(h.byteOrder());
    bb.put(hb);
    for (int i = 0; i < voxels; i++) {
      bb.putShort(start + 2 * i, (short) i);
    }
    return bb.array();
  }

  private static byte[] valid() {
    return file(header().build(), 24);
  }

  static byte[] gzip(byte[] plain) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static ImageReadException fails(String name, byte[] bytes) {
    return fails(name, bytes, ReadLimits.DEFAULT);
  }

  private static ImageReadException fails(String name, byte[] bytes, ReadLimits limits) {
    ImageReadException e = assertThrows(ImageReadException.class,
        () -> READER.read(ImageSource.of(name, bytes), limits));
    assertEquals(name, e.file());
    assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
    return e;
  }

  private static void assertMentions(ImageReadException e, String... parts) {
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void validBaselineReads() throws Exception {
    Volume v = READER.read(ImageSource.of("ok.nii", valid()));
    assertArrayEquals(new int[] {1, 4, 3, 2}, v.shape());
    assertEquals(23, v.getDouble(23));
    Volume g = READER.read(ImageSource.of("ok.nii.gz", gzip(valid())));
    assertTrue(v.sameVoxels(g));
  }

  @Test
  void emptyFile() {
    assertMentions(fails("empty.nii", new byte[0]), "truncated NIfTI header", "0 bytes");
  }

  @Test
  void truncatedHeader() {
    assertMentions(fails("short.nii", Arrays.copyOf(valid(), 200)),
        "truncated NIfTI-1 header", "200 bytes", "348");
  }

  @Test
  void truncatedNifti2Header() {
    byte[] b = file(header().version(2).voxOffset(544).build(), 24);
    assertMentions(fails("short2.nii", Arrays.copyOf(b, 400)),
        "truncated NIfTI-2 header", "400 bytes", "540");
  }

  @Test
  void truncatedHeaderInsideGzip() {
    assertMentions(fails("short.nii.gz", gzip(Arrays.copyOf(valid(), 100))),
        "truncated NIfTI-1 header", "100 bytes");
  }

  @Test
  void wrongMagic() {
    byte[] b = valid();
    b[344] = 'x';
    assertMentions(fails("magic.nii", b), "magic is 'x+1'", "expected 'n+1'");
  }

  @Test
  void pairHeaderMagic() {
    byte[] b = valid();
    b[345] = 'i';
    assertMentions(fails("pair.nii", b), "'ni1'", ".hdr/.img pair");
  }

  @Test
  void sizeofHdrWrong() {
    byte[] b = valid();
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 1234);
    assertMentions(fails("sizeof.nii", b), "sizeof_hdr is 1234", "348", "540");
  }

  @Test
  void notNiftiAtAll() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
    assertMentions(fails("image.nii", Arrays.copyOf(png, 400)), "sizeof_hdr", "not a NIfTI");
  }

  @Test
  void dimZeroOutOfRange() {
    assertMentions(fails("d0.nii", file(header().dim(0, 4, 3, 2, 1, 1, 1, 1).build(), 24)),
        "dim[0] is 0", "1 to 7");
    assertMentions(fails("d8.nii", file(header().dim(8, 4, 3, 2, 1, 1, 1, 1).build(), 24)),
        "dim[0] is 8");
  }

  @Test
  void negativeDimension() {
    assertMentions(fails("neg.nii", file(header().dim(3, 4, -3, 2, 1, 1, 1, 1).build(), 24)),
        "dim[2] is -3", "at least 1");
  }

  @Test
  void zeroDimension() {
    assertMentions(fails("zero.nii", file(header().dim(3, 4, 3, 0, 1, 1, 1, 1).build(), 24)),
        "dim[3] is 0");
  }

  @Test
  void absurdDimensionsOverReadLimits() {
    // 32767^3 int16 voxels: 3.5e13, far over the 2^31 - 9 element limit
    byte[] b = file(header().dim(3, 32767, 32767, 32767, 1, 1, 1, 1).build(), 24);
    assertMentions(fails("huge.nii", b), "35181150961663 voxels", "over the limit");
    // and a caller's tighter limit
    assertMentions(fails("small-limit.nii", valid(), ReadLimits.DEFAULT.withMaxVoxels(10)),
        "24 voxels", "limit of 10");
  }

  @Test
  void nifti2DimensionBeyondAnyArray() {
    byte[] b = file(header().version(2).voxOffset(544)
        .dim(3, 1L << 40, 1, 1, 1, 1, 1, 1).build(), 24);
    assertMentions(fails("n2huge.nii", b), "dim[1] is 1099511627776");
  }

  @Test
  void claimLargerThanThePlainFile() {
    // 1000^3 float64 = 8e9 bytes, within the default 8 GiB decode limit: only the file size
    // stops it (allocating it would throw OutOfMemoryError in this JVM)
    NiftiHeader h = header().datatype(64).bitpix(64).dim(3, 1000, 1000, 1000, 1, 1, 1, 1).build();
    assertMentions(fails("claim.nii", file(h, 24)),
        "header claims 8000000352 bytes", "file holds 400 bytes", "truncated");
  }

  @Test
  void claimLargerThanDeflateCanExpandTo() {
    NiftiHeader h = header().datatype(64).bitpix(64).dim(3, 1000, 1000, 1000, 1, 1, 1, 1).build();
    byte[] gz = gzip(file(h, 24));
    assertMentions(fails("claim.nii.gz", gz), "8000000352 decoded bytes",
        "-byte gzip file can hold at most", "1032:1");
  }

  @Test
  void claimBeyondTheGzipTrailerIsDecodedBeforeAllocating() {
    // 8 MiB of incompressible voxels behind a header claiming 8e9 bytes: 1032 x the compressed
    // size allows the claim, the ISIZE trailer does not, so the reader decodes what is there
    // before allocating and finds the end
    NiftiHeader h = header().datatype(64).bitpix(64).dim(3, 1000, 1000, 1000, 1, 1, 1, 1).build();
    byte[] hb = h.toBytes();
    byte[] plain = new byte[352 + (8 << 20)];
    System.arraycopy(hb, 0, plain, 0, hb.length);
    java.util.Random r = new java.util.Random(1);
    for (int i = 352; i < plain.length; i++) {
      plain[i] = (byte) r.nextInt();
    }
    assertMentions(fails("isize.nii.gz", gzip(plain)), "file ends after", "inside the voxel data");
  }

  @Test
  void voxOffsetBeyondTheFile() {
    byte[] b = file(header().voxOffset(10_000).build(), 24);
    assertMentions(fails("offset.nii", Arrays.copyOf(b, 600)),
        "vox_offset 10000 + 48 bytes", "file holds 600 bytes");
  }

  @Test
  void voxOffsetInsideTheHeader() {
    assertMentions(fails("offset.nii", file(header().voxOffset(100).build(), 24)),
        "vox_offset 100.0 points inside the header", "352");
    assertMentions(fails("nan.nii", file(header().voxOffset(Double.NaN).build(), 24)),
        "vox_offset NaN");
  }

  @Test
  void gzipBombOverTheDecodeLimit() {
    // 64 MiB of zeros claimed by a header and present in a 65 KB gzip: with a 1 MiB decode
    // limit the claim is refused before inflating anything past the header
    NiftiHeader h = header().dim(3, 4096, 4096, 2, 1, 1, 1, 1).build();
    byte[] plain = new byte[352 + (64 << 20)];
    System.arraycopy(h.toBytes(), 0, plain, 0, 348);
    byte[] gz = gzip(plain);
    assertTrue(gz.length < 100_000, "a real bomb: " + gz.length);
    assertMentions(fails("bomb.nii.gz", gz, ReadLimits.DEFAULT.withMaxDecodedBytes(1 << 20)),
        "67108864 bytes of voxels", "limit of 1048576");
  }

  @Test
  void hugeVoxOffsetInGzipIsABombToo() {
    byte[] gz = gzip(file(header().voxOffset(1L << 40).build(), 24));
    assertMentions(fails("offbomb.nii.gz", gz), "1099511627776 bytes before the voxels",
        "over the limit");
  }

  @Test
  void atMostOneMebibyteIsDecodedPastTheVoxels() throws Exception {
    // stored deflate blocks holding the file, then 2 MiB more announced but cut after 1.5 MiB:
    // the reader checks up to 1 MiB past the voxels for the member's CRC-32, gives up there
    // (decoding any further would hit the cut), and returns the voxels
    byte[] plain = valid();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    gz.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    storedBlock(gz, plain, false);
    byte[] tail = new byte[65535];
    for (int i = 0; i < 32; i++) { // 32 x 64 KiB = 2 MiB
      storedBlock(gz, tail, i == 31);
    }
    byte[] cut = Arrays.copyOf(gz.toByteArray(), 10 + 5 + plain.length + 24 * (5 + 65535));
    Volume v = READER.read(ImageSource.of("tail.nii.gz", cut));
    assertEquals(23, v.getDouble(23));
    // cut within that first mebibyte, the damage is found
    byte[] shortCut = Arrays.copyOf(cut, 10 + 5 + plain.length + 4 * (5 + 65535));
    assertMentions(fails("tail.nii.gz", shortCut), "truncated gzip stream",
        "bytes after the voxels");
  }

  private static void storedBlock(ByteArrayOutputStream out, byte[] data, boolean last) {
    out.write(last ? 1 : 0); // BFINAL, BTYPE 00 (stored), padded to the byte
    out.write(data.length & 0xFF);
    out.write(data.length >> 8);
    out.write(~data.length & 0xFF);
    out.write((~data.length >> 8) & 0xFF);
    out.write(data, 0, data.length);
  }

  @Test
  void truncatedGzipStream() {
    byte[] gz = gzip(file(header().dim(3, 64, 64, 8, 1, 1, 1, 1).build(), 64 * 64 * 8));
    assertMentions(fails("cut.nii.gz", Arrays.copyOf(gz, gz.length / 2)),
        "truncated gzip stream", "inside gzip member 1");
  }

  @Test
  void truncatedGzipTrailer() {
    byte[] gz = gzip(valid());
    // the voxels end exactly at the member's end, so the reader reads the trailer and finds it cut
    assertMentions(fails("trailer.nii.gz", Arrays.copyOf(gz, gz.length - 3)),
        "trailer of gzip member 1");
  }

  @Test
  void corruptDeflateData() {
    byte[] gz = gzip(valid());
    gz[10] = 0x07; // first block header: BFINAL 1, BTYPE 11 (reserved)
    assertMentions(fails("corrupt.nii.gz", gz), "corrupt deflate data", "invalid block type");
  }

  @Test
  void corruptionIsNeverSilent() throws Exception {
    // every single-byte corruption of the deflate data either fails with a typed error or (if
    // it hits bits the decoder ignores) still gives exactly the original voxels: never wrong
    // voxels, even when the corrupt stream decodes to another length and stops at the voxels'
    // end before its CRC (the trailer says where the member ends)
    NiftiHeader h = header().dim(3, 16, 16, 8, 1, 1, 1, 1).build();
    byte[] plain = file(h, 16 * 16 * 8);
    for (int i = 352; i < plain.length; i += 2) {
      plain[i + 1] = (byte) (i % 7 == 0 ? 3 : 0); // compressible, with some structure
    }
    byte[] gz = gzip(plain);
    Volume original = READER.read(ImageSource.of("ok.nii.gz", gz));
    int failures = 0;
    for (int p = 10; p < gz.length - 8; p++) {
      byte[] bad = gz.clone();
      bad[p] ^= (byte) (0x21 + p % 200);
      try {
        Volume v = READER.read(ImageSource.of("bad.nii.gz", bad));
        assertTrue(v.sameVoxels(original), "silently wrong voxels with byte " + p + " flipped");
      } catch (ImageReadException e) {
        assertEquals("bad.nii.gz", e.file());
        failures++;
      }
    }
    assertTrue(failures > (gz.length - 18) / 2, "most corruptions are detected: " + failures);
  }

  @Test
  void crcMismatch() {
    byte[] gz = gzip(valid());
    gz[gz.length - 8] ^= 0x55;
    assertMentions(fails("crc.nii.gz", gz), "CRC-32", "file corrupt");
  }

  @Test
  void junkAfterAGzipMember() {
    byte[] full = valid();
    byte[] first = gzip(Arrays.copyOf(full, 360));
    byte[] junk = "not gzip at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] b = Arrays.copyOf(first, first.length + junk.length);
    System.arraycopy(junk, 0, b, first.length, junk.length);
    assertMentions(fails("junk.nii.gz", b), "bytes after gzip member 1 are not another gzip "
        + "member");
  }

  @Test
  void unsupportedDatatypesNameTheCode() {
    assertMentions(fails("complex.nii", file(header().datatype(32).bitpix(64).build(), 24)),
        "datatype 32 (complex64) is not supported", "int16 (4)");
    assertMentions(fails("c128.nii", file(header().datatype(1792).bitpix(128).build(), 24)),
        "datatype 1792 (complex128)");
    assertMentions(fails("weird.nii", file(header().datatype(9999).bitpix(16).build(), 24)),
        "datatype 9999 (unknown)");
  }

  @Test
  void bitpixDisagreeingWithDatatype() {
    assertMentions(fails("bitpix.nii", file(header().bitpix(8).build(), 24)),
        "bitpix 8 disagrees with datatype 4 (int16), which has 16 bits");
  }

  @Test
  void nonUnitQuaternion() {
    byte[] b = file(header().sformCode(0).qformCode(1).quaternion(0.9, 0.9, 0, 0, 0, 0).build(),
        24);
    assertMentions(fails("quat.nii", b), "not a unit quaternion");
  }

  @Test
  void infiniteInterceptWithValidSlope() {
    byte[] b = file(header().scaling(2, Double.POSITIVE_INFINITY).build(), 24);
    assertMentions(fails("inter.nii", b), "scl_inter is Infinity");
  }

  @Test
  void nifti2EolBytesMangled() {
    byte[] b = file(header().version(2).voxOffset(544).build(), 24);
    b[9] = 13; // "\r\n" turned into "\r\r"
    assertMentions(fails("eol.nii", b), "EOL check", "end-of-line");
  }

  @Test
  void missingLocalFile(@TempDir Path dir) {
    Path p = dir.resolve("nothere.nii.gz");
    ImageReadException e = assertThrows(ImageReadException.class,
        () -> READER.read(ImageSource.of(p)));
    assertEquals(p.toString(), e.file());
    assertMentions(e, "file not found");
  }

  @Test
  void localFilesGetTheSameChecks(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("cut.nii");
    Files.write(plain, Arrays.copyOf(valid(), 380));
    ImageReadException e = assertThrows(ImageReadException.class,
        () -> READER.read(ImageSource.of(plain)));
    assertMentions(e, plain.toString(), "file holds 380 bytes");
    Path gz = dir.resolve("cut.nii.gz");
    byte[] g = gzip(file(header().dim(3, 64, 64, 8, 1, 1, 1, 1).build(), 64 * 64 * 8));
    Files.write(gz, Arrays.copyOf(g, g.length / 2));
    e = assertThrows(ImageReadException.class, () -> READER.read(ImageSource.of(gz)));
    assertMentions(e, gz.toString(), "truncated gzip stream");
  }
}
