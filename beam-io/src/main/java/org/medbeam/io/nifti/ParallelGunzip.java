package org.medbeam.io.nifti;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.medbeam.core.Parallel;

/**
 * Inflates one gzip member on several threads although deflate is a single sequential stream.
 *
 * <p>The compressed bytes are split into {@code n} equal ranges. For each range but the first a
 * block boundary is found near its start ({@link MarkerInflater#findBoundary}). Then, in
 * parallel: the first chunk is inflated by zlib ({@link Inflater}) up to the second chunk's
 * boundary; every other chunk is decoded by {@link MarkerInflater} from its boundary with an
 * unknown window (back-references into it become markers) until 32 KiB of marker-free output
 * end at a byte-aligned block boundary, from where zlib continues with that output as its
 * dictionary up to the next chunk's boundary. Finally the markers are replaced by the bytes that
 * precede each chunk, and the CRC-32s of the chunks are combined and checked against the member's
 * trailer, with the total length against ISIZE.
 *
 * <p>Whenever the stream does not suit (no boundary found, several members, trailing data, a
 * corrupt stream, a CRC mismatch) {@link #decode} returns {@code null} and the caller inflates
 * sequentially, which also produces the proper error for a corrupt file.
 */
final class ParallelGunzip {
  /** Below this much output a second thread does not pay. */
  static final long MIN_PARALLEL_BYTES = 8L << 20;

  private ParallelGunzip() {}

  /** Decoded output as consecutive parts {@code parts[i][0 .. lengths[i])}. */
  static final class Result {
    final byte[][] parts;
    final int[] lengths;
    final long total;

    Result(byte[][] parts, int[] lengths, long total) {
      this.parts = parts;
      this.lengths = lengths;
      this.total = total;
    }
  }

  /** zlib output in fixed-size segments: no over-allocation, no regrowth copies. */
  private static final int SEGMENT = 8 << 20;
  /** Output per inflate call, small enough for the CRC to find it in cache. */
  private static final int STEP = 256 << 10;

  private static final class Chunk {
    char[] symbols; // speculative prefix with markers (chunks > 0)
    int symbolCount;
    byte[] resolved; // the prefix as bytes once the window is known
    final List<byte[]> segments = new ArrayList<>();
    int lastLength; // bytes used in the last segment
    long zlibLength;
    long zlibCrc;

    long length() {
      return symbolCount + zlibLength;
    }
  }

  /** Signals that the parallel path gives up (the caller decodes sequentially). */
  private static final class GiveUp extends Exception {
    private static final long serialVersionUID = 1L;

    GiveUp(String why) {
      super(why, null, false, false);
    }
  }

  /**
   * @param comp the whole gzip file
   * @param deflateStart first byte of the (single) member's deflate data
   * @param deflateEnd first byte of its 8-byte trailer
   * @param expected the member's decoded length (from ISIZE)
   * @return the decoded member, or {@code null} to decode sequentially instead
   */
  static Result decode(byte[] comp, int deflateStart, int deflateEnd, long expected, int threads) {
    if (threads < 2 || expected < MIN_PARALLEL_BYTES || deflateEnd - deflateStart < (1 << 20)) {
      return null;
    }
    try {
      return run(comp, deflateStart, deflateEnd, expected, threads);
    } catch (GiveUp e) {
      return null;
    }
  }

