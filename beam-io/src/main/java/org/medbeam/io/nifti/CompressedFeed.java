package org.medbeam.io.nifti;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The compressed bytes of a {@code .nii.gz} in large chunks, with the file size and the gzip
 * ISIZE trailer (the last 4 bytes) when they can be had without reading the whole file twice.
 */
abstract class CompressedFeed implements Closeable {
  /** Size of one compressed read. */
  static final int CHUNK = 4 << 20;

  /** The next chunk (position to limit), or {@code null} at the end; the previous is recycled. */
  abstract ByteBuffer next() throws IOException;

  /** Compressed size in bytes, or -1 when unknown. */
  abstract long size();

  /** The last 4 bytes as an unsigned little-endian number, or -1 when not available. */
  abstract long trailerIsize() throws IOException;

  /**
   * The whole compressed file in one array (read again from its start, independently of {@link
   * #next()}, with positional reads on {@code threads} threads), or {@code null} when this feed
   * cannot (a stream, or over 2 GiB).
   */
  abstract byte[] readAll(int threads) throws IOException;

  /** A local file read with few large reads into a reused direct buffer. */
  static final class Local extends CompressedFeed {
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buf;

    Local(FileChannel channel, long start) throws IOException {
      this.channel = channel;
      this.size = channel.size();
      channel.position(start);
      this.buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK, Math.max(size, 64)));
    }

    @Override
    ByteBuffer next() throws IOException {
      buf.clear();
      while (buf.hasRemaining()) {
        if (channel.read(buf) < 0) {
          break;
        }
      }
      buf.flip();
      return buf.hasRemaining() ? buf : null;
    }

    @Override
    long size() {
      return size;
    }

    @Override
    long trailerIsize() throws IOException {
      if (size < 18) {
        return -1;
      }
      ByteBuffer t = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
      long pos = size - 4;
      while (t.hasRemaining()) {
        int n = channel.read(t, pos + t.position());
        if (n < 0) {
          return -1;
        }
      }
      return Integer.toUnsignedLong(t.getInt(0));
    }

    @Override
    byte[] readAll(int threads) throws IOException {
      if (size > Integer.MAX_VALUE - 8) {
        return null;
      }
      byte[] all = new byte[(int) size];
      int pieces = (all.length + (1 << 20) - 1) >>> 20;
      java.util.concurrent.atomic.AtomicReference<IOException> failed =
          new java.util.concurrent.atomic.AtomicReference<>();
      // 1 MiB positional reads: the JDK copies through a temporary direct buffer of the read's
      // size, which then stays in cache
      org.medbeam.core.Parallel.forRange(pieces, threads, (from, to) -> {
        try {
          for (int p = from; p < to; p++) {
            int at = p << 20;
            ByteBuffer bb = ByteBuffer.wrap(all, at, Math.min(1 << 20, all.length - at));
            while (bb.hasRemaining()) {
              if (channel.read(bb, bb.position()) < 0) {
                throw new IOException("file shrank while being read");
              }
            }
          }
        } catch (IOException e) {
          failed.compareAndSet(null, e);
        }
      });
      if (failed.get() != null) {
        return null;
      }
      return all;
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /**
   * A non-local source whose bytes are read into memory at once (size known and under 2 GiB), so
   * the trailer is at hand; the array is handed to the inflater in chunks without copying.
   */
  static final class Memory extends CompressedFeed {
    private final byte[] bytes;
    private final int length;
    private int at;

    Memory(byte[] bytes, int length) {
      this.bytes = bytes;
      this.length = length;
    }

    static Memory readAll(InputStream in, long size) throws IOException {
      byte[] b = new byte[(int) size];
      int n = in.readNBytes(b, 0, b.length);
      return new Memory(b, n);
    }

    @Override
    ByteBuffer next() {
      if (at >= length) {
        return null;
      }
      int n = Math.min(CHUNK, length - at);
      ByteBuffer b = ByteBuffer.wrap(bytes, at, n).slice();
      at += n;
      return b;
    }

    @Override
    long size() {
      return length;
    }

    @Override
    long trailerIsize() {
      if (length < 18) {
        return -1;
      }
      return (bytes[length - 4] & 0xFFL)
          | (bytes[length - 3] & 0xFFL) << 8
          | (bytes[length - 2] & 0xFFL) << 16
          | (bytes[length - 1] & 0xFFL) << 24;
    }

    @Override
    byte[] readAll(int threads) {
      return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
    }

    @Override
    public void close() {}
  }

  /** Any stream, size possibly unknown, no trailer. */
  static final class Stream extends CompressedFeed {
    private final InputStream in;
    private final long size;
    private final byte[] buf = new byte[CHUNK];

    Stream(InputStream in, long size) {
      this.in = in;
      this.size = size;
    }

    @Override
    ByteBuffer next() throws IOException {
      int n = in.readNBytes(buf, 0, buf.length);
      return n <= 0 ? null : ByteBuffer.wrap(buf, 0, n);
    }

    @Override
    long size() {
      return size;
    }

    @Override
    long trailerIsize() {
      return -1;
    }

    @Override
    byte[] readAll(int threads) {
      return null;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
