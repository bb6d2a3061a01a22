package org.medbeam.io.nifti;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.medbeam.io.ImageReadException;

/**
 * The decoded bytes of a NIfTI file read front to back: plain bytes (memory-mapped local files or
 * streams) or the output of {@link GzipInput}. Before the reader allocates anything of the size a
 * header claims it asks {@link #plausible(long, String)} whether the file can hold that many bytes.
 */
abstract class VoxelInput implements Closeable {
  /** Bytes per chunk when decoding through a scratch buffer (fits in L2 cache). */
  static final int CHUNK = 1 << 20;

  /** What a file's size says about a claimed decoded length. */
  enum Plausibility {
    /** The file certainly or very probably holds that many bytes: allocate. */
    LIKELY,
    /** Cannot tell (unknown size, several gzip members): decode before allocating. */
    UNKNOWN
  }

  protected final String file;
  protected long position;

  VoxelInput(String file) {
    this.file = file;
  }

  /** Decoded bytes consumed so far. */
  final long position() {
    return position;
  }

  /** Reads up to {@code len} bytes; fewer only at the end of the data. */
  abstract int read(byte[] b, int off, int len) throws ImageReadException;

  /**
   * Checks that the file can hold {@code needed} decoded bytes from its start; throws a message
   * naming the file, the {@code claim} (what the header says) and both sizes when it cannot.
   */
  abstract Plausibility plausible(long needed, String claim) throws ImageReadException;

  /** Reads exactly {@code len} bytes or throws, {@code what} naming them in the message. */
  final void readFully(byte[] b, int off, int len, String what) throws ImageReadException {
    int n = readUpTo(b, off, len);
    if (n < len) {
      throw new ImageReadException(
          file, "file ends after " + position + " decoded bytes, inside the " + what + " ("
              + (len - n) + " more bytes needed) — file truncated");
    }
  }

