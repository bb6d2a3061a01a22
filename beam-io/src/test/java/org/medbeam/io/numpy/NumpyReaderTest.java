package org.medbeam.io.numpy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageSource;
import org.medbeam.io.IoFixtures;
import org.medbeam.io.ReadLimits;

/** Values pinned to what numpy 1.24 loads (io_reference.json, make_io_fixtures.py). */
class NumpyReaderTest {
  private final NumpyReader reader = NumpyReader.create();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "int16_c_3d.npy", "int16_f_3d.npy", "float32_be_2d.npy", "uint8_c_2d.npy",
        "bool_c_2d.npy", "uint16_c_3d.npy", "int64_c_3d.npy", "float64_c_4d_channel_first.npy",
        "uint32_f_4d.npy", "int8_c_1d.npy"
      })
  void readsWhatNumpyReads(String file) throws Exception {
    Volume v = reader.read(ImageSource.of(IoFixtures.path(file)));
    IoFixtures.assertMatches(file, v, 0);
    assertEquals(Affine.identity(), v.affine());
  }

  @Test
  void arraysUpToThreeDimensionsAreSpatial() throws Exception {
    Volume v = reader.read(ImageSource.of(IoFixtures.path("int16_c_3d.npy")));
    assertEquals("no_channel", v.meta().get(Metadata.ORIGINAL_CHANNEL_DIM));
    assertArrayEquals(new int[] {4, 3, 2}, v.spatialShape());
    Volume four = reader.read(ImageSource.of(IoFixtures.path("float64_c_4d_channel_first.npy")));
    assertEquals(0, four.meta().get(Metadata.ORIGINAL_CHANNEL_DIM));
  }

  @Test
  void channelDimMovesThatAxisToChannels() throws Exception {
    Volume v =
        reader.withChannelDim(-1).read(ImageSource.of(IoFixtures.path("int32_channel_last.npy")));
    IoFixtures.assertMatches("int32_channel_last.npy", v, 0);
  }

  @Test
  void npzStacksArraysAsChannelsOrReadsOneKey() throws Exception {
    IoFixtures.assertMatches("two.npz", reader.read(ImageSource.of(IoFixtures.path("two.npz"))), 0);
    IoFixtures.assertMatches(
        "two.npz[second]",
        reader.withNpzKeys("second").read(ImageSource.of(IoFixtures.path("two.npz"))),
        0);
    ImageReadException e =
        assertThrows(
            ImageReadException.class,
            () -> reader.withNpzKeys("third").read(ImageSource.of(IoFixtures.path("two.npz"))));
    assertTrue(e.getMessage().contains("third"), e.getMessage());
  }

  @Test
  void writerRoundTripsEveryDtypeLosslessly() throws Exception {
    for (DType t : DType.values()) {
      for (int channels : new int[] {1, 3}) {
        int n = channels * 4 * 3 * 2;
        Object data = t.allocate(n);
        for (int i = 0; i < n; i++) {
          Volume.store(data, t, i, t.isSigned() ? i - 7.5 : i * 3);
        }
        Volume v = Volume.wrap(data, t, new int[] {channels, 4, 3, 2}, Affine.identity());
        for (String name : new String[] {"x.npy", "x.npz"}) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          NumpyWriter.create().write(v, name, out);
          Volume back = reader.read(ImageSource.of(name, out.toByteArray()));
          assertTrue(back.sameVoxels(v), t + " " + channels + " " + name);
        }
      }
    }
  }

  private static byte[] npy(String dict, int dataBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(NpyHeader.MAGIC);
    out.write(1);
    out.write(0);
    byte[] h = dict.getBytes(StandardCharsets.ISO_8859_1);
    out.write(h.length & 0xFF);
    out.write(h.length >> 8);
    out.writeBytes(h);
    out.writeBytes(new byte[dataBytes]);
    return out.toByteArray();
  }

  private ImageReadException fails(byte[] bytes) {
    return assertThrows(
        ImageReadException.class, () -> reader.read(ImageSource.of("bad.npy", bytes)));
  }

  @Test
  void hostileFilesAreTypedErrorsNamingTheFile() {
    ImageReadException magic = fails("not numpy at all".getBytes(StandardCharsets.UTF_8));
    assertTrue(magic.getMessage().startsWith("bad.npy: no NPY magic"), magic.getMessage());

    ImageReadException truncated =
        fails(npy("{'descr': '<i2', 'fortran_order': False, 'shape': (10, 10), }", 50));
    assertTrue(truncated.getMessage().contains("file truncated"), truncated.getMessage());

    ImageReadException absurd =
        fails(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000, 100000), }", 8));
    assertTrue(absurd.getMessage().contains("over the limit"), absurd.getMessage());

    ImageReadException negative =
        fails(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-3, 4), }", 8));
    assertTrue(negative.getMessage().contains("negative"), negative.getMessage());

    ImageReadException structured =
        fails(npy("{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (3,), }", 12));
    assertTrue(structured.getMessage().contains("structured"), structured.getMessage());

    ImageReadException complex =
        fails(npy("{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }", 24));
    assertTrue(complex.getMessage().contains("'<c8' is not supported"), complex.getMessage());

    byte[] lying = npy("{'descr': '<i2', 'fortran_order': False, 'shape': (2,), }", 4);
    lying[8] = (byte) 0xFF;
    lying[9] = (byte) 0x7F;
    ImageReadException header = fails(lying);
    assertTrue(header.getMessage().contains("header claims 32767 bytes"), header.getMessage());
  }

  @Test
  void voxelCapIsConfigurable() {
    byte[] ok = npy("{'descr': '<i2', 'fortran_order': False, 'shape': (10, 10), }", 200);
    ImageReadException e =
        assertThrows(
            ImageReadException.class,
            () -> reader.read(ImageSource.of("cap.npy", ok), ReadLimits.DEFAULT.withMaxVoxels(99)));
    assertTrue(e.getMessage().contains("over the limit of 99"), e.getMessage());
  }
}
