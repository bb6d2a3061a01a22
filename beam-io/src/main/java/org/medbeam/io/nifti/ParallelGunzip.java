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
 * <p>The compressed bytes are split into {@code n} ranges. Near the start of each range but the
 * first a block boundary is found ({@link MarkerInflater#findBoundary}), by whichever thread
 * needs it first. In parallel: the first chunk is inflated by zlib ({@link Inflater}) from the
 * start up to the second chunk's boundary, its output streamed to the caller's sink as it comes;
 * every other chunk is decoded by {@link MarkerInflater} from its boundary with an unknown window
 * (back-references into it become markers) until 32 KiB of marker-free output end at a
 * byte-aligned block boundary, from where zlib continues with that output as its dictionary up to
 * the next chunk's boundary, into memory. Then the markers are replaced by the bytes that precede
 * each chunk, and the CRC-32s of the chunks are combined and checked against the member's
 * trailer, with the total length against ISIZE.
 *
 * <p>Whenever the stream does not suit (no boundary found, several members, trailing data, a
 * corrupt stream, a CRC mismatch) {@link #decode} returns {@code null} and the caller inflates
 * sequentially (after discarding what the sink received), which also produces the proper error
 * for a corrupt file.
 */
final class ParallelGunzip {
  /** Below this much output a second thread does not pay. */
  static final long MIN_PARALLEL_BYTES = 8L << 20;

  /** zlib output of later chunks in fixed-size segments: no over-allocation, no regrowth. */
  private static final int SEGMENT = 8 << 20;
  /** Output per inflate call, small enough for the CRC and the sink to find it in cache. */
  private static final int STEP = 256 << 10;
  /** How far past a range's start a block boundary is looked for. */
  private static final long SEARCH_BITS = 8L << 23;

  private ParallelGunzip() {}

  /** Receives the first chunk's output in order. */
  interface Sink {
    void accept(byte[] b, int off, int len);
  }

  /**
   * The output after the first chunk (which went to the sink) as consecutive parts {@code
   * parts[i][0 .. lengths[i])}.
   */
  static final class Result {
    final long firstLength;
    final byte[][] parts;
    final int[] lengths;
    final long total;

    Result(long firstLength, byte[][] parts, int[] lengths, long total) {
      this.firstLength = firstLength;
      this.parts = parts;
      this.lengths = lengths;
      this.total = total;
    }
  }

  private static final class Chunk {
    char[] symbols; // speculative prefix with markers (chunks > 0)
    int symbolCount;
    byte[] resolved; // the prefix as bytes once the window is known
    final List<byte[]> segments = new ArrayList<>();
    int lastLength; // bytes used in the last segment
    long zlibLength;
    long zlibCrc;
    final byte[] tail = new byte[MarkerInflater.WINDOW]; // first chunk: its last 32 KiB
    int tailLength;

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

  /** Block boundaries, each found once by the first thread that asks for it. */
  private static final class Boundaries {
    private final byte[] comp;
    private final int end;
    private final long[] searchFrom;
    private final long[] found;

    Boundaries(byte[] comp, int start, int end, int n) {
      this.comp = comp;
      this.end = end;
      this.searchFrom = new long[n + 1];
      this.found = new long[n + 1];
      // the first chunk has no speculative phase and streams to the sink: a slightly larger share
      double first = 1.15 / (n + 0.15);
      for (int k = 0; k <= n; k++) {
        double f = k == 0 ? 0 : k == n ? 1 : first + (1 - first) * (k - 1) / (n - 1);
        searchFrom[k] = ((long) start + (long) ((end - start) * f)) << 3;
        found[k] = k == 0 || k == n ? searchFrom[k] : -1;
      }
    }

    /** Where the search for boundary {@code k} starts (a lower bound of the boundary). */
    long lowerBound(int k) {
      return searchFrom[k];
    }

    long get(int k) throws GiveUp {
      synchronized (this.found) {
        // one lock: searches are a few milliseconds, and n is the thread count
        if (found[k] < 0) {
          long b = MarkerInflater.findBoundary(comp, end, searchFrom[k],
              searchFrom[k] + SEARCH_BITS, 3);
          if (b < 0) {
            throw new GiveUp("no block boundary after byte " + (searchFrom[k] >>> 3));
          }
          found[k] = b;
        }
        return found[k];
      }
    }
  }

  /**
   * @param comp the whole gzip file
   * @param deflateStart first byte of the (single) member's deflate data
   * @param deflateEnd first byte of its 8-byte trailer
   * @param expected the member's decoded length (from ISIZE)
   * @param sink receives the first chunk's output (from decoded byte 0), from one thread
   * @return the rest of the member, or {@code null} to decode sequentially instead
   */
  static Result decode(byte[] comp, int deflateStart, int deflateEnd, long expected, int threads,
      Sink sink) {
    if (threads < 2 || expected < MIN_PARALLEL_BYTES || deflateEnd - deflateStart < (1 << 20)) {
      return null;
    }
    try {
      return run(comp, deflateStart, deflateEnd, expected, threads, sink);
    } catch (GiveUp e) {
      return null;
    }
  }

  private static Result run(byte[] comp, int start, int end, long expected, int n, Sink sink)
      throws GiveUp {
    Boundaries bounds = new Boundaries(comp, start, end, n);
    Chunk[] chunks = new Chunk[n];
    AtomicReference<String> failure = new AtomicReference<>();
    Parallel.forRange(n, n, (from, to) -> {
      for (int k = from; k < to; k++) {
        try {
          chunks[k] = k == 0
              ? first(comp, start, bounds, sink)
              : later(comp, end, bounds, k, k == n - 1);
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
    List<byte[]> parts = new ArrayList<>();
    List<Integer> lengths = new ArrayList<>();
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
      for (int i = 0; i < c.segments.size(); i++) {
        parts.add(c.segments.get(i));
        lengths.add(i == c.segments.size() - 1 ? c.lastLength : SEGMENT);
      }
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
    return new Result(chunks[0].length(), parts.toArray(new byte[0][]), lens, total);
  }

  /**
   * The first chunk: zlib from the start, streamed to the sink. Its input ends where the search
   * for the second chunk's boundary starts until that boundary is known, so the search (by this
   * thread or the second) overlaps with inflating.
   */
  private static Chunk first(byte[] comp, int start, Boundaries bounds, Sink sink)
      throws GiveUp {
    Chunk c = new Chunk();
    Inflater inf = new Inflater(true);
    CRC32 crc = new CRC32();
    byte[] step = new byte[STEP];
    try {
      int limit = (int) (bounds.lowerBound(1) >>> 3);
      inf.setInput(comp, start, limit - start);
      boolean extended = false;
      long total = 0;
      while (true) {
        int r = inf.inflate(step, 0, STEP);
        if (r > 0) {
          crc.update(step, 0, r);
          sink.accept(step, 0, r);
          keepTail(c, step, r);
          total += r;
        }
        if (inf.finished()) {
          throw new GiveUp("deflate stream ends inside the first chunk");
        }
        if (r == 0 && inf.needsDictionary()) {
          throw new GiveUp("deflate stream asks for a dictionary");
        }
        if (r == 0 && inf.needsInput()) {
          if (extended) {
            break; // stalled inside the second chunk's first block header: done
          }
          int next = (int) ((bounds.get(1) + 7) >>> 3);
          inf.setInput(comp, limit, next - limit);
          extended = true;
        }
      }
      c.zlibLength = total;
      c.zlibCrc = crc.getValue();
      return c;
    } catch (DataFormatException e) {
      throw new GiveUp(e.getMessage());
    } finally {
      inf.end();
    }
  }

  private static void keepTail(Chunk c, byte[] b, int n) {
    byte[] tail = c.tail;
    if (n >= tail.length) {
      System.arraycopy(b, n - tail.length, tail, 0, tail.length);
      c.tailLength = tail.length;
      return;
    }
    int keep = Math.min(c.tailLength, tail.length - n);
    System.arraycopy(tail, c.tailLength - keep, tail, 0, keep);
    System.arraycopy(b, 0, tail, keep, n);
    c.tailLength = keep + n;
  }

  private static Chunk later(byte[] comp, int end, Boundaries bounds, int k, boolean last)
      throws GiveUp {
    long bound = bounds.get(k);
    long nextBound = last ? Long.MAX_VALUE : bounds.get(k + 1);
    MarkerInflater m = new MarkerInflater(comp, end, bound, 1 << 20);
    MarkerInflater.Stop stop;
    try {
      stop = m.run(nextBound, true, -1);
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
      inf.setDictionary(dict);
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

  /** The last 32 KiB of a chunk's output (kept tail, or resolved prefix then zlib segments). */
  private static void lastWindow(Chunk c, byte[] window) throws GiveUp {
    if (c.length() < window.length) {
      throw new GiveUp("chunk shorter than the deflate window");
    }
    if (c.tailLength > 0) {
      System.arraycopy(c.tail, 0, window, 0, window.length);
      return;
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