  /** Reads until {@code len} bytes or the end, returning how many were read. */
  final int readUpTo(byte[] b, int off, int len) throws ImageReadException {
    int total = 0;
    while (total < len) {
      int n = read(b, off + total, len - total);
      if (n <= 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  /**
   * The next {@code len} bytes as a buffer (position 0, limit {@code len}), read into {@code
   * scratch} unless the input can hand out a view of its own memory.
   */
  ByteBuffer next(byte[] scratch, int len, String what) throws ImageReadException {
    readFully(scratch, 0, len, what);
    return ByteBuffer.wrap(scratch, 0, len);
  }

  /** Skips {@code n} bytes (decoding them when compressed). */
  void skip(long n, String what) throws ImageReadException {
    byte[] scratch = new byte[(int) Math.min(n, CHUNK)];
    long left = n;
    while (left > 0) {
      int m = (int) Math.min(left, scratch.length);
      readFully(scratch, 0, m, what);
      left -= m;
    }
  }

  @Override
  public void close() throws IOException {}

  /** An uncompressed file of {@code size} bytes must hold the {@code needed} bytes. */
  static Plausibility plainFileHolds(String file, long size, long needed, String claim)
      throws ImageReadException {
    if (needed > size) {
      throw new ImageReadException(
          file, "header claims " + needed + " bytes (" + claim + ") but the file holds "
              + size + " bytes — file truncated or header corrupt");
    }
    return Plausibility.LIKELY;
  }

  // ---------------------------------------------------------------- implementations

  /** A plain local file, memory-mapped in windows of at most 1 GiB. */
  static final class Mapped extends VoxelInput {
    private static final long WINDOW = 1L << 30;
    private final FileChannel channel;
    private final long size;
    private ByteBuffer window;
    private long windowStart;

    Mapped(String file, FileChannel channel) throws IOException {
      super(file);
      this.channel = channel;
      this.size = channel.size();
    }

    private ByteBuffer windowAt(long pos) throws ImageReadException {
      if (window == null || pos < windowStart || pos >= windowStart + window.capacity()) {
        windowStart = pos;
        long len = Math.min(WINDOW, size - pos);
        try {
          window = channel.map(FileChannel.MapMode.READ_ONLY, pos, len);
        } catch (IOException e) {
          throw new ImageReadException(file, "cannot map the file: " + e.getMessage(), e);
        }
      }
      return window;
    }

    @Override
    int read(byte[] b, int off, int len) throws ImageReadException {
      if (position >= size || len == 0) {
        return 0;
      }
      ByteBuffer w = windowAt(position);
      int at = (int) (position - windowStart);
      int n = (int) Math.min(len, w.capacity() - at);
      try {
        w.get(at, b, off, n);
      } catch (InternalError e) {
        // a mapped page that vanished (the file shrank while being read)
        throw new ImageReadException(file, "file changed while being read: " + e.getMessage(), e);
      }
      position += n;
      return n;
    }

    @Override
    ByteBuffer next(byte[] scratch, int len, String what) throws ImageReadException {
      if (position + len > size) {
        return super.next(scratch, len, what);
      }
      ByteBuffer w = windowAt(position);
      int at = (int) (position - windowStart);
      if (at + len > w.capacity()) {
        return super.next(scratch, len, what); // straddles two windows
      }
      position += len;
      return w.slice(at, len);
    }

    @Override
    void skip(long n, String what) throws ImageReadException {
      if (position + n > size) {
        throw new ImageReadException(
            file, "file ends at byte " + size + ", inside the " + what + " (which ends at byte "
                + (position + n) + ") — file truncated");
      }
      position += n;
    }

    @Override
    Plausibility plausible(long needed, String claim) throws ImageReadException {
      return plainFileHolds(file, size, needed, claim);
    }

    @Override
    public void close() throws IOException {
      window = null;
      channel.close();
    }
  }

  /** A plain stream (non-local sources); {@code size} may be -1 when unknown. */
  static final class Stream extends VoxelInput {
    private final InputStream in;
    private final long size;

    Stream(String file, InputStream in, long size) {
      super(file);
      this.in = in;
      this.size = size;
    }

    @Override
    int read(byte[] b, int off, int len) throws ImageReadException {
      try {
        int n = in.readNBytes(b, off, len);
        position += n;
        return n;
      } catch (IOException e) {
        throw new ImageReadException(file, "read failed: " + e.getMessage(), e);
      }
    }

    @Override
    Plausibility plausible(long needed, String claim) throws ImageReadException {
      return size < 0 ? Plausibility.UNKNOWN : plainFileHolds(file, size, needed, claim);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /**
   * Decodes {@code n} bytes of {@code in} into blocks that grow with what the file really holds,
   * so a header whose claim cannot be checked up front never makes us allocate its claim.
   */
  static VoxelInput prefetch(VoxelInput in, long n, String what) throws ImageReadException {
    List<byte[]> blocks = new ArrayList<>();
    long left = n;
    while (left > 0) {
      byte[] block = new byte[(int) Math.min(left, 16L << 20)];
      in.readFully(block, 0, block.length, what);
      blocks.add(block);
      left -= block.length;
    }
    int[] lengths = new int[blocks.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = blocks.get(i).length;
    }
    return new Parts(in.file, blocks.toArray(new byte[0][]), lengths, 0, in.position - n);
  }

  /**
   * Bytes already decoded into memory: {@code parts[i][0 .. lengths[i])} in order, the first
   * {@code skip} bytes dropped; {@link #position()} starts at {@code start}.
   */
  static final class Parts extends VoxelInput {
    private final byte[][] parts;
    private final int[] lengths;
    private int part;
    private int at;

    Parts(String file, byte[][] parts, int[] lengths, long skip, long start) {
      super(file);
      this.parts = parts;
      this.lengths = lengths;
      this.position = start;
      long s = skip;
      while (part < parts.length && s >= lengths[part]) {
        s -= lengths[part];
        parts[part] = null;
        part++;
      }
      at = (int) s;
    }

    @Override
    int read(byte[] b, int off, int len) {
      int total = 0;
      while (total < len && part < parts.length) {
        byte[] cur = parts[part];
        int n = Math.min(len - total, lengths[part] - at);
        System.arraycopy(cur, at, b, off + total, n);
        total += n;
        at += n;
        if (at == lengths[part]) {
          parts[part] = null; // let it go as soon as it is consumed
          part++;
          at = 0;
        }
      }
      position += total;
      return total;
    }

    @Override
    ByteBuffer next(byte[] scratch, int len, String what) throws ImageReadException {
      if (part < parts.length && lengths[part] - at >= len) {
        ByteBuffer view = ByteBuffer.wrap(parts[part], at, len).slice();
        at += len;
        position += len;
        if (at == lengths[part]) {
          part++;
          at = 0;
        }
        return view;
      }
      return super.next(scratch, len, what);
    }

    @Override
    Plausibility plausible(long needed, String claim) {
      return Plausibility.LIKELY;
    }
  }
}
