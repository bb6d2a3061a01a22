package org.medbeam.io.dicom;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.medbeam.io.ImageSource;

/**
 * The PS3.10 / PS3.5 parser: preamble and file meta, then the data set in the transfer syntax the
 * meta names (implicit or explicit VR, little or big endian, deflated), sequences of defined and
 * undefined length nested to {@link DicomFile.Options#maxDepth()}. It always stops at top-level
 * pixel data and leaves the stream positioned at its value, so a header scan never reads pixels
 * and a pixel read decodes straight from the stream.
 *
 * <p>Every length is checked against the bytes left before anything is allocated; a stream that
 * ends inside an element, an item that overruns its sequence or a sequence that never closes is
 * a {@link DicomParseException} naming the file, the byte offset and the element.
 */
final class DicomStreamReader implements Closeable {
  private static final long UNDEFINED = 0xFFFFFFFFL;
  private static final int BUFFER = 1 << 15;

  private final DicomInput in;
  private final DicomFile.Options options;
  private final String file;
  private final DicomDictionary dict = DicomDictionary.standard();
  private boolean explicitVr;

  private DicomStreamReader(String file, InputStream stream, FileChannel channel, long size,
      DicomFile.Options options) {
    this.file = file;
    this.options = options;
    this.in = new DicomInput(file, stream, channel, size, BUFFER);
  }

  /**
   * Opens a source. Local files are read through a {@link FileChannel}, so large pixel values
   * can go from the page cache into a direct buffer without another copy.
   */
  static DicomStreamReader open(ImageSource source, DicomFile.Options options) throws IOException {
    InputStream s;
    FileChannel channel = null;
    try {
      if (source.localPath() != null) {
        channel = FileChannel.open(source.localPath(), StandardOpenOption.READ);
        s = Channels.newInputStream(channel);
      } else {
        s = source.open();
      }
    } catch (IOException e) {
      if (channel != null) {
        channel.close();
      }
      throw new DicomParseException(source.name(), "cannot open: " + e.getMessage(), e);
    }
    return new DicomStreamReader(source.name(), s, channel, source.size(), options);
  }

  DicomInput input() {
    return in;
  }

