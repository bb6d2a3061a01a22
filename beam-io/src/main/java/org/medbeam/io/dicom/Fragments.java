package org.medbeam.io.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.medbeam.io.ReadLimits;

/**
 * Encapsulated pixel data (PS3.5 A.4): the basic offset table item, then one item per fragment,
 * closed by a sequence delimiter. Groups fragments into frames by the basic or extended offset
 * table, one fragment per frame, or frame-start markers (JPEG SOI, JPEG 2000 SOC) — and rejects
 * offset tables and fragment lengths that do not add up.
 */
final class Fragments {
  enum Kind {
    RLE,
    JPEG,
    J2K
  }

  private static final long UNDEFINED = 0xFFFFFFFFL;
  private static final int EXTENDED_OFFSET_TABLE = 0x7FE00001;
  private static final int EXTENDED_OFFSET_TABLE_LENGTHS = 0x7FE00002;

  private Fragments() {}

  /** Reads every fragment from the stream positioned at the pixel data value; returns frames. */
  static List<byte[]> read(DicomStreamReader r, DicomFile header, PixelModule pm,
      ReadLimits limits, Kind kind) throws IOException {
    DicomInput in = r.input();
    String file = header.source();
    boolean saved = in.bigEndian();
    in.bigEndian(false); // encapsulated data is always little endian
    try {
      long first = in.position();
      int tag = in.tag("basic offset table item");
      long botLen = in.u32("basic offset table length");
      if (tag != Tags.ITEM) {
        throw new DicomParseException(file, "encapsulated pixel data at byte " + first
            + " must start with the basic offset table item (FFFE,E000), found "
            + Tags.toString(tag));
      }
      if (botLen == UNDEFINED || botLen % 4 != 0) {
        throw new DicomParseException(file, "basic offset table length " + botLen
            + " is not a multiple of 4");
      }
      in.checkLength(botLen, "basic offset table");
      long[] bot = new long[(int) (botLen / 4)];
      for (int i = 0; i < bot.length; i++) {
        bot[i] = in.u32le("basic offset table");
      }
      List<byte[]> fragments = new ArrayList<>();
      List<Long> starts = new ArrayList<>();
      long base = in.position();
      long total = 0;
      while (true) {
        if (in.atEnd()) {
          throw new DicomParseException(file, "encapsulated pixel data never closes: end of file "
              + "at byte " + in.position() + " before the sequence delimiter (FFFE,E0DD)");
        }
        long at = in.position();
        int t = in.tag("fragment item");
        long len = in.u32("fragment length");
        if (t == Tags.SEQUENCE_DELIMITATION_ITEM) {
          break;
        }
        if (t != Tags.ITEM) {
          throw new DicomParseException(file, "expected a fragment item (FFFE,E000) at byte " + at
              + ", found " + Tags.toString(t));
        }
        if (len == UNDEFINED) {
          throw new DicomParseException(file, "fragment " + (fragments.size() + 1)
              + " at byte " + at + " has undefined length");
        }
        total += len;
        if (total > limits.maxDecodedBytes()) {
          throw new DicomParseException(file, "encapsulated pixel data exceeds "
              + limits.maxDecodedBytes() + " bytes");
        }
        starts.add(at - base);
        fragments.add(in.bytes(len, "fragment " + (fragments.size() + 1)));
      }
      if (fragments.isEmpty()) {
        throw new DicomParseException(file, "encapsulated pixel data holds no fragments");
      }
      return frames(header, pm, kind, bot, fragments, starts, base);
    } finally {
      in.bigEndian(saved);
    }
  }

