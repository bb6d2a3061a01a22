package org.medbeam.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageSource;

/**
 * {@link MarkerInflater} against {@link java.util.zip.Inflater}/zlib's own output, and {@link
 * ParallelGunzip} against the bytes that were compressed (exact equality), including the cases
 * where it must give up.
 */
class ParallelGunzipTest {
  /** Kinds of data: incompressible, text-like, CT-like int16, long runs. */
  static byte[] data(String kind, int n, long seed) {
    Random r = new Random(seed);
    byte[] b = new byte[n];
    switch (kind) {
      case "random":
        r.nextBytes(b);
        break;
      case "text":
        String[] words = {"voxel ", "affine ", "nifti ", "gzip ", "the ", "of ", "MONAI ",
            "beam\n", "spacing ", "0.7 "};
        for (int i = 0; i < n; ) {
          byte[] w = words[r.nextInt(words.length)]
              .getBytes(java.nio.charset.StandardCharsets.UTF_8);
          for (int j = 0; j < w.length && i < n; j++) {
            b[i++] = w[j];
          }
        }
        break;
      case "ct":
        for (int i = 0; i + 1 < n; i += 2) {
          int x = (i / 2) % 512;
          short v = (short) (x < 60 || x > 450 ? -1024 : 40 + (int) (12 * r.nextGaussian()));
          b[i] = (byte) v;
          b[i + 1] = (byte) (v >> 8);
        }
        break;
      default:
        for (int i = 0; i < n; i++) {
          b[i] = (byte) ((i / 5000) % 3);
        }
    }
    return b;
  }

  static byte[] deflate(byte[] data, int level, int strategy) {
    Deflater d = new Deflater(level, true);
    d.setStrategy(strategy);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  private static byte[] bytesOf(MarkerInflater m) {
    byte[] b = new byte[m.outputLength()];
    for (int i = 0; i < b.length; i++) {
      char c = m.output()[i];
      assertTrue(c < 256, "marker at " + i);
      b[i] = (byte) c;
    }
    return b;
  }

  @Test
  void decodesWholeStreamsLikeZlib() throws Exception {
    int[][] settings = {
      {0, Deflater.DEFAULT_STRATEGY}, {1, Deflater.DEFAULT_STRATEGY},
      {6, Deflater.DEFAULT_STRATEGY}, {9, Deflater.DEFAULT_STRATEGY},
      {6, Deflater.FILTERED}, {6, Deflater.HUFFMAN_ONLY}
    };
    for (String kind : new String[] {"random", "text", "ct", "runs"}) {
      for (int size : new int[] {0, 1, 100, 70_000, 300_000}) {
        byte[] data = data(kind, size, size);
        for (int[] s : settings) {
          byte[] comp = deflate(data, s[0], s[1]);
          MarkerInflater m = new MarkerInflater(comp, comp.length, 0, 16);
          assertEquals(MarkerInflater.Stop.FINAL_BLOCK, m.run(Long.MAX_VALUE, false, -1));
          assertArrayEquals(data, bytesOf(m), kind + " " + size + " level " + s[0]);
          assertEquals(comp.length, (m.bitPosition() + 7) >>> 3, "ends at the stream end");
        }
      }
    }
  }

  @Test
  void speculativeDecodingFromAFoundBoundaryResolvesToTheTruth() throws Exception {
    for (String kind : new String[] {"ct", "text", "random"}) {
      byte[] data = data(kind, 3 << 20, 7);
      byte[] comp = deflate(data, 1, Deflater.DEFAULT_STRATEGY);
      long from = (long) comp.length / 2 * 8;
      long b = MarkerInflater.findBoundary(comp, comp.length, from, from + (1 << 23), 3);
      assertTrue(b >= from, kind + ": a boundary after the middle");
      // decoded offset of the boundary: decode from the start up to it
      MarkerInflater head = new MarkerInflater(comp, comp.length, 0, 1 << 20);
      assertEquals(MarkerInflater.Stop.AT_STOP_BIT, head.run(b, false, -1));
      int offset = head.outputLength();
      MarkerInflater tail = new MarkerInflater(comp, comp.length, b, 1 << 20);
      assertEquals(MarkerInflater.Stop.FINAL_BLOCK, tail.run(Long.MAX_VALUE, false, -1));
      byte[] resolved = new byte[tail.outputLength()];
      MarkerInflater.resolve(tail.output(), tail.outputLength(), data, offset, resolved, 0);
      assertArrayEquals(Arrays.copyOfRange(data, offset, data.length), resolved, kind);
    }
  }

  @Test
  void corruptDataIsRejected() {
    byte[] comp = deflate(data("text", 10_000, 1), 6, Deflater.DEFAULT_STRATEGY);
    comp[0] = (byte) 0x07; // BTYPE 11
    MarkerInflater m = new MarkerInflater(comp, comp.length, 0, 16);
    assertThrows(MarkerInflater.DeflateException.class, () -> m.run(Long.MAX_VALUE, false, -1));
    byte[] cut = Arrays.copyOf(deflate(data("text", 100_000, 1), 6, 0), 2000);
    MarkerInflater t = new MarkerInflater(cut, cut.length, 0, 16);
    assertThrows(MarkerInflater.DeflateException.class, () -> t.run(Long.MAX_VALUE, false, -1));
  }

  @Test
  void crcCombineEqualsTheCrcOfTheConcatenation() {
    byte[] a = data("random", 100_003, 1);
    byte[] b = data("text", 77_777, 2);
    CRC32 ca = new CRC32();
    ca.update(a);
    CRC32 cb = new CRC32();
    cb.update(b);
    CRC32 all = new CRC32();
    all.update(a);
    all.update(b);
    assertEquals(all.getValue(),
        ParallelGunzip.crc32Combine(ca.getValue(), cb.getValue(), b.length));
    assertEquals(ca.getValue(),
        ParallelGunzip.crc32Combine(ca.getValue(), new CRC32().getValue(), 0));
  }

  private static byte[] gzip(byte[] data, int level) {
    byte[] deflated = deflate(data, level, Deflater.DEFAULT_STRATEGY);
    CRC32 crc = new CRC32();
    crc.update(data);
    byte[] gz = new byte[10 + deflated.length + 8];
    gz[0] = 0x1f;
    gz[1] = (byte) 0x8b;
    gz[2] = 8;
    gz[9] = (byte) 0xff;
    System.arraycopy(deflated, 0, gz, 10, deflated.length);
    int t = 10 + deflated.length;
    for (int i = 0; i < 4; i++) {
      gz[t + i] = (byte) (crc.getValue() >>> (8 * i));
      gz[t + 4 + i] = (byte) (data.length >>> (8 * i));
    }
    return gz;
  }

  /** Parallel decoding: what the sink received, or null if it gave up. */
  private static byte[] parallel(byte[] gz, int start, int end, long expected, int threads) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    long got = ParallelGunzip.decode(gz, start, end, expected, threads, 1 << 20, sink::write);
    if (got < 0) {
      return null;
    }
    assertEquals(sink.size(), got);
    return sink.toByteArray();
  }

