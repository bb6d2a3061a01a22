package org.medbeam.io.nifti;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * needs it first. The first chunk is inflated by zlib ({@link Inflater}) from the start up to the
 * second chunk's boundary, straight into the caller's sink. Every other chunk is produced by
 * another thread: {@link MarkerInflater} decodes it from its boundary with an unknown window
 * (back-references into it become markers) until 32 KiB of marker-free output end at a
 * byte-aligned block boundary; from there zlib continues, with that output as its dictionary, up
 * to the next chunk's boundary, into segments. The first chunk's thread then consumes the later
 * chunks in order, as they are produced: it resolves each chunk's markers with the 32 KiB that
 * precede it and hands the bytes to the sink. Last, the CRC-32s of the pieces are combined and
 * checked against the member's trailer, and the total length against ISIZE.
 *
 * <p>The consumer never waits for a chunk that no thread has started: it claims and produces it
 * itself, so decoding completes whatever the load of the pool.
 *
 * <p>Whenever the stream does not suit (no boundary found, several members, trailing data, a
 * corrupt stream, a CRC mismatch) {@link #decode} returns {@code -1} and the caller inflates
 * sequentially (after discarding what the sink received), which also produces the proper error
 * for a corrupt file.
 */
final class ParallelGunzip {
  /** Below this much output a second thread does not pay. */
  static final long MIN_PARALLEL_BYTES = 8L << 20;

  /** zlib output of later chunks in segments, handed to the consumer as each fills. */
  private static final int SEGMENT = 4 << 20;
  /** Output per inflate call, small enough for the CRC and the sink to find it in cache. */
  private static final int STEP = 256 << 10;
  /** Fewest compressed bytes per later chunk (its speculative start must pay off). */
  static final int MIN_CHUNK_BYTES = 4 << 20;
  /** How far past a range's start a block boundary is looked for. */
  private static final long SEARCH_BITS = 8L << 23;
  /**
   * Weight of the first chunk against each later one: it has no speculative phase but also
   * hands every byte to the sink (measured on W1, a CT-like int16 volume).
   */
  private static final double FIRST_WEIGHT = 1.12;

  private ParallelGunzip() {}

  /** Receives the member's output in order, from one thread at a time. */
  interface Sink {
    void accept(byte[] b, int off, int len);
  }

  /** Signals that the parallel path gives up (the caller decodes sequentially). */
  private static final class GiveUp extends Exception {
    private static final long serialVersionUID = 1L;

    GiveUp(String why) {
      super(why, null, false, false);
    }
  }

  /** A later chunk: produced by one thread, consumed by the first chunk's thread. */
  private static final class Chunk {
    final AtomicBoolean claimed = new AtomicBoolean();
    /** Set when the consumer gave up: the producer stops at its next step. */
    volatile boolean cancelled;
    // guarded by this
    char[] symbols; // speculative prefix, with markers
    int symbolCount;
    boolean prefixReady;
    final List<byte[]> segments = new ArrayList<>();
    final List<Integer> lengths = new ArrayList<>();
    boolean done;
    String failure;
    long zlibLength;
    long zlibCrc;

    synchronized void prefix(char[] s, int count) {
      symbols = s;
      symbolCount = count;
      prefixReady = true;
      notifyAll();
    }

    synchronized void segment(byte[] seg, int length) {
      segments.add(seg);
      lengths.add(length);
      notifyAll();
    }

    synchronized void finish(long length, long crc) {
      zlibLength = length;
      zlibCrc = crc;
      done = true;
      notifyAll();
    }

    synchronized void fail(String why) {
      if (failure == null) {
        failure = why;
      }
      done = true;
      prefixReady = true;
      notifyAll();
    }
  }

  /** Block boundaries, each found once, by the first thread that asks for it. */
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
      double first = FIRST_WEIGHT / (n - 1 + FIRST_WEIGHT);
      for (int k = 0; k <= n; k++) {
        double f = k == 0 ? 0 : k == n ? 1 : first + (1 - first) * (k - 1) / (n - 1);
        searchFrom[k] = ((long) start + (long) ((end - start) * f)) << 3;
        found[k] = k == 0 || k == n ? searchFrom[k] : -1;
      }
    }

    /** Where the search for boundary {@code k} starts: a lower bound of the boundary. */
    long lowerBound(int k) {
      return searchFrom[k];
    }

    long get(int k) throws GiveUp {
      synchronized (found) { // one lock: a search takes a few milliseconds
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
   * Inflates the member into {@code sink} on {@code threads} threads.
   *
   * @param comp the whole gzip file
   * @param deflateStart first byte of the (single) member's deflate data
   * @param deflateEnd first byte of its 8-byte trailer
   * @param expected the member's decoded length (from ISIZE)
   * @return the bytes given to the sink (the whole member, checked), or -1 to decode
   *     sequentially instead
   */
  static long decode(byte[] comp, int deflateStart, int deflateEnd, long expected, int threads,
      Sink sink) {
    if (expected < MIN_PARALLEL_BYTES) {
      return -1;
    }
    return decode(comp, deflateStart, deflateEnd, expected, threads, MIN_CHUNK_BYTES, sink);
  }

  /** As above, with each later chunk at least {@code minChunk} compressed bytes long. */
  static long decode(byte[] comp, int deflateStart, int deflateEnd, long expected, int threads,
      int minChunk, Sink sink) {
    // each later chunk should be long enough to amortize its speculative start
    int n = (int) Math.min(threads, 1 + (deflateEnd - deflateStart) / minChunk);
    if (n < 2) {
      return -1;
    }
    Boundaries bounds = new Boundaries(comp, deflateStart, deflateEnd, n);
    Chunk[] chunks = new Chunk[n];
    for (int k = 1; k < n; k++) {
      chunks[k] = new Chunk();
    }
    AtomicReference<String> failure = new AtomicReference<>();
    long[] result = {-1};
    Parallel.forRange(n, n, (from, to) -> {
      for (int k = from; k < to; k++) {
        if (k == 0) {
          try {
            result[0] = consume(comp, deflateStart, deflateEnd, expected, bounds, chunks, sink);
          } catch (GiveUp | RuntimeException e) {
            failure.compareAndSet(null, "chunk 0: " + e);
            for (int j = 1; j < n; j++) {
              chunks[j].cancelled = true;
              chunks[j].fail("abandoned");
            }
          }
        } else if (chunks[k].claimed.compareAndSet(false, true)) {
          produce(comp, deflateEnd, bounds, k, k == n - 1, chunks[k]);
        }
      }
    });
    return failure.get() == null ? result[0] : -1;
  }

  /**
   * The first chunk's thread: inflates the first chunk into the sink, then passes on the later
   * chunks in order, resolving their markers; returns the total after checking the trailer.
   */
  private static long consume(byte[] comp, int start, int end, long expected, Boundaries bounds,
      Chunk[] chunks, Sink sink) throws GiveUp {
    Tail tail = new Tail();
    long[] firstCrc = new long[1];
    long total = first(comp, start, bounds, sink, tail, firstCrc);
    long crc = firstCrc[0];
    for (int k = 1; k < chunks.length; k++) {
      Chunk c = chunks[k];
      if (c.claimed.compareAndSet(false, true)) {
        produce(comp, end, bounds, k, k == chunks.length - 1, c); // nobody started it: do it here
      }
      // the speculative prefix, resolved with the last 32 KiB passed on
      char[] symbols;
      int count;
      synchronized (c) {
        while (!c.prefixReady) {
          await(c);
        }
        if (c.failure != null) {
          throw new GiveUp("chunk " + k + ": " + c.failure);
        }
        symbols = c.symbols;
        count = c.symbolCount;
      }
      if (tail.length < MarkerInflater.WINDOW) {
        throw new GiveUp("output before chunk " + k + " is shorter than the deflate window");
      }
      byte[] resolved = new byte[count];
      MarkerInflater.resolve(symbols, count, tail.bytes, MarkerInflater.WINDOW, resolved, 0);
      CRC32 prefixCrc = new CRC32();
      prefixCrc.update(resolved, 0, count);
      crc = crc32Combine(crc, prefixCrc.getValue(), count);
      sink.accept(resolved, 0, count);
      tail.keep(resolved, 0, count);
      total += count;
      // then the zlib segments as they come
      int next = 0;
      while (true) {
        byte[] seg;
        int len;
        synchronized (c) {
          while (next == c.segments.size() && !c.done) {
            await(c);
          }
          if (c.failure != null) {
            throw new GiveUp("chunk " + k + ": " + c.failure);
          }
          if (next == c.segments.size()) {
            crc = crc32Combine(crc, c.zlibCrc, c.zlibLength);
            break;
          }
          seg = c.segments.get(next);
          len = c.lengths.get(next);
          c.segments.set(next, null); // let it go once passed on
          next++;
        }
        sink.accept(seg, 0, len);
        tail.keep(seg, 0, len);
        total += len;
      }
    }
    if (crc != le32(comp, end) || (total & 0xFFFFFFFFL) != le32(comp, end + 4)
        || total != expected) {
      throw new GiveUp("CRC or length mismatch");
    }
    return total;
  }

  private static void await(Object monitor) throws GiveUp {
    try {
      monitor.wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GiveUp("interrupted");
    }
  }

  /** The last 32 KiB passed to the sink. */
  private static final class Tail {
    final byte[] bytes = new byte[MarkerInflater.WINDOW];
    int length;

    void keep(byte[] b, int off, int n) {
      int w = bytes.length;
      if (n >= w) {
        System.arraycopy(b, off + n - w, bytes, 0, w);
        length = w;
        return;
      }
      int stay = Math.min(length, w - n);
      System.arraycopy(bytes, length - stay, bytes, 0, stay);
      System.arraycopy(b, off, bytes, stay, n);
      length = stay + n;
    }
  }

  /**
   * The first chunk: zlib from the start, into the sink. Its input ends where the search for
   * the second chunk's boundary starts until that boundary is known, so the search (by this
   * thread or another) overlaps with inflating.
   */
  private static long first(byte[] comp, int start, Boundaries bounds, Sink sink, Tail tail,
      long[] crcOut) throws GiveUp {
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
          tail.keep(step, 0, r);
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
      crcOut[0] = crc.getValue();
      return total;
    } catch (DataFormatException e) {
      throw new GiveUp(e.getMessage());
    } finally {
      inf.end();
    }
  }

  /** Produces a later chunk; failures are recorded in the chunk for its consumer. */
  private static void produce(byte[] comp, int end, Boundaries bounds, int k, boolean last,
      Chunk c) {
    try {
      long bound = bounds.get(k);
      long nextBound = last ? Long.MAX_VALUE : bounds.get(k + 1);
      MarkerInflater m = new MarkerInflater(comp, end, bound, 1 << 20);
      MarkerInflater.Stop stop;
      try {
        stop = m.run(nextBound, true, -1);
      } catch (MarkerInflater.DeflateException e) {
        throw new GiveUp(e.getMessage());
      }
      char[] symbols = m.output();
      int count = m.outputLength();
      if (stop == MarkerInflater.Stop.HANDOVER) {
        byte[] dict = new byte[MarkerInflater.WINDOW];
        for (int i = 0; i < dict.length; i++) {
          dict[i] = (byte) symbols[count - dict.length + i];
        }
        c.prefix(symbols, count);
        int from = (int) (m.bitPosition() >>> 3);
        int limit = last ? end : (int) ((nextBound + 7) >>> 3);
        zlib(comp, from, limit, dict, c, !last);
        return;
      }
      if (stop == MarkerInflater.Stop.FINAL_BLOCK) {
        if (!last || ((m.bitPosition() + 7) >>> 3) != end) {
          throw new GiveUp("final block before the end of the member");
        }
      } else if (last) {
        throw new GiveUp("last chunk stopped early");
      }
      c.prefix(symbols, count);
      c.finish(0, 0);
    } catch (GiveUp | RuntimeException e) {
      c.fail(e.toString());
    }
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
      int len = 0;
      long total = 0;
      while (true) {
        if (c.cancelled) {
          throw new GiveUp("abandoned");
        }
        if (len == SEGMENT) {
          c.segment(seg, len);
          seg = new byte[SEGMENT];
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
      if (len > 0) {
        c.segment(seg, len);
      }
      c.finish(total, crc.getValue());
    } catch (DataFormatException e) {
      throw new GiveUp(e.getMessage());
    } finally {
      inf.end();
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
