package org.medbeam.io.dicom;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * Writes DICOM Part 10 files in Explicit VR Little Endian with native pixel data: the 128-byte
 * preamble, {@code DICM}, a file meta group built from the data set's SOP Class/Instance UIDs,
 * then the data set. Sequences and items are written with undefined length and delimiters; group
 * lengths other than the meta group's are dropped (retired). Odd values are padded (space for
 * text, NUL for UI and binary) as PS3.5 7.1.1 requires. Enough to build synthetic archives that
 * {@code dcmdump}, {@code dcm2niix} and pydicom read.
 */
public final class DicomWriter {
  /** medbeam's implementation class UID: a UUID-derived UID (PS3.5 B.2) fixed for medbeam. */
  public static final String IMPLEMENTATION_CLASS_UID = uidFromName("org.medbeam.io.dicom");

  public static final String IMPLEMENTATION_VERSION_NAME = "MEDBEAM_010";

  private DicomWriter() {}

  /** A fresh UUID-derived UID ({@code 2.25.<128-bit decimal>}). */
  public static String newUid() {
    return uuidToUid(UUID.randomUUID());
  }

  /** A deterministic UUID-derived UID for a name (same name, same UID): for synthetic data. */
  public static String uidFromName(String name) {
    return uuidToUid(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
  }

  private static String uuidToUid(UUID u) {
    BigInteger hi = BigInteger.valueOf(u.getMostSignificantBits()).and(mask64());
    BigInteger lo = BigInteger.valueOf(u.getLeastSignificantBits()).and(mask64());
    return "2.25." + hi.shiftLeft(64).or(lo);
  }

  private static BigInteger mask64() {
    return BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  }

  /** Writes {@code ds} as a Part 10 file at {@code path}. */
  public static void write(DicomDataset ds, Path path) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
      write(ds, out);
    }
  }

  /** Writes {@code ds} as a Part 10 stream; does not close {@code out}. */
  public static void write(DicomDataset ds, OutputStream out) throws IOException {
    String sopClass = ds.getString(Tags.SOP_CLASS_UID);
    String sopInstance = ds.getString(Tags.SOP_INSTANCE_UID);
    if (sopClass == null || sopInstance == null) {
      throw new IllegalArgumentException("a Part 10 file needs SOPClassUID (0008,0016) and "
          + "SOPInstanceUID (0008,0018) in the data set; missing "
          + (sopClass == null ? "SOPClassUID" : "SOPInstanceUID"));
    }
    DicomDataset meta = new DicomDataset();
    meta.setBytes(Tags.FILE_META_INFORMATION_VERSION, VR.OB, new byte[] {0, 1});
    meta.setString(Tags.MEDIA_STORAGE_SOP_CLASS_UID, VR.UI, sopClass);
    meta.setString(Tags.MEDIA_STORAGE_SOP_INSTANCE_UID, VR.UI, sopInstance);
    meta.setString(Tags.TRANSFER_SYNTAX_UID, VR.UI,
        TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN_UID);
    meta.setString(Tags.IMPLEMENTATION_CLASS_UID, VR.UI, IMPLEMENTATION_CLASS_UID);
    meta.setString(Tags.IMPLEMENTATION_VERSION_NAME, VR.SH, IMPLEMENTATION_VERSION_NAME);
    ByteArrayOutputStream metaBytes = new ByteArrayOutputStream(256);
    writeElements(meta, metaBytes);
    out.write(new byte[128]);
    out.write(new byte[] {'D', 'I', 'C', 'M'});
    byte[] header = new byte[12];
    writeTag(header, 0, Tags.FILE_META_INFORMATION_GROUP_LENGTH);
    header[4] = 'U';
    header[5] = 'L';
    header[6] = 4;
    header[7] = 0;
    writeIntLe(header, 8, metaBytes.size());
    out.write(header);
    metaBytes.writeTo(out);
    writeElements(ds, out);
  }

  /** Writes the elements of a data set (no group lengths except group 0002's). */
  static void writeElements(DicomDataset ds, OutputStream out) throws IOException {
    byte[] head = new byte[12];
    for (int i = 0; i < ds.size(); i++) {
      int tag = ds.tagAt(i);
      if (Tags.element(tag) == 0 && Tags.group(tag) != 0x0002) {
        continue;
      }
      VR vr = ds.vrAt(i);
      Object value = ds.valueAt(i);
      writeTag(head, 0, tag);
      head[4] = (byte) vr.name().charAt(0);
      head[5] = (byte) vr.name().charAt(1);
      if (value instanceof List) {
        head[6] = 0;
        head[7] = 0;
        writeIntLe(head, 8, -1);
        out.write(head, 0, 12);
        for (Object item : (List<?>) value) {
          writeTag(head, 0, Tags.ITEM);
          writeIntLe(head, 4, -1);
          out.write(head, 0, 8);
          writeElements((DicomDataset) item, out);
          writeTag(head, 0, Tags.ITEM_DELIMITATION_ITEM);
          writeIntLe(head, 4, 0);
          out.write(head, 0, 8);
        }
        writeTag(head, 0, Tags.SEQUENCE_DELIMITATION_ITEM);
        writeIntLe(head, 4, 0);
        out.write(head, 0, 8);
        continue;
      }
      if (!(value instanceof byte[])) {
        throw new IllegalArgumentException(Tags.describe(tag)
            + " was skipped as bulk data when read and cannot be written; read the file with "
            + "DicomFile.Options.DEFAULT.withBulkDataThreshold(-1)");
      }
      byte[] raw = (byte[]) value;
      if (ds.bigEndian()) {
        raw = swapToLittleEndian(raw, vr);
      }
      int len = raw.length + (raw.length & 1);
      if (vr.hasLongLength()) {
        head[6] = 0;
        head[7] = 0;
        writeIntLe(head, 8, len);
        out.write(head, 0, 12);
      } else {
        if (len > 0xFFFF) {
          throw new IllegalArgumentException(Tags.describe(tag) + " holds " + len
              + " bytes, more than VR " + vr + " can in explicit VR (65534)");
        }
        head[6] = (byte) len;
        head[7] = (byte) (len >>> 8);
        out.write(head, 0, 8);
      }
      out.write(raw);
      if ((raw.length & 1) == 1) {
        out.write(vr.padding());
      }
    }
  }

  private static byte[] swapToLittleEndian(byte[] raw, VR vr) {
    int w = vr == VR.AT ? 2 : vr.valueBytes();
    if (vr.isString() || w <= 1) {
      return raw;
    }
    byte[] out = raw.clone();
    for (int i = 0; i + w <= out.length; i += w) {
      for (int a = i, b = i + w - 1; a < b; a++, b--) {
        byte t = out[a];
        out[a] = out[b];
        out[b] = t;
      }
    }
    return out;
  }

  private static void writeTag(byte[] b, int off, int tag) {
    int g = Tags.group(tag);
    int e = Tags.element(tag);
    b[off] = (byte) g;
    b[off + 1] = (byte) (g >>> 8);
    b[off + 2] = (byte) e;
    b[off + 3] = (byte) (e >>> 8);
  }

  private static void writeIntLe(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }

  // ------------------------------------------------------------------------- pixel helpers

  /** Sets (7FE0,0010) to 16-bit native pixels (OW, little endian), in the order given. */
  public static void setPixelData(DicomDataset ds, short[] pixels) {
    byte[] b = new byte[pixels.length * 2];
    for (int i = 0; i < pixels.length; i++) {
      b[2 * i] = (byte) pixels[i];
      b[2 * i + 1] = (byte) (pixels[i] >>> 8);
    }
    ds.setBytes(Tags.PIXEL_DATA, VR.OW, b);
  }

  /** Sets (7FE0,0010) to 8-bit native pixels (OB). */
  public static void setPixelData(DicomDataset ds, byte[] pixels) {
    ds.setBytes(Tags.PIXEL_DATA, VR.OB, pixels.clone());
  }

  /** Sets (7FE0,0010) to 32-bit native pixels (OW holding 32-bit words, little endian). */
  public static void setPixelData(DicomDataset ds, int[] pixels) {
    byte[] b = new byte[pixels.length * 4];
    for (int i = 0; i < pixels.length; i++) {
      writeIntLe(b, 4 * i, pixels[i]);
    }
    ds.setBytes(Tags.PIXEL_DATA, VR.OW, b);
  }
}
