package org.medbeam.io.dicom;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A buffered byte source that knows its position and, when it can, how many bytes remain, so the
 * parser checks every length against what the file holds before allocating. Not thread-safe.
 */
final class DicomInput implements Closeable {
  /** Values of unknown-size streams are read in chunks of at most this, growing as bytes come. */
  private static final int CHUNK = 1 << 20;

  private final String file;
  private InputStream in;
  private byte[] buf;
  private int pos;
  private int lim;
  /** Stream position of buf[0]. */
  private long bufStart;
  /** Total stream length, or -1 when unknown (deflated, unknown-size sources). */
  private long length;
  private boolean bigEndian;

  /** The local file's channel, or null; reading past the buffer through it skips a copy. */
  private FileChannel channel;

  DicomInput(String file, InputStream in, FileChannel channel, long length, int bufferSize) {
    this.file = file;
    this.in = in;
    this.channel = channel;
    this.length = length;
    this.buf = new byte[bufferSize];
  }

  /** Can {@link #readFully(ByteBuffer, int, String)} read straight from a file channel? */
  boolean hasChannel() {
    return channel != null;
  }

  String file() {
    return file;
  }

  void bigEndian(boolean b) {
    bigEndian = b;
  }

  boolean bigEndian() {
    return bigEndian;
  }

  /** Bytes consumed so far. */
  long position() {
    return bufStart + pos;
  }

  /** Known total length, or -1. */
  long length() {
    return length;
  }

  /** Bytes left when the length is known, else {@link Long#MAX_VALUE}. */
  long remaining() {
    return length < 0 ? Long.MAX_VALUE : length - position();
  }

  /**
   * Switches the rest of the stream to raw deflate (Deflated Explicit VR Little Endian): bytes
   * after the current position are inflated; positions count inflated bytes from here on and the
   * length becomes unknown.
   */
  void startInflating() {
    InputStream rest =
        new SequenceInputStream(new ByteArrayInputStream(Arrays.copyOfRange(buf, pos, lim)), in);
    in = new InflaterInputStream(rest, new Inflater(true), 1 << 16);
    channel = null; // positions now count inflated bytes
    bufStart = bufStart + pos;
    pos = 0;
    lim = 0;
    length = -1;
  }