  private static List<byte[]> frames(DicomFile header, PixelModule pm, Kind kind, long[] bot,
      List<byte[]> fragments, List<Long> starts, long base) throws DicomParseException {
    String file = header.source();
    int nFrames = pm.frames();
    int n = fragments.size();
    List<byte[]> frames = new ArrayList<>(nFrames);
    if (nFrames == 1) {
      frames.add(concat(fragments, 0, n));
      return frames;
    }
    long[] offsets = bot;
    if (offsets.length == 0) {
      double[] eot = header.dataset().getDoubles(EXTENDED_OFFSET_TABLE);
      if (eot != null && eot.length > 0) {
        offsets = new long[eot.length];
        for (int i = 0; i < eot.length; i++) {
          offsets[i] = (long) eot[i];
        }
        if (header.dataset().getDoubles(EXTENDED_OFFSET_TABLE_LENGTHS) == null) {
          throw new DicomParseException(file, "extended offset table without its lengths "
              + "(7FE0,0002)");
        }
      }
    }
    if (offsets.length > 0) {
      if (offsets.length != nFrames) {
        throw new DicomParseException(file, "the offset table lists " + offsets.length
            + " frames but NumberOfFrames is " + nFrames);
      }
      int[] firstFragment = new int[nFrames + 1];
      int k = 0;
      for (int f = 0; f < nFrames; f++) {
        if (f > 0 && offsets[f] <= offsets[f - 1]) {
          throw new DicomParseException(file, "offset table entry " + (f + 1) + " ("
              + offsets[f] + ") does not increase — offsets lie");
        }
        while (k < n && starts.get(k) < offsets[f]) {
          k++;
        }
        if (k == n || starts.get(k) != offsets[f]) {
          throw new DicomParseException(file, "offset table entry " + (f + 1) + " ("
              + offsets[f] + ") does not point at a fragment start — offsets or fragment "
              + "lengths lie");
        }
        firstFragment[f] = k;
      }
      firstFragment[nFrames] = n;
      for (int f = 0; f < nFrames; f++) {
        frames.add(concat(fragments, firstFragment[f], firstFragment[f + 1]));
      }
      return frames;
    }
    if (n == nFrames) {
      frames.addAll(fragments);
      return frames;
    }
    if (n < nFrames) {
      throw new DicomParseException(file, n + " fragment(s) cannot hold " + nFrames + " frames");
    }
    if (kind == Kind.RLE) {
      throw new DicomParseException(file, n + " RLE fragments for " + nFrames
          + " frames and no offset table: frame boundaries unknown");
    }
    // no table, more fragments than frames: a frame starts at each JPEG SOI / JPEG 2000 SOC
    int start = -1;
    for (int i = 0; i < n; i++) {
      if (startsFrame(fragments.get(i), kind)) {
        if (start >= 0) {
          frames.add(concat(fragments, start, i));
        }
        start = i;
      } else if (start < 0) {
        throw new DicomParseException(file, "first fragment does not start a "
            + (kind == Kind.JPEG ? "JPEG (SOI)" : "JPEG 2000 (SOC)") + " code stream");
      }
    }
    frames.add(concat(fragments, start, n));
    if (frames.size() != nFrames) {
      throw new DicomParseException(file, "found " + frames.size() + " code streams in " + n
          + " fragments but NumberOfFrames is " + nFrames);
    }
    return frames;
  }

  private static boolean startsFrame(byte[] f, Kind kind) {
    if (f.length < 4) {
      return false;
    }
    int b0 = f[0] & 0xFF;
    int b1 = f[1] & 0xFF;
    if (kind == Kind.JPEG) {
      return b0 == 0xFF && b1 == 0xD8;
    }
    // J2K code stream (SOC + SIZ) or JP2 signature box
    return (b0 == 0xFF && b1 == 0x4F && (f[2] & 0xFF) == 0xFF && (f[3] & 0xFF) == 0x51)
        || (b0 == 0 && b1 == 0 && (f[2] & 0xFF) == 0 && (f[3] & 0xFF) == 0x0C);
  }

  private static byte[] concat(List<byte[]> fragments, int from, int to) {
    if (to - from == 1) {
      return fragments.get(from);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = from; i < to; i++) {
      out.writeBytes(fragments.get(i));
    }
    return out.toByteArray();
  }
}
