package org.medbeam.io.nifti;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A raw-deflate (RFC 1951) decoder that can start at any block boundary of a stream without the
 * 32 KiB of output that precede it: a back-reference into that unknown window writes a
 * <i>marker</i> ({@code 256 + w}, {@code w} the window index 0..32767) instead of a byte, and
 * markers propagate through later copies. Once the window is known, {@link #resolve} turns the
 * output into bytes. This is the speculative first stage of {@link ParallelGunzip}; it also finds
 * block boundaries ({@link #findBoundary}) by checking dynamic-Huffman block headers and decoding
 * a few blocks from each candidate.
 *
 * <p>Output symbols are {@code char}s: values below 256 are bytes. Decoding stops at a given bit
 * position (the next chunk's first block), at the end of the final block, or — when asked — at
 * the first byte-aligned block boundary after 32 KiB of marker-free output, where zlib can take
 * over with that output as its dictionary.
 */
final class MarkerInflater {
  static final int WINDOW = 32768;

  /** Why {@link #run} returned. */
  enum Stop {
    /** Reached the requested stop bit at a block boundary. */
    AT_STOP_BIT,
    /** Decoded the final block. */
    FINAL_BLOCK,
    /** At a byte-aligned block boundary with 32 KiB of marker-free output: hand over. */
    HANDOVER
  }

  /** Malformed deflate data (or a false block boundary). */
  static final class DeflateException extends Exception {
    private static final long serialVersionUID = 1L;

    DeflateException(String message) {
      super(message, null, false, false);
    }
  }

  private static final int FAST = 12;
  private static final int FAST_MASK = (1 << FAST) - 1;
  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final int[] LENGTH_BASE = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
    131, 163, 195, 227, 258
  };
  private static final int[] LENGTH_EXTRA = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0
  };
  private static final int[] DIST_BASE = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577
  };
  private static final int[] DIST_EXTRA = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13
  };
  private static final int[] CL_ORDER = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
  };
  private static final Huffman FIXED_LIT = new Huffman(288);
  private static final Huffman FIXED_DIST = new Huffman(32);

  static {
    int[] lens = new int[288];
    Arrays.fill(lens, 0, 144, 8);
    Arrays.fill(lens, 144, 256, 9);
    Arrays.fill(lens, 256, 280, 7);
    Arrays.fill(lens, 280, 288, 8);
    int[] d = new int[32];
    Arrays.fill(d, 5);
    try {
      FIXED_LIT.build(lens, 288, false);
      FIXED_DIST.build(d, 32, false);
    } catch (DeflateException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final byte[] in;
  private final int inEnd;
  private long bitBuf;
  private int bitCount;
  private int inPos;

  private char[] out;
  private int outLen;
  /** Index just past the last marker written, 0 when none. */
  private int markerEnd;

  private final Huffman lit = new Huffman(288);
  private final Huffman dist = new Huffman(32);
  private final Huffman codeLengths = new Huffman(19);
  private final int[] lengths = new int[288 + 32];
  private final int[] clLengths = new int[19];

  /**
   * @param in the compressed bytes; only {@code [.., inEnd)} are read
   * @param startBit absolute bit position of a block's first bit
   */
  MarkerInflater(byte[] in, int inEnd, long startBit, int initialCapacity) {
    this.in = in;
    this.inEnd = inEnd;
    this.out = new char[Math.max(1024, initialCapacity)];
    seek(startBit);
  }

  private void seek(long bit) {
    inPos = (int) (bit >>> 3);
    bitBuf = 0;
    bitCount = 0;
    int skip = (int) (bit & 7);
    if (skip > 0) {
      refill();
      bitBuf >>>= skip;
      bitCount -= skip;
    }
  }

  /** Current absolute bit position. */
  long bitPosition() {
    return ((long) inPos << 3) - bitCount;
  }

  char[] output() {
    return out;
  }

  int outputLength() {
    return outLen;
  }

  /** Index just past the last marker in the output (0 when the output holds none). */
  int markerEnd() {
    return markerEnd;
  }

  /**
   * Fills the bit buffer to at least 56 bits. Whole words are loaded where 8 input bytes remain
   * (bits above {@code bitCount} then already hold the next bytes, which later loads OR in again
   * unchanged); past the end of the input, zero bytes are shifted in.
   */
  private void refill() {
    if (inPos + 8 <= inEnd) {
      bitBuf |= (long) LE_LONG.get(in, inPos) << bitCount;
      int consumed = (63 - bitCount) >>> 3;
      inPos += consumed;
      bitCount += consumed << 3;
      return;
    }
    while (bitCount <= 56) {
      int b = inPos < inEnd ? in[inPos] & 0xFF : 0;
      inPos++;
      bitBuf |= (long) b << bitCount;
      bitCount += 8;
    }
  }

  private int bits(int n) throws DeflateException {
    if (bitCount < n) {
      refill();
    }
    int v = (int) (bitBuf & ((1L << n) - 1));
    bitBuf >>>= n;
    bitCount -= n;
    return v;
  }

  private void checkOverrun() throws DeflateException {
    if (bitPosition() > ((long) inEnd << 3)) {
      throw new DeflateException("deflate data run past the end of the input");
    }
  }

  private void ensure(int extra) {
    if (outLen + extra > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, outLen + extra));
    }
  }

  /**
   * Decodes blocks until {@code stopBit} (a block boundary), the final block, or — when {@code
   * handover} — the first byte-aligned block boundary with 32 KiB of marker-free output.
   *
   * @param maxBlocks stop after this many blocks (for boundary validation); -1 for no limit
   */
  Stop run(long stopBit, boolean handover, int maxBlocks) throws DeflateException {
    int blocks = 0;
    while (true) {
      long at = bitPosition();
      if (at == stopBit) {
        return Stop.AT_STOP_BIT;
      }
      if (at > stopBit) {
        throw new DeflateException("decoded past the next chunk's first block");
      }
      if (handover && (at & 7) == 0 && outLen - markerEnd >= WINDOW) {
        return Stop.HANDOVER;
      }
      if (maxBlocks >= 0 && blocks == maxBlocks) {
        return Stop.AT_STOP_BIT;
      }
      boolean last = bits(1) == 1;
      int type = bits(2);
      if (type == 0) {
        stored();
      } else if (type == 1) {
        codes(FIXED_LIT, FIXED_DIST);
      } else if (type == 2) {
        dynamicHeader();
        codes(lit, dist);
      } else {
        throw new DeflateException("invalid block type 3");
      }
      checkOverrun();
      blocks++;
      if (last) {
        return Stop.FINAL_BLOCK;
      }
    }
  }

  private void stored() throws DeflateException {
    int drop = bitCount & 7;
    bitBuf >>>= drop;
    bitCount -= drop;
    int len = bits(16);
    int nlen = bits(16);
    if (len != (~nlen & 0xFFFF)) {
      throw new DeflateException("stored block length does not match its complement");
    }
    ensure(len);
    // drain whole bytes still in the bit buffer, then copy straight from the input
    while (len > 0 && bitCount >= 8) {
      out[outLen++] = (char) (bitBuf & 0xFF);
      bitBuf >>>= 8;
      bitCount -= 8;
      len--;
    }
    if (len > 0) {
      bitBuf = 0; // drop bits loaded ahead: the input is read directly from here
      if (inPos + len > inEnd) {
        throw new DeflateException("stored block runs past the end of the input");
      }
      for (int i = 0; i < len; i++) {
        out[outLen++] = (char) (in[inPos + i] & 0xFF);
      }
      inPos += len;
    }
  }

  private void dynamicHeader() throws DeflateException {
    int nlen = bits(5) + 257;
    int ndist = bits(5) + 1;
    int ncode = bits(4) + 4;
    if (nlen > 286 || ndist > 30) {
      throw new DeflateException("too many length or distance codes");
    }
    Arrays.fill(clLengths, 0);
    for (int i = 0; i < ncode; i++) {
      clLengths[CL_ORDER[i]] = bits(3);
    }
    codeLengths.build(clLengths, 19, true);
    int n = 0;
    while (n < nlen + ndist) {
      int sym = decode(codeLengths);
      if (sym < 16) {
        lengths[n++] = sym;
        continue;
      }
      int repeat;
      int value = 0;
      if (sym == 16) {
        if (n == 0) {
          throw new DeflateException("repeat with no first length");
        }
        value = lengths[n - 1];
        repeat = 3 + bits(2);
      } else if (sym == 17) {
        repeat = 3 + bits(3);
      } else {
        repeat = 11 + bits(7);
      }
      if (n + repeat > nlen + ndist) {
        throw new DeflateException("too many code lengths");
      }
      for (int i = 0; i < repeat; i++) {
        lengths[n++] = value;
      }
    }
    if (lengths[256] == 0) {
      throw new DeflateException("no end-of-block code");
    }
    lit.build(lengths, nlen, false);
    dist.build(Arrays.copyOfRange(lengths, nlen, nlen + ndist), ndist, false);
  }

  private int decode(Huffman h) throws DeflateException {
    if (bitCount < 15) {
      refill();
      if (inPos > inEnd + 8) {
        checkOverrun();
      }
    }
    int e = h.fast[(int) bitBuf & FAST_MASK];
    if (e != 0) {
      int len = e & 15;
      bitBuf >>>= len;
      bitCount -= len;
      return e >>> 4;
    }
    return slowDecode(h);
  }

  /** Canonical decoding one bit at a time, for codes longer than {@link #FAST} bits. */
  private int slowDecode(Huffman h) throws DeflateException {
    int code = 0;
    int first = 0;
    int index = 0;
    long b = bitBuf;
    for (int len = 1; len <= 15; len++) {
      code |= (int) (b & 1);
      b >>>= 1;
      int count = h.count[len];
      if (code - first < count) {
        bitBuf >>>= len;
        bitCount -= len;
        return h.symbols[index + code - first];
      }
      index += count;
      first += count;
      first <<= 1;
      code <<= 1;
    }
    throw new DeflateException("invalid Huffman code");
  }

  /** Decodes a block's symbols up to end-of-block; one refill serves a whole length/distance. */
  private void codes(Huffman litCodes, Huffman distCodes) throws DeflateException {
    int[] litFast = litCodes.fast;
    int[] distFast = distCodes.fast;
    while (true) {
      if (bitCount < 48) {
        refill();
        if (inPos > inEnd + 8) {
          checkOverrun();
        }
      }
      int e = litFast[(int) bitBuf & FAST_MASK];
      int sym;
      if (e != 0) {
        int n = e & 15;
        bitBuf >>>= n;
        bitCount -= n;
        sym = e >>> 4;
      } else {
        sym = slowDecode(litCodes);
      }
      if (sym < 256) {
        if (outLen == out.length) {
          ensure(1);
        }
        out[outLen++] = (char) sym;
        continue;
      }
      if (sym == 256) {
        return;
      }
      sym -= 257;
      if (sym >= 29) {
        throw new DeflateException("invalid length symbol");
      }
      int extra = LENGTH_EXTRA[sym];
      int len = LENGTH_BASE[sym] + (int) (bitBuf & ((1L << extra) - 1));
      bitBuf >>>= extra;
      bitCount -= extra;
      e = distFast[(int) bitBuf & FAST_MASK];
      int ds;
      if (e != 0) {
        int n = e & 15;
        bitBuf >>>= n;
        bitCount -= n;
        ds = e >>> 4;
      } else {
        ds = slowDecode(distCodes);
      }
      if (ds >= 30) {
        throw new DeflateException("invalid distance symbol");
      }
      extra = DIST_EXTRA[ds];
      int d = DIST_BASE[ds] + (int) (bitBuf & ((1L << extra) - 1));
      bitBuf >>>= extra;
      bitCount -= extra;
      copy(d, len);
    }
  }

  private void copy(int d, int len) throws DeflateException {
    int src = outLen - d;
    if (src < -WINDOW) {
      throw new DeflateException("distance too far back");
    }
    ensure(len);
    char[] o = out;
    int w = outLen;
    outLen = w + len;
    if (src >= markerEnd) {
      // no marker can be in the source: plain copy (overlapping copies repeat the pattern)
      if (d >= len) {
        System.arraycopy(o, src, o, w, len);
      } else {
        for (int i = 0; i < len; i++) {
          o[w + i] = o[src + i];
        }
      }
      return;
    }
    int i = 0;
    int last = -1;
    if (src < 0) { // from the unknown window: all markers
      int k = Math.min(len, -src);
      for (; i < k; i++) {
        o[w + i] = (char) (256 + WINDOW + src + i);
      }
      last = w + k - 1;
    }
    if (i == len) {
      // all from the window
    } else if (d >= len) {
      // no overlap: copy, then find the last marker copied from the end backwards
      System.arraycopy(o, src + i, o, w + i, len - i);
      for (int j = len - 1; j >= i; j--) {
        if (o[w + j] >= 256) {
          last = Math.max(last, w + j);
          break;
        }
      }
    } else {
      for (; i < len; i++) {
        char c = o[src + i];
        o[w + i] = c;
        if (c >= 256) {
          last = w + i;
        }
      }
    }
    if (last >= 0) {
      markerEnd = last + 1;
    }
  }

  /**
   * Finds the first position at or after {@code fromBit} (and before {@code limitBit}) where a
   * dynamic-Huffman or stored block starts and from which {@code validateBlocks} blocks decode
   * without error. Returns -1 when none is found.
   */
  static long findBoundary(byte[] in, int inEnd, long fromBit, long limitBit, int validateBlocks) {
    MarkerInflater probe = new MarkerInflater(in, inEnd, fromBit, 1 << 16);
    for (long p = fromBit; p < limitBit; p++) {
      if (!quickCandidate(in, inEnd, p)) {
        continue;
      }
      try {
        probe.seek(p);
        probe.outLen = 0;
        probe.markerEnd = 0;
        probe.run(Long.MAX_VALUE, false, validateBlocks);
        return p;
      } catch (DeflateException | RuntimeException e) {
        // not a block boundary
      }
    }
    return -1;
  }

  /**
   * Cheap filter on the first bits at {@code p}: a non-final dynamic block with at most 286
   * length and 30 distance codes, or a non-final stored block whose length matches its
   * complement.
   */
  private static boolean quickCandidate(byte[] in, int inEnd, long p) {
    int byteAt = (int) (p >>> 3);
    if (byteAt + 5 >= inEnd) {
      return false;
    }
    long w = 0;
    for (int i = 0; i < 6; i++) {
      w |= (long) (in[byteAt + i] & 0xFF) << (8 * i);
    }
    w >>>= (p & 7);
    int head = (int) (w & 7);
    if (head == 4) { // BFINAL 0, BTYPE 10
      int hlit = (int) ((w >>> 3) & 31);
      int hdist = (int) ((w >>> 8) & 31);
      return hlit <= 29 && hdist <= 29;
    }
    if (head == 0) { // BFINAL 0, BTYPE 00: LEN, NLEN at the next byte boundary
      int skip = (int) ((8 - ((p + 3) & 7)) & 7);
      long q = (p + 3 + skip) >>> 3;
      if (q + 4 > inEnd) {
        return false;
      }
      int len = (in[(int) q] & 0xFF) | (in[(int) q + 1] & 0xFF) << 8;
      int nlen = (in[(int) q + 2] & 0xFF) | (in[(int) q + 3] & 0xFF) << 8;
      return len == (~nlen & 0xFFFF) && len > 0;
    }
    return false;
  }

  /**
   * Replaces markers by window bytes: {@code window[windowEnd - WINDOW + w]} for marker {@code
   * 256 + w}, and writes the bytes to {@code dst}.
   */
  static void resolve(char[] symbols, int n, byte[] window, int windowEnd, byte[] dst, int at) {
    int base = windowEnd - WINDOW;
    for (int i = 0; i < n; i++) {
      char c = symbols[i];
      dst[at + i] = c < 256 ? (byte) c : window[base + c - 256];
    }
  }

  /** A canonical Huffman code: a {@link #FAST}-bit lookup table plus counts for longer codes. */
  private static final class Huffman {
    final int[] fast = new int[1 << FAST];
    final int[] count = new int[16];
    final int[] symbols;
    private final int[] offs = new int[16];

    Huffman(int n) {
      symbols = new int[n];
    }

    /**
     * @param completeRequired zlib's rule for the code-length code: no incomplete code
     */
    void build(int[] lengths, int n, boolean completeRequired) throws DeflateException {
      Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[lengths[i]]++;
      }
      int max = 0;
      for (int len = 15; len >= 1; len--) {
        if (count[len] != 0) {
          max = len;
          break;
        }
      }
      int left = 1;
      for (int len = 1; len <= 15; len++) {
        left <<= 1;
        left -= count[len];
        if (left < 0) {
          throw new DeflateException("over-subscribed Huffman code");
        }
      }
      if (left > 0 && max > 0 && (completeRequired || max != 1)) {
        throw new DeflateException("incomplete Huffman code");
      }
      if (completeRequired && max == 0) {
        throw new DeflateException("empty code-length code");
      }
      offs[1] = 0;
      for (int len = 1; len < 15; len++) {
        offs[len + 1] = offs[len] + count[len];
      }
      for (int i = 0; i < n; i++) {
        if (lengths[i] != 0) {
          symbols[offs[lengths[i]]++] = i;
        }
      }
      Arrays.fill(fast, 0);
      int code = 0;
      int index = 0;
      for (int len = 1; len <= Math.min(max, FAST); len++) {
        for (int k = 0; k < count[len]; k++) {
          int sym = symbols[index++];
          int rev = Integer.reverse(code) >>> (32 - len);
          int entry = sym << 4 | len;
          for (int j = rev; j <= FAST_MASK; j += 1 << len) {
            fast[j] = entry;
          }
          code++;
        }
        code <<= 1;
      }
      count[0] = 0;
    }
  }
}