  /** Tries to have {@code n} bytes buffered; returns how many are (fewer only at end of stream). */
  private int fill(int n) throws IOException {
    int avail = lim - pos;
    if (avail >= n) {
      return avail;
    }
    if (buf.length < n) {
      buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, avail);
      bufStart += pos;
      pos = 0;
      lim = avail;
    }
    while (lim < n) {
      int r = in.read(buf, lim, buf.length - lim);
      if (r < 0) {
        break;
      }
      lim += r;
    }
    return lim - pos;
  }

  /** Is the stream at its end (no byte left)? */
  boolean atEnd() throws IOException {
    return fill(1) < 1;
  }

  /** Can {@code n} more bytes be read? Does not consume them. */
  boolean has(int n) throws IOException {
    return fill(n) >= n;
  }

  private void require(int n, Object what) throws IOException {
    if (fill(n) < n) {
      throw new DicomParseException(file, "file ends at byte " + (position() + (lim - pos))
          + " inside " + what + " (" + n + " bytes needed at byte " + position()
          + ") — file truncated");
    }
  }

  /** The byte at {@code offset} from the current position, without consuming; -1 past the end. */
  int peek(int offset) throws IOException {
    if (fill(offset + 1) < offset + 1) {
      return -1;
    }
    return buf[pos + offset] & 0xFF;
  }

  int u16(Object what) throws IOException {
    require(2, what);
    int v = bigEndian
        ? ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF)
        : (buf[pos] & 0xFF) | ((buf[pos + 1] & 0xFF) << 8);
    pos += 2;
    return v;
  }

  /** An unsigned 32-bit value as long. */
  long u32(Object what) throws IOException {
    require(4, what);
    long v = bigEndian
        ? ((long) (buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16)
            | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF)
        : (buf[pos] & 0xFF) | ((buf[pos + 1] & 0xFF) << 8) | ((buf[pos + 2] & 0xFF) << 16)
            | ((long) (buf[pos + 3] & 0xFF) << 24);
    pos += 4;
    return v;
  }

  /** A little-endian unsigned 32-bit value whatever the byte order (RLE headers, BOT). */
  long u32le(Object what) throws IOException {
    require(4, what);
    long v = (buf[pos] & 0xFF) | ((buf[pos + 1] & 0xFF) << 8) | ((buf[pos + 2] & 0xFF) << 16)
        | ((long) (buf[pos + 3] & 0xFF) << 24);
    pos += 4;
    return v;
  }

  /** A tag: group then element, each in the stream's byte order. */
  int tag(Object what) throws IOException {
    int g = u16(what);
    int e = u16(what);
    return (g << 16) | e;
  }

  /** Two raw bytes as {@code b0 << 8 | b1} (explicit VR codes). */
  int rawU16be(Object what) throws IOException {
    require(2, what);
    int v = ((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  /** Un-reads the last {@code n} bytes (only within the current buffer). */
  void unread(int n) {
    if (n > pos) {
      throw new IllegalStateException("cannot unread " + n + " bytes");
    }
    pos -= n;
  }

  /**
   * Reads exactly {@code len} bytes into a new array. The length is checked against the bytes
   * left first; for unknown-size streams the array grows as bytes arrive, so a lying length
   * fails at end of stream instead of allocating what it claims.
   */
  byte[] bytes(long len, Object what) throws IOException {
    checkLength(len, what);
    int n = (int) len;
    if (length >= 0 || n <= CHUNK) {
      byte[] out = new byte[n];
      readFully(out, 0, n, what);
      return out;
    }
    byte[] out = new byte[CHUNK];
    int got = 0;
    while (got < n) {
      int step = Math.min(n - got, CHUNK);
      if (got + step > out.length) {
        out = Arrays.copyOf(out, (int) Math.min((long) n, Math.max(got + step, 2L * out.length)));
      }
      readFully(out, got, step, what);
      got += step;
    }
    return out;
  }

  /** Throws unless {@code len} bytes can still be in the stream and fit in one Java array. */
  void checkLength(long len, Object what) throws DicomParseException {
    if (len < 0) {
      throw new DicomParseException(file, what + " has a negative length " + len);
    }
    if (len > remaining()) {
      throw new DicomParseException(file, what + " (value at byte " + position() + ") claims "
          + len + " bytes but only " + remaining() + " remain in the file — file truncated or "
          + "corrupt");
    }
    if (len > Integer.MAX_VALUE - 8) {
      throw new DicomParseException(file, what + " claims " + len
          + " bytes, more than one value can hold");
    }
  }

  void readFully(byte[] dst, int off, int n, Object what) throws IOException {
    int avail = lim - pos;
    if (avail >= n) {
      System.arraycopy(buf, pos, dst, off, n);
      pos += n;
      return;
    }
    if (avail > 0) {
      System.arraycopy(buf, pos, dst, off, avail);
      pos += avail;
      off += avail;
      n -= avail;
    }
    // large reads go straight to the destination
    while (n > 0) {
      int r = in.read(dst, off, n);
      if (r < 0) {
        throw new DicomParseException(file, "file ends at byte " + position() + " inside " + what
            + " (" + n + " more bytes expected) — file truncated");
      }
      bufStart += r;
      off += r;
      n -= r;
    }
  }

  /**
   * Reads exactly {@code n} bytes into {@code dst} at its position: first what is buffered, then
   * straight from the file channel when there is one (one copy from the page cache into a direct
   * buffer), else from the stream.
   */
  void readFully(ByteBuffer dst, int n, Object what) throws IOException {
    int avail = Math.min(lim - pos, n);
    if (avail > 0) {
      dst.put(buf, pos, avail);
      pos += avail;
      n -= avail;
    }
    if (n == 0) {
      return;
    }
    if (channel == null || !dst.isDirect()) {
      byte[] tmp = dst.hasArray() ? dst.array() : new byte[n];
      int off = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
      readFully(tmp, off, n, what);
      if (dst.hasArray()) {
        dst.position(dst.position() + n);
      } else {
        dst.put(tmp, 0, n);
      }
      return;
    }
    int end = dst.position() + n;
    int saved = dst.limit();
    dst.limit(end);
    try {
      while (dst.position() < end) {
        int r = channel.read(dst);
        if (r < 0) {
          throw new DicomParseException(file, "file ends at byte " + position() + " inside "
              + what + " (" + (end - dst.position()) + " more bytes expected) — file truncated");
        }
        bufStart += r;
      }
    } finally {
      dst.limit(saved);
    }
  }

  /** Skips {@code n} bytes, failing if the stream ends first. */
  void skip(long n, Object what) throws IOException {
    if (n < 0) {
      throw new DicomParseException(file, what + " has a negative length " + n);
    }
    if (n > remaining()) {
      throw new DicomParseException(file, what + " (value at byte " + position() + ") claims "
          + n + " bytes but only " + remaining() + " remain in the file — file truncated or "
          + "corrupt");
    }
    long avail = lim - pos;
    if (avail >= n) {
      pos += (int) n;
      return;
    }
    pos = lim;
    long left = n - avail;
    while (left > 0) {
      long s = in.skip(left);
      if (s <= 0) {
        // skip() may refuse (inflater streams at end); read one byte to tell end from stall
        int b = in.read();
        if (b < 0) {
          throw new DicomParseException(file, "file ends at byte " + position()
              + " while skipping " + what + " — file truncated");
        }
        s = 1;
      }
      bufStart += s;
      left -= s;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
