package org.medbeam.io.dicom;

import java.io.Serializable;
import org.medbeam.core.DType;

/**
 * The red, green and blue palette colour lookup tables of a PALETTE COLOR image (PS3.3
 * C.7.6.3.1.5-6), applied as pydicom's {@code apply_color_lut} does: index = stored value minus
 * the first mapped value, clipped to the table; output uint8 when the table data hold one byte
 * per entry, uint16 when two (pydicom's rule; the descriptor's bit count is only checked).
 */
final class PaletteLut implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[][] tables;
  private final int firstMapped;
  private final int bits;

  private PaletteLut(int[][] tables, int firstMapped, int bits) {
    this.tables = tables;
    this.firstMapped = firstMapped;
    this.bits = bits;
  }

  static PaletteLut of(DicomDataset ds, String file) throws DicomParseException {
    if (ds.contains(Tags.SEGMENTED_RED_PALETTE_LUT_DATA)) {
      throw new DicomParseException(file,
          "segmented palette colour lookup tables (0028,1221-1223) are not supported");
    }
    int[] descTags = {Tags.RED_PALETTE_LUT_DESCRIPTOR, Tags.GREEN_PALETTE_LUT_DESCRIPTOR,
        Tags.BLUE_PALETTE_LUT_DESCRIPTOR};
    int[] dataTags = {Tags.RED_PALETTE_LUT_DATA, Tags.GREEN_PALETTE_LUT_DATA,
        Tags.BLUE_PALETTE_LUT_DATA};
    String[] names = {"red", "green", "blue"};
    int[][] tables = new int[3][];
    int first = 0;
    int bits = 16;
    for (int c = 0; c < 3; c++) {
      byte[] rawDesc = ds.getBytes(descTags[c]);
      if (rawDesc == null || rawDesc.length < 6) {
        throw new DicomParseException(file, "PALETTE COLOR image lacks the " + names[c]
            + " palette LUT descriptor " + Tags.toString(descTags[c]));
      }
      int entries = u16(rawDesc, 0, ds.bigEndian());
      if (entries == 0) {
        entries = 65536;
      }
      // the first mapped value is US or SS; its bit pattern read as the pixel type reads it
      int firstRaw = u16(rawDesc, 2, ds.bigEndian());
      boolean signed = ds.getInt(Tags.PIXEL_REPRESENTATION, 0) == 1;
      first = signed ? (short) firstRaw : firstRaw;
      bits = u16(rawDesc, 4, ds.bigEndian());
      if (bits != 8 && bits != 16) {
        throw new DicomParseException(file, names[c] + " palette LUT has " + bits
            + " bits per entry (8 or 16 supported)");
      }
      byte[] data = ds.getBytes(dataTags[c]);
      if (data == null) {
        throw new DicomParseException(file, "PALETTE COLOR image lacks the " + names[c]
            + " palette LUT data " + Tags.toString(dataTags[c]));
      }
      int[] t = new int[entries];
      // as pydicom: the entry size is what the data holds per entry (an 8-bit descriptor with
      // one 16-bit word per entry gives 16-bit entries)
      if (data.length == entries * 2L) {
        bits = 16;
        for (int i = 0; i < entries; i++) {
          t[i] = u16(data, 2 * i, ds.bigEndian());
        }
      } else if (data.length == entries || data.length == entries + 1) {
        bits = 8;
        for (int i = 0; i < entries; i++) {
          t[i] = data[i] & 0xFF;
        }
      } else {
        throw new DicomParseException(file, names[c] + " palette LUT data holds " + data.length
            + " bytes for " + entries + " entries (expected " + entries + " or " + 2 * entries
            + ")");
      }
      tables[c] = t;
    }
    return new PaletteLut(tables, first, bits);
  }

  private static int u16(byte[] b, int off, boolean bigEndian) {
    return bigEndian
        ? ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF)
        : (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8);
  }

  DType dtype() {
    return bits == 8 ? DType.UINT8 : DType.UINT16;
  }

  /** The entry of table {@code channel} for stored value {@code v}. */
  int lookup(int channel, int v) {
    int[] t = tables[channel];
    int i = v - firstMapped;
    if (i < 0) {
      i = 0;
    } else if (i >= t.length) {
      i = t.length - 1;
    }
    return t[i];
  }
}
