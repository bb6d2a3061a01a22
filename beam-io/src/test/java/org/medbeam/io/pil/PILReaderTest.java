package org.medbeam.io.pil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageSource;
import org.medbeam.io.IoFixtures;

/**
 * Values pinned to PIL 9.4's {@code np.asarray(Image.open(f))}, laid out as MONAI's PILReader +
 * EnsureChannelFirst give them, (C, W, H) (io_reference.json, make_io_fixtures.py).
 */
class PILReaderTest {
  private final PILReader reader = PILReader.create();

  @ParameterizedTest
  @ValueSource(strings = {"grey8.png", "grey16.png", "rgb.png", "rgb.bmp", "rgba.png", "palette.png"})
  void losslessFormatsReadExactly(String file) throws Exception {
    IoFixtures.assertMatches(file, reader.read(ImageSource.of(IoFixtures.path(file))), 0);
  }

  @Test
  void jpegDecodesWithinIdctRounding() throws Exception {
    // libjpeg (PIL) and Java's decoder may round the inverse DCT differently by a grey level
    IoFixtures.assertMatches("grey.jpg", reader.read(ImageSource.of(IoFixtures.path("grey.jpg"))), 2);
  }

  @Test
  void writerRoundTripsGreyRgbAnd16Bit() throws Exception {
    for (String f : new String[] {"grey8.png", "grey16.png", "rgb.png", "rgba.png"}) {
      Volume v = reader.read(ImageSource.of(IoFixtures.path(f)));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PILWriter.create().write(v, "x.png", out);
      Volume back = reader.read(ImageSource.of("x.png", out.toByteArray()));
      assertTrue(back.sameVoxels(v), f);
    }
    Volume rgb = reader.read(ImageSource.of(IoFixtures.path("rgb.png")));
    ByteArrayOutputStream bmp = new ByteArrayOutputStream();
    PILWriter.create().write(rgb, "x.bmp", bmp);
    assertTrue(reader.read(ImageSource.of("x.bmp", bmp.toByteArray())).sameVoxels(rgb));
  }

  @Test
  void scaleMapsUnitIntervalAsMonai() throws Exception {
    // MONAI PILWriter: clip to [0, 1], multiply by scale, truncate to uint8
    Volume v = Volume.of(new float[] {-0.5f, 0f, 0.5f, 1f, 2f, 0.999f}, 1, 3, 2);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PILWriter.create().withScale(255).write(v, "s.png", out);
    Volume back = reader.read(ImageSource.of("s.png", out.toByteArray()));
    assertArrayEquals(new byte[] {0, 0, 127, (byte) 255, (byte) 255, (byte) 254}, back.bytes());
  }

  @Test
  void valuesThatDoNotFitAreRefusedNotClipped() {
    Volume ct = Volume.wrap(new short[] {-1000, 40, 3000, 0}, DType.INT16, new int[] {1, 2, 2}, Affine.identity());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PILWriter.create().write(ct, "ct.png", new ByteArrayOutputStream()));
    assertTrue(e.getMessage().contains("values span [-1000.0, 3000.0]"), e.getMessage());
    Volume threeD = Volume.of(new float[8], 1, 2, 2, 2);
    assertThrows(
        IllegalArgumentException.class,
        () -> PILWriter.create().write(threeD, "x.png", new ByteArrayOutputStream()));
  }

  @Test
  void garbageIsATypedError() {
    ImageReadException e =
        assertThrows(
            ImageReadException.class,
            () -> reader.read(ImageSource.of("junk.png", new byte[] {1, 2, 3, 4, 5})));
    assertTrue(e.getMessage().startsWith("junk.png: "), e.getMessage());
    byte[] png = new byte[40];
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    System.arraycopy(sig, 0, png, 0, sig.length);
    assertThrows(ImageReadException.class, () -> reader.read(ImageSource.of("trunc.png", png)));
  }

  @Test
  void shapeIsWidthFirst() throws Exception {
    Volume v = reader.read(ImageSource.of(IoFixtures.path("rgb.png")));
    assertArrayEquals(new int[] {3, 7, 5}, v.shape());
    assertEquals("png", v.meta().getString("format"));
  }
}