  private static Result run(byte[] comp, int start, int end, long expected, int threads)
      throws GiveUp {
    int n = threads;
    long[] bounds = new long[n + 1];
    bounds[0] = (long) start << 3;
    bounds[n] = (long) end << 3;
    AtomicReference<String> failure = new AtomicReference<>();
    // the first chunk also pays for reading the file's start and has no speculative phase: give
    // it a slightly larger share
    double firstShare = 1.15 / (n + 0.15);
    Parallel.forRange(n - 1, threads, (from, to) -> {
      for (int k = from + 1; k <= to; k++) {
        double f = firstShare + (1 - firstShare) * (k - 1) / (n - 1);
        long at = ((long) start + (long) ((end - start) * f)) << 3;
        long b = MarkerInflater.findBoundary(comp, end, at, at + (8L << 23), 3);
        if (b < 0) {
          failure.compareAndSet(null, "no block boundary after byte " + (at >>> 3));
        }
        bounds[k] = b;
      }
    });
    if (failure.get() != null) {
      throw new GiveUp(failure.get());
    }
    for (int k = 1; k <= n; k++) {
      if (bounds[k] <= bounds[k - 1]) {
        throw new GiveUp("block boundaries out of order");
      }
    }
    Chunk[] chunks = new Chunk[n];
    Parallel.forRange(n, threads, (from, to) -> {
      for (int k = from; k < to; k++) {
        try {
          chunks[k] = k == 0
              ? first(comp, start, bounds[1])
              : later(comp, end, bounds[k], bounds[k + 1], k == n - 1);
        } catch (GiveUp | RuntimeException e) {
          failure.compareAndSet(null, "chunk " + k + ": " + e.getMessage());
        }
      }
    });
    if (failure.get() != null) {
      throw new GiveUp(failure.get());
    }
    // resolve markers in order (chunk k needs the last 32 KiB of chunk k - 1) and combine CRCs
    byte[] window = new byte[MarkerInflater.WINDOW];
    long crc = chunks[0].zlibCrc;
    long total = chunks[0].length();
    List<byte[]> parts = new ArrayList<>(chunks[0].segments);
    List<Integer> lengths = new ArrayList<>();
    addLengths(chunks[0], lengths);
    for (int k = 1; k < n; k++) {
      lastWindow(chunks[k - 1], window);
      Chunk c = chunks[k];
      c.resolved = new byte[c.symbolCount];
      MarkerInflater.resolve(c.symbols, c.symbolCount, window, window.length, c.resolved, 0);
      c.symbols = null;
      CRC32 prefixCrc = new CRC32();
      prefixCrc.update(c.resolved, 0, c.symbolCount);
      crc = crc32Combine(crc, prefixCrc.getValue(), c.symbolCount);
      crc = crc32Combine(crc, c.zlibCrc, c.zlibLength);
      total += c.length();
      parts.add(c.resolved);
      lengths.add(c.symbolCount);
      parts.addAll(c.segments);
      addLengths(c, lengths);
    }
    long storedCrc = le32(comp, end);
    long isize = le32(comp, end + 4);
    if (crc != storedCrc || (total & 0xFFFFFFFFL) != isize || total != expected) {
      throw new GiveUp("CRC or length mismatch");
    }
    int[] lens = new int[lengths.size()];
    for (int i = 0; i < lens.length; i++) {
      lens[i] = lengths.get(i);
    }
    return new Result(parts.toArray(new byte[0][]), lens, total);
  }

  private static void addLengths(Chunk c, List<Integer> lengths) {
    for (int i = 0; i < c.segments.size(); i++) {
      lengths.add(i == c.segments.size() - 1 ? c.lastLength : SEGMENT);
    }
  }

  private static Chunk first(byte[] comp, int start, long nextBound) throws GiveUp {
    Chunk c = new Chunk();
    zlib(comp, start, (int) ((nextBound + 7) >>> 3), null, c, true);
    return c;
  }

  private static Chunk later(byte[] comp, int end, long bound, long nextBound, boolean last)
      throws GiveUp {
    MarkerInflater m = new MarkerInflater(comp, end, bound, 1 << 20);
    MarkerInflater.Stop stop;
    try {
      stop = m.run(last ? Long.MAX_VALUE : nextBound, true, -1);
    } catch (MarkerInflater.DeflateException e) {
      throw new GiveUp(e.getMessage());
    }
    Chunk c = new Chunk();
    c.symbols = m.output();
    c.symbolCount = m.outputLength();
    if (stop == MarkerInflater.Stop.HANDOVER) {
      int from = (int) (m.bitPosition() >>> 3);
      int limit = last ? end : (int) ((nextBound + 7) >>> 3);
      byte[] dict = new byte[MarkerInflater.WINDOW];
      for (int i = 0; i < dict.length; i++) {
        dict[i] = (byte) c.symbols[c.symbolCount - dict.length + i];
      }
      zlib(comp, from, limit, dict, c, !last);
    } else if (stop == MarkerInflater.Stop.FINAL_BLOCK) {
      if (!last || ((m.bitPosition() + 7) >>> 3) != end) {
        throw new GiveUp("final block before the end of the member");
      }
    } else if (last) {
      throw new GiveUp("last chunk stopped early");
    }
    return c;
  }