  String file() {
    return file;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private DicomParseException error(String reason) {
    return new DicomParseException(file, reason);
  }

  // ------------------------------------------------------------------------------ header

  /** Reads preamble, file meta and the data set up to (not into) top-level pixel data. */
  DicomFile readHeader() throws IOException {
    boolean preamble = false;
    DicomDataset meta = DicomDataset.withByteOrder(false);
    if (in.peek(131) >= 0 && in.peek(128) == 'D' && in.peek(129) == 'I' && in.peek(130) == 'C'
        && in.peek(131) == 'M') {
      preamble = true;
      in.skip(132, "preamble");
    }
    in.bigEndian(false);
    if (peekGroupLe() == 0x0002) {
      readFileMeta(meta);
    } else if (preamble) {
      // 'DICM' but no group 0002: some writers do this; the data set follows directly
    }
    String tsUid = meta.getString(Tags.TRANSFER_SYNTAX_UID);
    TransferSyntax ts;
    if (tsUid == null) {
      ts = guessTransferSyntax(preamble || !meta.isEmpty());
    } else {
      ts = TransferSyntax.of(tsUid);
    }
    if (ts.deflated()) {
      in.startInflating();
    }
    in.bigEndian(ts.bigEndian());
    explicitVr = ts.explicitVr();
    DicomDataset ds = DicomDataset.withByteOrder(ts.bigEndian());
    DicomFile.PixelDataInfo[] pixel = new DicomFile.PixelDataInfo[1];
    try {
      readElements(ds, -1, false, 0, explicitVr, pixel, "data set");
    } catch (StackOverflowError e) {
      throw error("data set nests too deep to parse");
    }
    ds.resolveAmbiguousVrs(ds.getInt(Tags.PIXEL_REPRESENTATION, 0) == 1);
    return new DicomFile(file, meta, ds, ts, pixel[0], preamble);
  }

  private int peekGroupLe() throws IOException {
    int b0 = in.peek(0);
    int b1 = in.peek(1);
    return b0 < 0 || b1 < 0 ? -1 : b0 | (b1 << 8);
  }

  private void readFileMeta(DicomDataset meta) throws IOException {
    boolean saved = explicitVr;
    explicitVr = true;
    while (peekGroupLe() == 0x0002) {
      long start = in.position();
      int tag = in.tag("file meta element");
      int code = in.rawU16be("file meta VR");
      VR vr = VR.fromCode(code);
      long len;
      if (vr == null) {
        // implicit VR file meta (non-conformant, but seen): 4-byte length
        in.unread(2);
        len = in.u32("file meta length");
        vr = dict.implicitVr(tag);
      } else if (vr.hasLongLength()) {
        in.skip(2, "reserved bytes");
        len = in.u32("file meta length");
      } else {
        len = in.u16("file meta length");
      }
      if (len == UNDEFINED) {
        throw error("file meta element " + Tags.describe(tag) + " at byte " + start
            + " has undefined length");
      }
      meta.put(tag, vr, in.bytes(len, "file meta element " + Tags.describe(tag)));
    }
    explicitVr = saved;
  }

  /**
   * No transfer syntax in the meta (or no meta): implicit VR little endian as pydicom and DCMTK
   * assume, unless the first element carries an explicit VR. A first element that is not a
   * plausible DICOM element means the file is not DICOM.
   */
  private TransferSyntax guessTransferSyntax(boolean sawDicomMarkers) throws IOException {
    if (!in.has(8)) {
      throw error("not a DICOM file: " + (sawDicomMarkers ? "no data set after the file meta"
          : "too short and no 'DICM' marker at byte 128"));
    }
    int group = in.peek(0) | (in.peek(1) << 8);
    int vr0 = in.peek(4);
    int vr1 = in.peek(5);
    boolean explicit = VR.fromCode((vr0 << 8) | vr1) != null;
    if (!sawDicomMarkers) {
      long len = explicit ? -1
          : (in.peek(4) | (in.peek(5) << 8) | (in.peek(6) << 16) | ((long) in.peek(7) << 24));
      boolean plausibleGroup = (group & 1) == 0 && group >= 0x0008 && group <= 0x0028;
      if (!plausibleGroup || (!explicit && len > in.remaining() - 8 && len != UNDEFINED)) {
        throw error("not a DICOM file: no 'DICM' marker at byte 128 and the first bytes are not a "
            + "DICOM element");
      }
    }
    return explicit ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
        : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
  }

  // ------------------------------------------------------------------------------ elements

  /**
   * Reads elements into {@code ds} until {@code end} (defined length), an item delimiter
   * ({@code undefinedItem}) or the end of the stream (top level), stopping at top-level pixel
   * data.
   */
  private void readElements(DicomDataset ds, long end, boolean undefinedItem, int depth,
      boolean explicit, DicomFile.PixelDataInfo[] pixel, Object where) throws IOException {
    while (true) {
      if (end >= 0) {
        long p = in.position();
        if (p == end) {
          return;
        }
        if (p > end) {
          throw error(where + " ends at byte " + end + " but its last element runs to byte " + p
              + " — lengths inconsistent");
        }
      }
      if (in.atEnd()) {
        if (undefinedItem) {
          throw error(where + " never closes: end of file at byte " + in.position()
              + " before its item delimiter");
        }
        if (end >= 0) {
          throw error(where + " should run to byte " + end + " but the file ends at byte "
              + in.position() + " — file truncated");
        }
        return;
      }
      long start = in.position();
      if (depth == 0 && !in.has(4)) {
        // a stray byte or two of padding at the very end (seen in real files): ignore
        in.skip(in.remaining() == Long.MAX_VALUE ? 1 : in.remaining(), "trailing padding");
        return;
      }
      int tag = in.tag("element tag");
      if (tag == Tags.ITEM_DELIMITATION_ITEM) {
        in.u32("item delimiter length");
        if (undefinedItem) {
          return;
        }
        if (depth == 0) {
          continue; // stray delimiter at top level: DCMTK ignores it too
        }
        throw error("item delimiter at byte " + start + " inside " + where
            + " of defined length");
      }
      if (tag == Tags.SEQUENCE_DELIMITATION_ITEM) {
        in.u32("sequence delimiter length");
        if (depth == 0) {
          continue;
        }
        throw error("sequence delimiter at byte " + start + " inside " + where
            + " (item not closed)");
      }
      if (tag == Tags.ITEM) {
        throw error("item tag at byte " + start + " outside any sequence in " + where);
      }
      VR vr;
      long len;
      if (explicit) {
        int code = in.rawU16be(label("VR of ", tag));
        vr = VR.fromCode(code);
        if (vr != null) {
          if (vr.hasLongLength()) {
            in.skip(2, label("reserved bytes of ", tag));
            len = in.u32(label("length of ", tag));
          } else {
            len = in.u16(label("length of ", tag));
          }
        } else if (isUpper(code >> 8) && isUpper(code & 0xFF)) {
          // a VR newer than this dictionary: PS3.5 7.1.2 says 2 reserved bytes + 4-byte length
          in.skip(2, label("reserved bytes of ", tag));
          len = in.u32(label("length of ", tag));
          vr = VR.UN;
        } else {
          // an implicit-VR element in an explicit-VR data set (non-conformant writers)
          in.unread(2);
          len = in.u32(label("length of ", tag));
          vr = dict.implicitVr(tag);
        }
      } else {
        len = in.u32(label("length of ", tag));
        vr = dict.implicitVr(tag);
      }
      if (depth == 0 && Tags.isPixelData(tag)) {
        if (tag == Tags.PIXEL_DATA && !explicitVr) {
          vr = ds.getInt(Tags.BITS_ALLOCATED, 16) <= 8 ? VR.OB : VR.OW;
        }
        pixel[0] = new DicomFile.PixelDataInfo(tag, vr, in.position(),
            len == UNDEFINED ? -1 : len);
        return;
      }
      Object what = lazyText(() -> Tags.describe(tag));
      Object located = lazyText(() -> Tags.describe(tag) + " at byte " + start);
      if (len == UNDEFINED) {
        if (Tags.isPixelData(tag)) {
          // encapsulated pixel data inside an item (icon image): skip its fragments
          long valueStart = in.position();
          skipFragments(located);
          ds.put(tag, vr, new BulkData(valueStart, -1));
        } else if (vr == VR.UN) {
          // PS3.5 6.2.2: UN of undefined length is a sequence in implicit VR little endian
          ds.put(tag, VR.SQ, readSequence(ds, -1, depth + 1, false, located));
        } else {
          ds.put(tag, VR.SQ, readSequence(ds, -1, depth + 1, explicit, located));
        }
      } else if (vr == VR.SQ) {
        in.checkLength(len, located);
        ds.put(tag, VR.SQ, readSequence(ds, in.position() + len, depth + 1, explicit, located));
      } else {
        long threshold = options.bulkDataThreshold();
        if (threshold >= 0 && len > threshold && vr.isBulkCapable()) {
          long valueStart = in.position();
          in.skip(len, what);
          ds.put(tag, vr, new BulkData(valueStart, len));
        } else {
          ds.put(tag, vr, in.bytes(len, what));
        }
      }
    }
  }

  /**
   * A description of what is being read, for error messages only: every element and item needs
   * one, but formatting tags is costly, so the text is built only when an error is thrown.
   */
  private static Object lazyText(Supplier<String> text) {
    return new Object() {
      @Override
      public String toString() {
        return text.get();
      }
    };
  }

  private static Object label(String prefix, int tag) {
    return lazyText(() -> prefix + Tags.toString(tag));
  }

  private static boolean isUpper(int c) {
    return c >= 'A' && c <= 'Z';
  }

  private List<DicomDataset> readSequence(DicomDataset parent, long end, int depth,
      boolean explicit, Object what) throws IOException {
    if (depth > options.maxDepth()) {
      throw error("sequence " + what + " nests deeper than " + options.maxDepth()
          + " levels — file corrupt or hostile");
    }
    List<DicomDataset> items = new ArrayList<>();
    while (true) {
      if (end >= 0) {
        long p = in.position();
        if (p == end) {
          return items;
        }
        if (p > end) {
          throw error("sequence " + what + " should end at byte " + end
              + " but its items run to byte " + p + " — item lengths lie");
        }
      }
      if (in.atEnd()) {
        throw error("sequence " + what + (end < 0
            ? " never closes: end of file at byte " + in.position()
                + " before its sequence delimiter"
            : " should run to byte " + end + " but the file ends at byte " + in.position()));
      }
      long itemStart = in.position();
      int tag = in.tag(lazyText(() -> "item tag in " + what));
      long len = in.u32(lazyText(() -> "item length in " + what));
      if (tag == Tags.SEQUENCE_DELIMITATION_ITEM) {
        if (end < 0) {
          return items;
        }
        throw error("sequence delimiter at byte " + itemStart + " inside sequence " + what
            + " of defined length");
      }
      if (tag != Tags.ITEM) {
        throw error("expected an item (FFFE,E000) at byte " + itemStart + " in sequence " + what
            + ", found " + Tags.toString(tag));
      }
      DicomDataset item = DicomDataset.withByteOrder(in.bigEndian());
      item.setParent(parent);
      int itemNumber = items.size() + 1;
      Object itemWhere = lazyText(() -> "item " + itemNumber + " of sequence " + what);
      if (len == UNDEFINED) {
        readElements(item, -1, true, depth, explicit, null, itemWhere);
      } else {
        in.checkLength(len, itemWhere);
        readElements(item, in.position() + len, false, depth, explicit, null, itemWhere);
      }
      items.add(item);
    }
  }

  /** Skips the items of an encapsulated value up to and including its sequence delimiter. */
  private void skipFragments(Object what) throws IOException {
    while (true) {
      long at = in.position();
      int tag = in.tag(lazyText(() -> "fragment tag in " + what));
      long len = in.u32(lazyText(() -> "fragment length in " + what));
      if (tag == Tags.SEQUENCE_DELIMITATION_ITEM) {
        return;
      }
      if (tag != Tags.ITEM) {
        throw error("expected a fragment item (FFFE,E000) at byte " + at + " in " + what
            + ", found " + Tags.toString(tag));
      }
      if (len == UNDEFINED) {
        throw error("fragment at byte " + at + " in " + what + " has undefined length");
      }
      in.skip(len, lazyText(() -> "fragment in " + what));
    }
  }
}
