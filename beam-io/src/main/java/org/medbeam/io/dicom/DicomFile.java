package org.medbeam.io.dicom;

import java.io.IOException;
import java.io.Serializable;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageSource;

/**
 * The header of one DICOM Part 10 file: file meta, data set (up to pixel data), transfer syntax,
 * and where the pixel data starts. {@link #readHeader(ImageSource)} never reads pixels; values
 * above {@link Options#bulkDataThreshold()} are skipped and kept as {@link BulkData} references.
 */
public final class DicomFile {
  /** Where the top-level pixel data element starts. */
  public static final class PixelDataInfo implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int tag;
    private final VR vr;
    private final long offset;
    private final long length;

    PixelDataInfo(int tag, VR vr, long offset, long length) {
      this.tag = tag;
      this.vr = vr;
      this.offset = offset;
      this.length = length;
    }

    /** (7FE0,0010) Pixel Data, or (7FE0,0008)/(7FE0,0009) float/double pixel data. */
    public int tag() {
      return tag;
    }

    public VR vr() {
      return vr;
    }

    /** Byte offset of the value in the (inflated) stream. */
    public long offset() {
      return offset;
    }

    /** Value length, or -1 for undefined length (encapsulated). */
    public long length() {
      return length;
    }

    public boolean encapsulated() {
      return length < 0;
    }
  }

  /** Parser settings (immutable). */
  public static final class Options implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Header scans: values over 64 KiB skipped, sequences nested at most 64 deep. */
    public static final Options DEFAULT = new Options(64 * 1024, 64);
    /**
     * For pixel decoding: every value up to 16 MiB is read (palette tables and the like); larger
     * ones are still skipped, so a hostile or deflate-bombed element cannot exhaust memory.
     */
    public static final Options READ_ALL = new Options(16L << 20, 64);

    private final long bulkDataThreshold;
    private final int maxDepth;

    private Options(long bulkDataThreshold, int maxDepth) {
      this.bulkDataThreshold = bulkDataThreshold;
      this.maxDepth = maxDepth;
    }

    /** Values longer than this (bytes) of bulk VRs (OB, OW, UN, UT, …) are skipped; -1: none. */
    public long bulkDataThreshold() {
      return bulkDataThreshold;
    }

    /** Deepest sequence nesting accepted before the file is rejected as hostile. */
    public int maxDepth() {
      return maxDepth;
    }

    public Options withBulkDataThreshold(long bytes) {
      if (bytes < -1) {
        throw new IllegalArgumentException(
            "bulkDataThreshold must be -1 (read everything) or >= 0 bytes, got " + bytes);
      }
      return new Options(bytes, maxDepth);
    }

    public Options withMaxDepth(int depth) {
      if (depth < 1 || depth > 1000) {
        throw new IllegalArgumentException("maxDepth must be in [1, 1000], got " + depth);
      }
      return new Options(bulkDataThreshold, depth);
    }
  }

  private final String source;
  private final DicomDataset fileMeta;
  private final DicomDataset dataset;
  private final TransferSyntax transferSyntax;
  private final PixelDataInfo pixelData;
  private final boolean preamble;

  DicomFile(String source, DicomDataset fileMeta, DicomDataset dataset,
      TransferSyntax transferSyntax, PixelDataInfo pixelData, boolean preamble) {
    this.source = source;
    this.fileMeta = fileMeta;
    this.dataset = dataset;
    this.transferSyntax = transferSyntax;
    this.pixelData = pixelData;
    this.preamble = preamble;
  }

  /** Reads the header (file meta and data set up to pixel data) with default options. */
  public static DicomFile readHeader(ImageSource source) throws ImageReadException {
    return readHeader(source, Options.DEFAULT);
  }

  /** Reads the header (file meta and data set up to pixel data). */
  public static DicomFile readHeader(ImageSource source, Options options)
      throws ImageReadException {
    try (DicomStreamReader r = DicomStreamReader.open(source, options)) {
      return r.readHeader();
    } catch (ImageReadException e) {
      throw e;
    } catch (java.util.zip.ZipException e) {
      throw new DicomParseException(source.name(), "the deflated data set cannot be inflated ("
          + e.getMessage() + ") — file corrupt", e);
    } catch (IOException e) {
      throw new DicomParseException(source.name(), "read failed: " + e.getMessage(), e);
    }
  }

  /**
   * Does this source look like DICOM: {@code DICM} at byte 128, or a data set that starts with a
   * plausible element (files without preamble)? Reads at most a few hundred bytes.
   */
  public static boolean isDicom(ImageSource source) {
    byte[] head = new byte[132];
    int n = 0;
    try (java.io.InputStream in = source.open()) {
      int k;
      while (n < head.length && (k = in.read(head, n, head.length - n)) > 0) {
        n += k;
      }
    } catch (IOException e) {
      return false;
    }
    return looksLikeDicom(head, n);
  }

  /**
   * {@code DICM} at byte 128, or a bare data set whose first element is a plausible group
   * (0002..0028, even) — the first element decides; parsing the whole header would cost too much.
   */
  public static boolean looksLikeDicom(byte[] head, int n) {
    if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
      return true;
    }
    if (n < 8) {
      return false;
    }
    int g = (head[0] & 0xFF) | (head[1] & 0xFF) << 8;
    if ((g & 1) == 1 || g < 0x0002 || g > 0x0028) {
      return false;
    }
    int e = (head[2] & 0xFF) | (head[3] & 0xFF) << 8;
    return g == 0x0002 || e <= 0x0100;
  }

  /** The path or URI read. */
  public String source() {
    return source;
  }

  /** Group 0002 (empty when the file has none). */
  public DicomDataset fileMeta() {
    return fileMeta;
  }

  public DicomDataset dataset() {
    return dataset;
  }

  public TransferSyntax transferSyntax() {
    return transferSyntax;
  }

  /** The pixel data element, or {@code null} when the file has none. */
  public PixelDataInfo pixelData() {
    return pixelData;
  }

  /** Did the file start with the 128-byte preamble and {@code DICM}? */
  public boolean hasPreamble() {
    return preamble;
  }
}
