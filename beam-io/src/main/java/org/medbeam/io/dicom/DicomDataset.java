package org.medbeam.io.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A DICOM data set (PS3.5 7): elements ordered by tag, each a VR and a value. Values are kept as
 * the raw bytes of the file (in the file's byte order) and decoded on access, so private tags and
 * anything medbeam does not interpret survive untouched; sequences hold item data sets; values a
 * header scan skipped are {@link BulkData} references.
 *
 * <p>A data set is a mutable container, like pydicom's {@code Dataset}: the parser fills one, the
 * writer and tests build one. Do not share one between threads while it is being modified.
 */
public final class DicomDataset {
  private static final int[] NO_INTS = new int[0];
  private static final double[] NO_DOUBLES = new double[0];

  private int[] tags = new int[16];
  private VR[] vrs = new VR[16];
  private Object[] values = new Object[16];
  private int size;
  private boolean bigEndian;
  private DicomDataset parent;
  private Charset charset;

  public DicomDataset() {}

  /** An empty data set whose binary values are in big-endian order (explicit VR big endian). */
  static DicomDataset withByteOrder(boolean bigEndian) {
    DicomDataset d = new DicomDataset();
    d.bigEndian = bigEndian;
    return d;
  }

  /** Are raw binary values (US, FL, OW, …) in big-endian order? */
  public boolean bigEndian() {
    return bigEndian;
  }

  /** The data set holding the sequence this item belongs to, or {@code null} at top level. */
  public DicomDataset parent() {
    return parent;
  }

  void setParent(DicomDataset parent) {
    this.parent = parent;
  }

  // ------------------------------------------------------------------------------- structure

  /** Number of elements at this level. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** The tag of the {@code i}-th element in tag order. */
  public int tagAt(int i) {
    return tags[i];
  }

  /** The VR of the {@code i}-th element. */
  public VR vrAt(int i) {
    return vrs[i];
  }

  /**
   * The value of the {@code i}-th element: {@code byte[]} (raw bytes), {@code List<DicomDataset>}
   * (sequence items) or {@link BulkData}.
   */
  public Object valueAt(int i) {
    return values[i];
  }

  private int indexOf(int tag) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = Integer.compareUnsigned(tags[mid], tag);
      if (c < 0) {
        lo = mid + 1;
      } else if (c > 0) {
        hi = mid - 1;
      } else {
        return mid;
      }
    }
    return -(lo + 1);
  }

  public boolean contains(int tag) {
    return indexOf(tag) >= 0;
  }

  /** The VR of an element, or {@code null} when absent. */
  public VR vr(int tag) {
    int i = indexOf(tag);
    return i < 0 ? null : vrs[i];
  }

  /** The raw value object (see {@link #valueAt}), or {@code null}. */
  public Object value(int tag) {
    int i = indexOf(tag);
    return i < 0 ? null : values[i];
  }

  /** Adds or replaces an element; {@code value} is {@code byte[]}, a list of items or BulkData. */
  void put(int tag, VR vr, Object value) {
    if (size > 0 && Integer.compareUnsigned(tags[size - 1], tag) < 0) {
      append(size, tag, vr, value);
      return;
    }
    int i = indexOf(tag);
    if (i >= 0) {
      vrs[i] = vr;
      values[i] = value;
      if (tag == Tags.SPECIFIC_CHARACTER_SET) {
        charset = null;
      }
      return;
    }
    append(-(i + 1), tag, vr, value);
  }

  private void append(int at, int tag, VR vr, Object value) {
    if (size == tags.length) {
      int n = size * 2;
      tags = Arrays.copyOf(tags, n);
      vrs = Arrays.copyOf(vrs, n);
      values = Arrays.copyOf(values, n);
    }
    if (at < size) {
      System.arraycopy(tags, at, tags, at + 1, size - at);
      System.arraycopy(vrs, at, vrs, at + 1, size - at);
      System.arraycopy(values, at, values, at + 1, size - at);
    }
    tags[at] = tag;
    vrs[at] = vr;
    values[at] = value;
    size++;
    if (tag == Tags.SPECIFIC_CHARACTER_SET) {
      charset = null;
    }
  }

  /** Removes an element; returns whether it was there. */
  public boolean remove(int tag) {
    int i = indexOf(tag);
    if (i < 0) {
      return false;
    }
    System.arraycopy(tags, i + 1, tags, i, size - i - 1);
    System.arraycopy(vrs, i + 1, vrs, i, size - i - 1);
    System.arraycopy(values, i + 1, values, i, size - i - 1);
    size--;
    values[size] = null;
    return true;
  }

  // ------------------------------------------------------------------------------- setters

  /** Sets raw bytes (in this data set's byte order for binary VRs). The array is not copied. */
  public DicomDataset setBytes(int tag, VR vr, byte[] value) {
    if (vr == VR.SQ) {
      throw new IllegalArgumentException(Tags.toString(tag) + ": use setSequence for SQ");
    }
    put(tag, vr, value == null ? new byte[0] : value);
    return this;
  }

  /** Sets a text value; several values are joined with backslashes (PS3.5 6.4). */
  public DicomDataset setString(int tag, VR vr, String... values) {
    if (!vr.isString()) {
      throw new IllegalArgumentException(
          Tags.toString(tag) + ": VR " + vr + " is not a string VR; use setInts/setDoubles");
    }
    String joined = String.join("\\", values);
    Charset cs = textCharset(vr);
    put(tag, vr, joined.getBytes(cs));
    return this;
  }

  /** Sets binary integers (US, SS, UL, SL, AT) or integer strings (IS). */
  public DicomDataset setInts(int tag, VR vr, int... v) {
    switch (vr) {
      case US:
      case SS:
        {
          ByteBuffer b = order(ByteBuffer.allocate(2 * v.length));
          for (int x : v) {
            b.putShort((short) x);
          }
          put(tag, vr, b.array());
          return this;
        }
      case UL:
      case SL:
        {
          ByteBuffer b = order(ByteBuffer.allocate(4 * v.length));
          for (int x : v) {
            b.putInt(x);
          }
          put(tag, vr, b.array());
          return this;
        }
      case AT:
        {
          ByteBuffer b = order(ByteBuffer.allocate(4 * v.length));
          for (int x : v) {
            b.putShort((short) (x >>> 16)).putShort((short) x);
          }
          put(tag, vr, b.array());
          return this;
        }
      case IS:
        {
          String[] s = new String[v.length];
          for (int i = 0; i < v.length; i++) {
            s[i] = Integer.toString(v[i]);
          }
          return setString(tag, vr, s);
        }
      default:
        throw new IllegalArgumentException(
            Tags.toString(tag) + ": setInts needs US, SS, UL, SL, AT or IS, got " + vr);
    }
  }

  /** Sets binary floats (FL, FD) or decimal strings (DS, written with up to 16 characters). */
  public DicomDataset setDoubles(int tag, VR vr, double... v) {
    switch (vr) {
      case FL:
      case OF:
        {
          ByteBuffer b = order(ByteBuffer.allocate(4 * v.length));
          for (double x : v) {
            b.putFloat((float) x);
          }
          put(tag, vr, b.array());
          return this;
        }
      case FD:
      case OD:
        {
          ByteBuffer b = order(ByteBuffer.allocate(8 * v.length));
          for (double x : v) {
            b.putDouble(x);
          }
          put(tag, vr, b.array());
          return this;
        }
      case DS:
        {
          String[] s = new String[v.length];
          for (int i = 0; i < v.length; i++) {
            s[i] = formatDs(v[i]);
          }
          return setString(tag, vr, s);
        }
      default:
        throw new IllegalArgumentException(
            Tags.toString(tag) + ": setDoubles needs FL, FD, OF, OD or DS, got " + vr);
    }
  }

  /**
   * A DS value of at most 16 characters (PS3.5 6.2) that parses back to the closest value those
   * characters allow: the shortest round-trip form when it fits, else fewer significant digits.
   */
  static String formatDs(double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException("DS values must be finite, got " + v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = Double.toString(v);
    if (s.length() <= 16 && !s.contains("E")) {
      return s;
    }
    for (int digits = 16; digits > 0; digits--) {
      String t = new java.math.BigDecimal(v).round(new java.math.MathContext(digits))
          .stripTrailingZeros().toString();
      if (t.length() <= 16) {
        return t;
      }
    }
    throw new IllegalArgumentException("cannot write " + v + " as a 16-character DS");
  }

  /** Sets a sequence; items keep a link to this data set (for the character set). */
  public DicomDataset setSequence(int tag, List<DicomDataset> items) {
    List<DicomDataset> copy = new ArrayList<>(items);
    for (DicomDataset item : copy) {
      item.parent = this;
    }
    put(tag, VR.SQ, copy);
    return this;
  }

  private ByteBuffer order(ByteBuffer b) {
    return b.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
  }

  // ------------------------------------------------------------------------------- getters

  /** The raw value bytes, or {@code null} when absent or not a plain value. */
  public byte[] getBytes(int tag) {
    Object v = value(tag);
    return v instanceof byte[] ? (byte[]) v : null;
  }

  /** The items of a sequence; empty when absent. */
  @SuppressWarnings("unchecked")
  public List<DicomDataset> getSequence(int tag) {
    Object v = value(tag);
    return v instanceof List ? Collections.unmodifiableList((List<DicomDataset>) v) : List.of();
  }

  /** Item {@code index} of a sequence, or {@code null}. */
  public DicomDataset getItem(int tag, int index) {
    List<DicomDataset> items = getSequence(tag);
    return index >= 0 && index < items.size() ? items.get(index) : null;
  }

  /** The skipped-value reference of an element, or {@code null}. */
  public BulkData getBulkData(int tag) {
    Object v = value(tag);
    return v instanceof BulkData ? (BulkData) v : null;
  }

  /** The character set of text values here (Specific Character Set, inherited by items). */
  public Charset charset() {
    Charset c = charset;
    if (c == null) {
      byte[] raw = getBytes(Tags.SPECIFIC_CHARACTER_SET);
      if (raw != null) {
        c = DicomCharsets.forTerms(new String(raw, StandardCharsets.ISO_8859_1).split("\\\\"));
      } else {
        c = parent != null ? parent.charset() : StandardCharsets.ISO_8859_1;
      }
      charset = c;
    }
    return c;
  }

  private Charset textCharset(VR vr) {
    switch (vr) {
      case PN:
      case LO:
      case SH:
      case ST:
      case LT:
      case UT:
      case UC:
        return charset();
      default:
        return StandardCharsets.ISO_8859_1;
    }
  }

  /**
   * All values of a text element, split at backslashes (not for LT/ST/UT, which are single-valued
   * and may contain backslashes), each trimmed of padding spaces and NULs; {@code null} when
   * absent. A numeric-VR element gives its numbers as text.
   */
  public String[] getStrings(int tag) {
    int i = indexOf(tag);
    if (i < 0 || !(values[i] instanceof byte[])) {
      return null;
    }
    VR vr = vrs[i];
    byte[] raw = (byte[]) values[i];
    if (!vr.isString() && vr != VR.UN) {
      if (vr.valueBytes() == 0 || vr == VR.OB || vr == VR.OW) {
        return null;
      }
      double[] d = getDoubles(tag);
      String[] s = new String[d.length];
      for (int k = 0; k < d.length; k++) {
        s[k] = d[k] == Math.rint(d[k]) && Math.abs(d[k]) < 1e15
            ? Long.toString((long) d[k]) : Double.toString(d[k]);
      }
      return s;
    }
    String text = new String(raw, textCharset(vr));
    if (vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR) {
      return new String[] {stripTrailing(text)};
    }
    String[] parts = text.split("\\\\", -1);
    for (int k = 0; k < parts.length; k++) {
      parts[k] = parts[k].trim();
    }
    return parts;
  }

  private static String stripTrailing(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
      end--;
    }
    return s.substring(0, end);
  }

  /** The first value of a text element, trimmed; {@code null} when absent or empty. */
  public String getString(int tag) {
    String[] s = getStrings(tag);
    if (s == null || s.length == 0 || s[0].isEmpty()) {
      return null;
    }
    return s[0];
  }

  /** {@link #getString(int)} or {@code fallback}. */
  public String getString(int tag, String fallback) {
    String s = getString(tag);
    return s == null ? fallback : s;
  }

  /** The first value as an int (US, SS, UL, SL, IS, DS rounded toward zero), or fallback. */
  public int getInt(int tag, int fallback) {
    int[] v = getInts(tag);
    return v == null || v.length == 0 ? fallback : v[0];
  }

  /**
   * All values as ints: US and UL unsigned (UL above 2^31 wraps; use {@link #getDoubles}), IS/DS
   * parsed; {@code null} when absent.
   *
   * @throws NumberFormatException when an IS/DS value is not a number (names the tag and value)
   */
  public int[] getInts(int tag) {
    int i = indexOf(tag);
    if (i < 0 || !(values[i] instanceof byte[])) {
      return null;
    }
    VR vr = vrs[i];
    byte[] raw = (byte[]) values[i];
    ByteBuffer b = order(ByteBuffer.wrap(raw));
    switch (vr) {
      case US:
        {
          int[] out = new int[raw.length / 2];
          for (int k = 0; k < out.length; k++) {
            out[k] = b.getShort(2 * k) & 0xFFFF;
          }
          return out;
        }
      case SS:
        {
          int[] out = new int[raw.length / 2];
          for (int k = 0; k < out.length; k++) {
            out[k] = b.getShort(2 * k);
          }
          return out;
        }
      case UL:
      case SL:
        {
          int[] out = new int[raw.length / 4];
          for (int k = 0; k < out.length; k++) {
            out[k] = b.getInt(4 * k);
          }
          return out;
        }
      case AT:
        {
          int[] out = new int[raw.length / 4];
          for (int k = 0; k < out.length; k++) {
            out[k] = ((b.getShort(4 * k) & 0xFFFF) << 16) | (b.getShort(4 * k + 2) & 0xFFFF);
          }
          return out;
        }
      default:
        {
          double[] d = getDoubles(tag);
          if (d == null) {
            return null;
          }
          int[] out = new int[d.length];
          for (int k = 0; k < d.length; k++) {
            out[k] = (int) d[k];
          }
          return out;
        }
    }
  }

  /** The first value as a double, or fallback when absent or empty. */
  public double getDouble(int tag, double fallback) {
    double[] v = getDoubles(tag);
    return v == null || v.length == 0 ? fallback : v[0];
  }

  /**
   * All values as doubles (FL, FD, OF, OD, DS, IS, US, SS, UL, SL, SV, UV); {@code null} when
   * absent; empty text values are skipped.
   *
   * @throws NumberFormatException when a DS/IS value is not a number (names the tag and value)
   */
  public double[] getDoubles(int tag) {
    int i = indexOf(tag);
    if (i < 0 || !(values[i] instanceof byte[])) {
      return null;
    }
    VR vr = vrs[i];
    byte[] raw = (byte[]) values[i];
    ByteBuffer b = order(ByteBuffer.wrap(raw));
    double[] out;
    switch (vr) {
      case FL:
      case OF:
        out = new double[raw.length / 4];
        for (int k = 0; k < out.length; k++) {
          out[k] = b.getFloat(4 * k);
        }
        return out;
      case FD:
      case OD:
        out = new double[raw.length / 8];
        for (int k = 0; k < out.length; k++) {
          out[k] = b.getDouble(8 * k);
        }
        return out;
      case US:
        out = new double[raw.length / 2];
        for (int k = 0; k < out.length; k++) {
          out[k] = b.getShort(2 * k) & 0xFFFF;
        }
        return out;
      case SS:
        out = new double[raw.length / 2];
        for (int k = 0; k < out.length; k++) {
          out[k] = b.getShort(2 * k);
        }
        return out;
      case UL:
        out = new double[raw.length / 4];
        for (int k = 0; k < out.length; k++) {
          out[k] = b.getInt(4 * k) & 0xFFFFFFFFL;
        }
        return out;
      case SL:
        out = new double[raw.length / 4];
        for (int k = 0; k < out.length; k++) {
          out[k] = b.getInt(4 * k);
        }
        return out;
      case SV:
        out = new double[raw.length / 8];
        for (int k = 0; k < out.length; k++) {
          out[k] = b.getLong(8 * k);
        }
        return out;
      case UV:
        out = new double[raw.length / 8];
        for (int k = 0; k < out.length; k++) {
          long l = b.getLong(8 * k);
          out[k] = l >= 0 ? l : (double) (l >>> 1) * 2.0 + (l & 1);
        }
        return out;
      default:
        {
          String[] s = getStrings(tag);
          if (s == null) {
            return null;
          }
          double[] d = new double[s.length];
          int n = 0;
          for (String t : s) {
            if (t.isEmpty()) {
              continue;
            }
            try {
              d[n++] = Double.parseDouble(t);
            } catch (NumberFormatException e) {
              throw new NumberFormatException(
                  Tags.describe(tag) + " holds '" + t + "', not a number");
            }
          }
          return n == d.length ? d : Arrays.copyOf(d, n);
        }
    }
  }

  /** {@link #getInts} or an empty array. */
  int[] intsOrEmpty(int tag) {
    int[] v = getInts(tag);
    return v == null ? NO_INTS : v;
  }

  /** {@link #getDoubles} or an empty array. */
  double[] doublesOrEmpty(int tag) {
    double[] v = getDoubles(tag);
    return v == null ? NO_DOUBLES : v;
  }

  /**
   * Resolves US-or-SS elements ({@code xs} in the dictionary) to SS when {@code signed}, here and
   * in items (implicit VR files cannot say; PixelRepresentation decides, as pydicom does).
   */
  void resolveAmbiguousVrs(boolean signed) {
    if (!signed) {
      return;
    }
    DicomDictionary dict = DicomDictionary.standard();
    for (int i = 0; i < size; i++) {
      if (vrs[i] == VR.US && dict.isUsOrSs(tags[i])) {
        vrs[i] = VR.SS;
      } else if (values[i] instanceof List) {
        for (Object item : (List<?>) values[i]) {
          ((DicomDataset) item).resolveAmbiguousVrs(signed);
        }
      }
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    dump(sb, "");
    return sb.toString();
  }

  private void dump(StringBuilder sb, String indent) {
    for (int i = 0; i < size; i++) {
      sb.append(indent).append(Tags.describe(tags[i])).append(' ').append(vrs[i]).append(' ');
      Object v = values[i];
      if (v instanceof List) {
        List<?> items = (List<?>) v;
        sb.append(items.size()).append(" item(s)\n");
        for (Object item : items) {
          sb.append(indent).append("  > item\n");
          ((DicomDataset) item).dump(sb, indent + "    ");
        }
        continue;
      }
      if (v instanceof BulkData) {
        sb.append("<bulk ").append(((BulkData) v).length()).append(" bytes>\n");
        continue;
      }
      byte[] raw = (byte[]) v;
      if (raw.length > 64 || vrs[i] == VR.OB || vrs[i] == VR.OW || vrs[i] == VR.UN) {
        sb.append('<').append(raw.length).append(" bytes>\n");
      } else {
        String[] s = getStrings(tags[i]);
        sb.append(s == null ? "<" + raw.length + " bytes>" : "[" + String.join("\\", s) + "]")
            .append('\n');
      }
    }
  }
}