  /**
   * zlib from byte {@code from} to {@code limit} into {@code c}'s segments, with the CRC-32 of
   * the output. A chunk that is not the last must stop for lack of input inside the next chunk's
   * first block header; the last must end its final block exactly at {@code limit}.
   */
  private static void zlib(byte[] comp, int from, int limit, byte[] dict, Chunk c,
      boolean stopsAtBoundary) throws GiveUp {
    Inflater inf = new Inflater(true);
    CRC32 crc = new CRC32();
    try {
      if (dict != null) {
        inf.setDictionary(dict);
      }
      inf.setInput(comp, from, limit - from);
      byte[] seg = new byte[SEGMENT];
      c.segments.add(seg);
      int len = 0;
      long total = 0;
      while (true) {
        if (len == SEGMENT) {
          seg = new byte[SEGMENT];
          c.segments.add(seg);
          len = 0;
        }
        int r = inf.inflate(seg, len, Math.min(STEP, SEGMENT - len));
        if (r > 0) {
          crc.update(seg, len, r);
          len += r;
          total += r;
        }
        if (inf.finished()) {
          if (stopsAtBoundary || inf.getRemaining() != 0) {
            throw new GiveUp("deflate stream ends inside a chunk");
          }
          break;
        }
        if (r == 0 && (inf.needsInput() || inf.needsDictionary())) {
          if (!stopsAtBoundary || inf.needsDictionary()) {
            throw new GiveUp("deflate stream truncated");
          }
          break;
        }
      }
      c.lastLength = len;
      c.zlibLength = total;
      c.zlibCrc = crc.getValue();
    } catch (DataFormatException e) {
      throw new GiveUp(e.getMessage());
    } finally {
      inf.end();
    }
  }

  /** The last 32 KiB of a chunk's output (resolved prefix, then zlib segments). */
  private static void lastWindow(Chunk c, byte[] window) throws GiveUp {
    if (c.length() < window.length) {
      throw new GiveUp("chunk shorter than the deflate window");
    }
    int need = window.length;
    int filled = 0; // bytes written at the end of window
    for (int i = c.segments.size() - 1; i >= 0 && filled < need; i--) {
      int segLen = i == c.segments.size() - 1 ? c.lastLength : SEGMENT;
      int take = Math.min(segLen, need - filled);
      System.arraycopy(c.segments.get(i), segLen - take, window, need - filled - take, take);
      filled += take;
    }
    if (filled < need) {
      int take = need - filled;
      System.arraycopy(c.resolved, c.symbolCount - take, window, 0, take);
    }
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16
        | (b[at + 3] & 0xFFL) << 24;
  }

  // ---------------------------------------------------------------- CRC-32 of a concatenation

  /**
   * The CRC-32 of {@code A + B} from {@code crc(A)}, {@code crc(B)} and {@code |B|}: {@code
   * crc(A)} advanced through {@code |B|} zero bytes (a linear map over GF(2), applied by repeated
   * squaring of the one-zero-bit operator) and xored with {@code crc(B)}.
   */
  static long crc32Combine(long crc1, long crc2, long len2) {
    if (len2 <= 0) {
      return crc1;
    }
    long[] odd = new long[32]; // operator for one zero bit
    long[] even = new long[32];
    odd[0] = 0xEDB88320L; // reflected CRC-32 polynomial
    long row = 1;
    for (int i = 1; i < 32; i++) {
      odd[i] = row;
      row <<= 1;
    }
    square(even, odd); // two zero bits
    square(odd, even); // four zero bits
    long crc = crc1;
    do {
      square(even, odd); // first pass: one zero byte (8 bits)
      if ((len2 & 1) != 0) {
        crc = times(even, crc);
      }
      len2 >>>= 1;
      if (len2 == 0) {
        break;
      }
      square(odd, even);
      if ((len2 & 1) != 0) {
        crc = times(odd, crc);
      }
      len2 >>>= 1;
    } while (len2 != 0);
    return (crc ^ crc2) & 0xFFFFFFFFL;
  }

  private static long times(long[] mat, long vec) {
    long sum = 0;
    int i = 0;
    while (vec != 0) {
      if ((vec & 1) != 0) {
        sum ^= mat[i];
      }
      vec >>>= 1;
      i++;
    }
    return sum;
  }

  private static void square(long[] out, long[] mat) {
    for (int i = 0; i < 32; i++) {
      out[i] = times(mat, mat[i]);
    }
  }
}
