package org.medbeam.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageSource;

/**
 * Deflated data sets (hand-built here: PS3.5 A.5, raw deflate after the file meta) — an element
 * that inflates to 64 MiB of zeros is skipped, never held; a 2 x 2 image after it decodes.
 */
class DicomBombTest {
  private static byte[] element(int group, int elem, String vr, byte[] value) {
    boolean longForm = vr.equals("OB") || vr.equals("OW") || vr.equals("UN");
    ByteBuffer b = ByteBuffer.allocate(12 + value.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) group).putShort((short) elem).put(vr.getBytes(StandardCharsets.US_ASCII));
    if (longForm) {
      b.putShort((short) 0).putInt(value.length);
    } else {
      b.putShort((short) value.length);
    }
    b.put(value);
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private static byte[] us(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8)};
  }

  private static byte[] text(String s) {
    String t = s.length() % 2 == 1 ? s + (s.startsWith("1.") ? "\0" : " ") : s;
    return t.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void deflateBombIsSkippedAndTheImageStillDecodes() throws Exception {
    ByteArrayOutputStream meta = new ByteArrayOutputStream();
    meta.writeBytes(element(2, 0x10, "UI",
        text(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN_UID)));
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.writeBytes(new byte[128]);
    file.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer gl = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(meta.size());
    file.writeBytes(element(2, 0, "UL", gl.array()));
    meta.writeTo(file);
    Deflater d = new Deflater(9, true);
    try (DeflaterOutputStream z = new DeflaterOutputStream(file, d)) {
      z.write(element(8, 0x60, "CS", text("OT")));
      // (0009,1001) OB: 64 MiB of zeros, a few hundred KB once deflated
      ByteBuffer h = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      h.putShort((short) 9).putShort((short) 0x1001)
          .put("OB".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0).putInt(64 << 20);
      z.write(h.array());
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        z.write(zeros);
      }
      z.write(element(0x28, 2, "US", us(1)));
      z.write(element(0x28, 4, "CS", text("MONOCHROME2")));
      z.write(element(0x28, 0x10, "US", us(2)));
      z.write(element(0x28, 0x11, "US", us(2)));
      z.write(element(0x28, 0x100, "US", us(16)));
      z.write(element(0x28, 0x101, "US", us(16)));
      z.write(element(0x28, 0x102, "US", us(15)));
      z.write(element(0x28, 0x103, "US", us(1)));
      z.write(element(0x7FE0, 0x10, "OW",
          new byte[] {1, 0, 2, 0, (byte) 0xFD, (byte) 0xFF, 4, 0}));
    }
    byte[] bytes = file.toByteArray();
    assertTrue(bytes.length < (4 << 20), "deflated to " + bytes.length);
    ImageSource src = ImageSource.of("bomb.dcm", bytes);
    DicomFile h = DicomFile.readHeader(src);
    assertEquals(TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, h.transferSyntax());
    BulkData bulk = h.dataset().getBulkData(0x00091001);
    assertNotNull(bulk, "the 64 MiB value must be skipped, not read");
    assertEquals(64L << 20, bulk.length());
    Volume v = new DicomFileReader().read(src);
    // int16 values 1, 2, -3, 4 in a 2 x 2 frame
    assertArrayEquals(new short[] {1, 2, -3, 4}, v.shorts());
    // cut the stream short: a typed failure, not an out-of-memory
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThrows(DicomParseException.class,
        () -> new DicomFileReader().read(ImageSource.of("cut.dcm", cut)));
  }
}