  @Test
  void parallelDecodingGivesTheExactBytes() {
    int decoded = 0;
    for (String kind : new String[] {"ct", "text", "random", "runs"}) {
      byte[] data = data(kind, 6 << 20, 11);
      for (int level : new int[] {1, 6}) {
        byte[] gz = gzip(data, level);
        for (int threads : new int[] {2, 3, 4}) {
          byte[] r = parallel(gz, 10, gz.length - 8, data.length, threads);
          if (gz.length - 18 < (1 << 20)) {
            assertNull(r, "too little compressed data to split");
            continue;
          }
          assertNotNull(r, kind + " level " + level + " threads " + threads);
          assertArrayEquals(data, r, kind + " level " + level + " threads " + threads);
          decoded++;
        }
      }
    }
    assertTrue(decoded >= 15, "most kinds, levels and thread counts split: " + decoded);
  }

  @Test
  void givesUpWhenTheStreamDoesNotSuit() {
    byte[] data = data("ct", 12 << 20, 3);
    assertTrue(gzip(data, 1).length > (3 << 20), "enough compressed data for 2 chunks");
    byte[] gz = gzip(data, 1);
    // a single thread, or too little data
    assertNull(parallel(gz, 10, gz.length - 8, data.length, 1));
    byte[] small = gzip(data("ct", 1 << 20, 3), 1);
    assertNull(parallel(small, 10, small.length - 8, 1 << 20, 2));
    // wrong CRC
    byte[] badCrc = gz.clone();
    badCrc[gz.length - 8] ^= 1;
    assertNull(parallel(badCrc, 10, gz.length - 8, data.length, 2));
    // truncated: the "trailer" is in the middle of the deflate data
    assertNull(parallel(gz, 10, gz.length - 5000, data.length, 2));
    // two members: the first member ends before the end we were given
    byte[] first = gzip(Arrays.copyOf(data, 6 << 20), 1);
    byte[] second = gzip(Arrays.copyOfRange(data, 6 << 20, data.length), 1);
    byte[] two = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, two, first.length, second.length);
    assertNull(parallel(two, 10, two.length - 8, data.length, 2));
  }

  @Test
  void converterGivesTheSameArrayWhateverThePieces() throws Exception {
    // odd pieces, empty ones, voxels straddling up to three pieces, for every kind of decoding
    byte[] all = data("random", 4000, 5);
    int[] cuts = {0, 3, 7, 7, 8, 19, 22, 1000, 1001, 3999, 4000};
    Object[][] cases = {
      {NiftiDataType.INT16, false}, {NiftiDataType.FLOAT64, false}, {NiftiDataType.UINT8, false},
      {NiftiDataType.RGB24, false}, {NiftiDataType.INT32, true}, {NiftiDataType.UINT16, true}
    };
    for (Object[] c : cases) {
      NiftiDataType t = (NiftiDataType) c[0];
      boolean scaled = (Boolean) c[1];
      int skip = 5;
      int count = (all.length - skip) / t.bytesPerVoxel() - 1;
      for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {
          java.nio.ByteOrder.LITTLE_ENDIAN, java.nio.ByteOrder.BIG_ENDIAN}) {
        VoxelInput stream = new VoxelInput.Parts("x", new byte[][] {all},
            new int[] {all.length}, skip, skip);
        Object expected = VoxelCodec.decode(stream, t, order, count, 10, scaled, 2.5, -3);
        VoxelCodec.Converter conv =
            new VoxelCodec.Converter(t, order, count, 10, scaled, 2.5, -3, skip).startAt(0);
        for (int i = 0; i + 1 < cuts.length; i++) {
          conv.accept(all, cuts[i], cuts[i + 1] - cuts[i]);
        }
        assertTrue(conv.complete());
        assertTrue(java.util.Objects.deepEquals(expected, conv.out), t + " " + order);
      }
    }
  }

  @Test
  void readerGivesTheSameVolumeWithAnyThreadCount(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) throws Exception {
    Volume v = TestVolumes.random(DType.INT16, new int[] {1, 256, 256, 160}, Affine.identity(), 9);
    // compressible like CT: a constant border, 12-bit noise elsewhere (over 4 MiB compressed,
    // enough for two chunks)
    short[] s = v.shorts();
    for (int i = 0; i < s.length; i++) {
      if (i % 256 < 40) {
        s[i] = -1024;
      } else {
        s[i] = (short) (s[i] >> 4);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NiftiWriter.create().write(v, "p.nii.gz", out);
    byte[] file = out.toByteArray();
    NiftiReader one = NiftiReader.create().withThreads(1);
    Volume sequential = one.read(ImageSource.of("p.nii.gz", file));
    assertTrue(v.sameVoxels(sequential));
    for (int threads : new int[] {2, 3}) {
      GzipInput in = new GzipInput("p.nii.gz",
          new CompressedFeed.Memory(file, file.length));
      in.readFully(new byte[348], 0, 348, "header");
      assertEquals(352 + 2L * s.length, in.parallel(352 + 2L * s.length, threads, (b, o, l) -> { }),
          "parallel path taken");
      Volume parallel = NiftiReader.create().withThreads(threads)
          .read(ImageSource.of("p.nii.gz", file));
      assertTrue(v.sameVoxels(parallel), threads + " threads");
      assertEquals(sequential.affine(), parallel.affine());
      assertEquals(sequential.meta(), parallel.meta());
    }
    // a local file: the compressed bytes are read on the decoding threads
    java.nio.file.Path local = dir.resolve("p.nii.gz");
    java.nio.file.Files.write(local, file);
    GzipInput fromDisk = (GzipInput) NiftiReader.open(ImageSource.of(local));
    fromDisk.readFully(new byte[348], 0, 348, "header");
    assertEquals(352 + 2L * s.length, fromDisk.parallel(352 + 2L * s.length, 2, (b, o, l) -> { }));
    fromDisk.close();
    assertTrue(v.sameVoxels(NiftiReader.create().withThreads(2).read(ImageSource.of(local))));
    // a corrupt or cut file read with threads: the parallel path gives up and the sequential
    // one names the problem
    byte[] corrupt = file.clone();
    for (int i = file.length * 3 / 4; i < file.length * 3 / 4 + 64; i++) {
      corrupt[i] ^= (byte) 0x5A;
    }
    org.medbeam.io.ImageReadException bad = assertThrows(org.medbeam.io.ImageReadException.class,
        () -> NiftiReader.create().withThreads(2).read(ImageSource.of("bad.nii.gz", corrupt)));
    assertTrue(bad.getMessage().contains("corrupt deflate data")
        || bad.getMessage().contains("CRC-32") || bad.getMessage().contains("file corrupt"),
        bad.getMessage());
    byte[] cut = Arrays.copyOf(file, file.length - 1000);
    bad = assertThrows(org.medbeam.io.ImageReadException.class,
        () -> NiftiReader.create().withThreads(2).read(ImageSource.of("cut.nii.gz", cut)));
    assertTrue(bad.getMessage().contains("truncated gzip stream")
        || bad.getMessage().contains("file ends"), bad.getMessage());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NiftiReader.create().withThreads(0));
    assertEquals("threads must be >= 1, got 0", e.getMessage());
  }
}
