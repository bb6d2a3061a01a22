package org.medbeam.io.dicom;

import java.io.IOException;

/**
 * A JPEG decoder for the processes DICOM uses that Java's ImageIO does not cover (ITU-T T.81):
 * lossless (process 14, SOF3: predictors 1-7, point transform, 2-16 bits) and sequential DCT
 * with Huffman coding (SOF0/SOF1) at 8 or 12 bits, including interleaved and non-interleaved
 * scans, restart intervals and chroma subsampling.
 *
 * <p>The inverse DCT is the accurate integer algorithm of the Independent JPEG Group's library
 * (the Loeffler-Ligtenberg-Moschytz factorisation with 13-bit constants), which DCMTK and
 * libjpeg-turbo also use, so decoded samples match theirs exactly. Chroma is upsampled as libjpeg
 * does by default ("fancy" triangular filtering for 2:1 horizontal and 2:1 both ways; replication
 * otherwise). Output is the raw component samples (YCbCr stays YCbCr).
 */
final class JpegDecoder {
  /** A decoded image: one full-resolution plane per component, row-major. */
  static final class Image {
    final int width;
    final int height;
    final int precision;
    final int[][] planes;
    final boolean lossless;

    Image(int width, int height, int precision, int[][] planes, boolean lossless) {
      this.width = width;
      this.height = height;
      this.precision = precision;
      this.planes = planes;
      this.lossless = lossless;
    }
  }

  /** A malformed or unsupported code stream. */
  static final class JpegException extends IOException {
    private static final long serialVersionUID = 1L;

    JpegException(String message) {
      super(message);
    }
  }

  private static final int[] ZIGZAG = {
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27,
    20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58,
    59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63
  };

  private static final class Huffman {
    final int[] maxCode = new int[18];
    final int[] valOffset = new int[18];
    final int[] values;
    /** 9-bit lookahead: (length << 8) | value, or 0 when the code is longer. */
    final int[] fast = new int[1 << 9];

    Huffman(int[] counts, int[] values) throws JpegException {
      this.values = values;
      int code = 0;
      int k = 0;
      for (int len = 1; len <= 16; len++) {
        valOffset[len] = k - code;
        if (counts[len] > 0) {
          for (int i = 0; i < counts[len]; i++) {
            if (len <= 9) {
              int shift = 9 - len;
              int first = code << shift;
              int entry = (len << 8) | values[k];
              for (int j = 0; j < (1 << shift); j++) {
                fast[first + j] = entry;
              }
            }
            code++;
            k++;
          }
          maxCode[len] = code - 1;
        } else {
          maxCode[len] = -1;
        }
        if (code > (1 << len)) {
          throw new JpegException("Huffman table has too many codes of length " + len);
        }
        code <<= 1;
      }
      maxCode[17] = Integer.MAX_VALUE;
    }
  }

  private static final class Component {
    int id;
    int h;
    int v;
    int tq;
    int td;
    int ta;
    int pred;
    /** Plane of decoded samples at component resolution, width {@code stride}. */
    int[] plane;
    int stride;
    int rows;
    int dsWidth;
    int dsHeight;
  }

  // bit reader state
  private final byte[] data;
  private int pos;
  private long bitBuf;
  private int bitCount;
  private int marker = -1;
  /** Bits loaded from the code stream, and zero bits made up past its end or a marker. */
  private long realBits;
  private long madeUpBits;

  private final int[][] quant = new int[4][];
  private final Huffman[] dcTables = new Huffman[4];
  private final Huffman[] acTables = new Huffman[4];
  private int restartInterval;
  private Component[] comps;
  private int width;
  private int height;
  private int precision;
  private int sof = -1;
  private int hMax;
  private int vMax;

  private JpegDecoder(byte[] data) {
    this.data = data;
  }

  /** Decodes a baseline, extended (8/12-bit) or lossless JPEG code stream. */
  static Image decode(byte[] data) throws JpegException {
    try {
      return new JpegDecoder(data).run();
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new JpegException("JPEG code stream is truncated or corrupt");
    }
  }

  /** The SOF marker (0xC0..0xCF) and precision of a code stream, without decoding: {sof, P}. */
  static int[] frameType(byte[] data) throws JpegException {
    if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
      throw new JpegException("fragment is not a JPEG code stream (no SOI marker)");
    }
    int p = 2;
    while (p + 4 <= data.length) {
      if ((data[p] & 0xFF) != 0xFF) {
        p++;
        continue;
      }
      int m = data[p + 1] & 0xFF;
      if (m == 0xFF) {
        p++;
        continue;
      }
      int len = ((data[p + 2] & 0xFF) << 8) | (data[p + 3] & 0xFF);
      if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
        if (p + 4 >= data.length) {
          break;
        }
        return new int[] {m, data[p + 4] & 0xFF};
      }
      if (m == 0xDA || m == 0xD9) {
        break;
      }
      p += 2 + len;
    }
    throw new JpegException("JPEG code stream has no frame header (SOF)");
  }

  private Image run() throws JpegException {
    if (data.length < 4 || u8(0) != 0xFF || u8(1) != 0xD8) {
      throw new JpegException("fragment is not a JPEG code stream (no SOI marker)");
    }
    pos = 2;
    boolean decodedAny = false;
    while (true) {
      int m = nextMarker();
      if (m < 0 || m == 0xD9) {
        break;
      }
      int len = u16(pos);
      int segEnd = pos + len;
      if (len < 2 || segEnd > data.length) {
        throw new JpegException(String.format("JPEG marker FF%02X segment length %d runs past the "
            + "code stream", m, len));
      }
      switch (m) {
        case 0xDB:
          readQuant(pos + 2, segEnd);
          pos = segEnd;
          break;
        case 0xC4:
          readHuffman(pos + 2, segEnd);
          pos = segEnd;
          break;
        case 0xDD:
          restartInterval = u16(pos + 2);
          pos = segEnd;
          break;
        case 0xC0:
        case 0xC1:
        case 0xC3:
          readFrame(m, pos + 2, segEnd);
          pos = segEnd;
          break;
        case 0xDA:
          if (sof < 0) {
            throw new JpegException("JPEG scan before the frame header");
          }
          decodeScan(pos + 2, segEnd);
          decodedAny = true;
          break;
        default:
          if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            throw new JpegException(String.format("JPEG process of marker FF%02X (progressive, "
                + "hierarchical or arithmetic coding) is not supported", m));
          }
          pos = segEnd; // APPn, COM, DNL and others: skip
      }
    }
    if (!decodedAny) {
      throw new JpegException("JPEG code stream holds no scan");
    }
    return finish();
  }

  private int u8(int p) {
    return data[p] & 0xFF;
  }

  private int u16(int p) {
    return (u8(p) << 8) | u8(p + 1);
  }

  /** Finds the next marker from {@code pos}; returns its code or -1 at the end. */
  private int nextMarker() {
    if (marker >= 0) {
      int m = marker;
      marker = -1;
      return m;
    }
    while (pos + 1 < data.length) {
      if (u8(pos) == 0xFF) {
        int m = u8(pos + 1);
        if (m != 0 && m != 0xFF && !(m >= 0xD0 && m <= 0xD7)) {
          pos += 2;
          return m;
        }
      }
      pos++;
    }
    return -1;
  }

  private void readQuant(int p, int end) throws JpegException {
    while (p < end) {
      int pq = u8(p) >> 4;
      int tq = u8(p) & 15;
      p++;
      if (tq > 3) {
        throw new JpegException("quantisation table id " + tq + " out of range");
      }
      int[] q = new int[64];
      for (int i = 0; i < 64; i++) {
        if (pq == 0) {
          q[ZIGZAG[i]] = u8(p++);
        } else {
          q[ZIGZAG[i]] = u16(p);
          p += 2;
        }
      }
      quant[tq] = q;
    }
  }

  private void readHuffman(int p, int end) throws JpegException {
    while (p < end) {
      int tc = u8(p) >> 4;
      int th = u8(p) & 15;
      p++;
      if (th > 3 || tc > 1) {
        throw new JpegException("Huffman table class/id " + tc + "/" + th + " out of range");
      }
      int[] counts = new int[17];
      int total = 0;
      for (int i = 1; i <= 16; i++) {
        counts[i] = u8(p++);
        total += counts[i];
      }
      if (total > 256 || p + total > end) {
        throw new JpegException("Huffman table lists " + total + " symbols");
      }
      int[] values = new int[total];
      for (int i = 0; i < total; i++) {
        values[i] = u8(p++);
      }
      Huffman t = new Huffman(counts, values);
      if (tc == 0) {
        dcTables[th] = t;
      } else {
        acTables[th] = t;
      }
    }
  }

  private void readFrame(int m, int p, int end) throws JpegException {
    if (sof >= 0) {
      throw new JpegException("JPEG code stream has two frame headers");
    }
    sof = m;
    precision = u8(p);
    height = u16(p + 1);
    width = u16(p + 3);
    int nf = u8(p + 5);
    if (m == 0xC3 ? precision < 2 || precision > 16 : precision != 8 && precision != 12) {
      throw new JpegException("JPEG precision " + precision + " not valid for this process");
    }
    if (width < 1 || height < 1) {
      throw new JpegException("JPEG frame size " + width + "x" + height
          + " (a DNL marker defining the height is not supported)");
    }
    if (nf < 1 || nf > 4 || p + 6 + 3 * nf > end) {
      throw new JpegException("JPEG frame has " + nf + " components");
    }
    comps = new Component[nf];
    hMax = 1;
    vMax = 1;
    for (int i = 0; i < nf; i++) {
      Component c = new Component();
      c.id = u8(p + 6 + 3 * i);
      c.h = u8(p + 7 + 3 * i) >> 4;
      c.v = u8(p + 7 + 3 * i) & 15;
      c.tq = u8(p + 8 + 3 * i);
      if (c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4 || c.tq > 3) {
        throw new JpegException("JPEG component " + c.id + " has sampling " + c.h + "x" + c.v
            + " / table " + c.tq);
      }
      hMax = Math.max(hMax, c.h);
      vMax = Math.max(vMax, c.v);
      comps[i] = c;
    }
    if (m == 0xC3 && (hMax != 1 || vMax != 1)) {
      throw new JpegException("subsampled lossless JPEG is not supported");
    }
    int mcusX = ceilDiv(width, (m == 0xC3 ? 1 : 8) * hMax);
    int mcusY = ceilDiv(height, (m == 0xC3 ? 1 : 8) * vMax);
    for (Component c : comps) {
      c.dsWidth = ceilDiv(width * c.h, hMax);
      c.dsHeight = ceilDiv(height * c.v, vMax);
      if (m == 0xC3) {
        c.stride = width;
        c.rows = height;
      } else {
        c.stride = mcusX * c.h * 8;
        c.rows = mcusY * c.v * 8;
      }
      c.plane = new int[c.stride * c.rows];
    }
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  // ------------------------------------------------------------------------------ bits

  private void resetBits() {
    bitBuf = 0;
    bitCount = 0;
    realBits = 0;
    madeUpBits = 0;
  }

  /**
   * A scan (or restart interval) that needed more bits than the code stream holds is truncated
   * or corrupt: fail rather than decode made-up zeros into pixels.
   */
  private void checkComplete() throws JpegException {
    long consumed = realBits + madeUpBits - bitCount;
    if (consumed > realBits) {
      throw new JpegException("JPEG entropy-coded data ends " + (consumed - realBits)
          + " bits before the image is complete — code stream truncated or corrupt");
    }
  }

  private void fillBits() {
    while (bitCount <= 56) {
      int b = 0;
      boolean real = false;
      if (marker < 0 && pos < data.length) {
        b = u8(pos);
        if (b == 0xFF) {
          int n = pos + 1 < data.length ? u8(pos + 1) : 0xD9;
          if (n == 0) {
            pos += 2;
            real = true;
          } else if (n == 0xFF) {
            pos++; // fill byte
            continue;
          } else {
            marker = n;
            pos += 2;
            b = 0;
          }
        } else {
          pos++;
          real = true;
        }
      }
      if (real) {
        realBits += 8;
      } else {
        madeUpBits += 8;
      }
      bitBuf |= ((long) b) << (56 - bitCount);
      bitCount += 8;
    }
  }

  private int bits(int n) {
    if (n == 0) {
      return 0;
    }
    if (bitCount < n) {
      fillBits();
    }
    int v = (int) (bitBuf >>> (64 - n));
    bitBuf <<= n;
    bitCount -= n;
    return v;
  }

  private int decodeHuffman(Huffman t) throws JpegException {
    if (bitCount < 16) {
      fillBits();
    }
    int look = (int) (bitBuf >>> (64 - 9));
    int e = t.fast[look];
    if (e != 0) {
      int len = e >> 8;
      bitBuf <<= len;
      bitCount -= len;
      return e & 0xFF;
    }
    int code = 0;
    for (int len = 1; len <= 16; len++) {
      code = (code << 1) | (int) (bitBuf >>> 63);
      bitBuf <<= 1;
      bitCount--;
      if (code <= t.maxCode[len]) {
        return t.values[code + t.valOffset[len]];
      }
    }
    throw new JpegException("invalid Huffman code in JPEG scan");
  }

  /** Receives s bits and sign-extends them as T.81 F.2.2.1 EXTEND. */
  private int receiveExtend(int s) {
    if (s == 0) {
      return 0;
    }
    if (s == 16) {
      return 32768;
    }
    int v = bits(s);
    return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
  }

  /** Reads the RSTn marker expected after a restart interval and resets the decoder state. */
  private void restart() throws JpegException {
    checkComplete();
    resetBits();
    int m = marker;
    marker = -1;
    if (m < 0) {
      // not yet seen: scan forward for it
      while (pos + 1 < data.length && !(u8(pos) == 0xFF && u8(pos + 1) >= 0xD0
          && u8(pos + 1) <= 0xD7)) {
        pos++;
      }
      if (pos + 1 >= data.length) {
        throw new JpegException("JPEG scan ends before an expected restart marker");
      }
      pos += 2;
    } else if (m < 0xD0 || m > 0xD7) {
      marker = m;
      throw new JpegException(String.format("expected a restart marker, found FF%02X", m));
    }
    for (Component c : comps) {
      c.pred = 0;
    }
  }

  // ------------------------------------------------------------------------------ scans

  private void decodeScan(int p, int end) throws JpegException {
    int ns = u8(p);
    if (ns < 1 || ns > 4 || p + 1 + 2 * ns + 3 > end) {
      throw new JpegException("JPEG scan lists " + ns + " components");
    }
    Component[] sc = new Component[ns];
    for (int i = 0; i < ns; i++) {
      int id = u8(p + 1 + 2 * i);
      Component c = null;
      for (Component k : comps) {
        if (k.id == id) {
          c = k;
        }
      }
      if (c == null) {
        throw new JpegException("JPEG scan names unknown component " + id);
      }
      c.td = u8(p + 2 + 2 * i) >> 4;
      c.ta = u8(p + 2 + 2 * i) & 15;
      if (dcTables[c.td] == null || (sof != 0xC3 && acTables[c.ta] == null)) {
        throw new JpegException("JPEG scan uses an undefined Huffman table");
      }
      c.pred = 0;
      sc[i] = c;
    }
    int ss = u8(p + 1 + 2 * ns);
    int al = u8(p + 3 + 2 * ns) & 15;
    pos = end;
    resetBits();
    if (sof == 0xC3) {
      decodeLossless(sc, ss, al);
    } else {
      decodeSequential(sc);
    }
    checkComplete();
    resetBits();
  }

  private void decodeSequential(Component[] sc) throws JpegException {
    int[] coef = new int[64];
    int[] work = new int[64];
    int pass1 = precision == 12 ? 1 : 2;
    int max = (1 << precision) - 1;
    int center = 1 << (precision - 1);
    int mcuCount = 0;
    if (sc.length == 1) {
      Component c = sc[0];
      int bx = ceilDiv(c.dsWidth, 8);
      int by = ceilDiv(c.dsHeight, 8);
      for (int y = 0; y < by; y++) {
        for (int x = 0; x < bx; x++) {
          if (restartInterval > 0 && mcuCount > 0 && mcuCount % restartInterval == 0) {
            restart();
          }
          decodeBlock(c, coef);
          idct(coef, quant(c), work, c.plane, (y * 8) * c.stride + x * 8, c.stride, pass1,
              center, max);
          mcuCount++;
        }
      }
      return;
    }
    int mcusX = ceilDiv(width, 8 * hMax);
    int mcusY = ceilDiv(height, 8 * vMax);
    for (int my = 0; my < mcusY; my++) {
      for (int mx = 0; mx < mcusX; mx++) {
        if (restartInterval > 0 && mcuCount > 0 && mcuCount % restartInterval == 0) {
          restart();
        }
        for (Component c : sc) {
          int[] q = quant(c);
          for (int v = 0; v < c.v; v++) {
            for (int h = 0; h < c.h; h++) {
              decodeBlock(c, coef);
              int row = (my * c.v + v) * 8;
              int col = (mx * c.h + h) * 8;
              idct(coef, q, work, c.plane, row * c.stride + col, c.stride, pass1, center, max);
            }
          }
        }
        mcuCount++;
      }
    }
  }

  private int[] quant(Component c) throws JpegException {
    int[] q = quant[c.tq];
    if (q == null) {
      throw new JpegException("JPEG component " + c.id + " uses undefined quantisation table "
          + c.tq);
    }
    return q;
  }

  private void decodeBlock(Component c, int[] coef) throws JpegException {
    java.util.Arrays.fill(coef, 0);
    int t = decodeHuffman(dcTables[c.td]);
    if (t > 16) {
      throw new JpegException("invalid DC category " + t + " in JPEG scan");
    }
    int diff = receiveExtend(t);
    c.pred += diff;
    coef[0] = c.pred;
    Huffman ac = acTables[c.ta];
    for (int k = 1; k < 64; ) {
      int rs = decodeHuffman(ac);
      int r = rs >> 4;
      int s = rs & 15;
      if (s == 0) {
        if (r != 15) {
          break;
        }
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) {
        throw new JpegException("AC coefficient run past the block in JPEG scan");
      }
      coef[ZIGZAG[k]] = receiveExtend(s);
      k++;
    }
  }

  // IJG's accurate integer IDCT constants, FIX(x) = round(x * 2^13)
  private static final long F_0_298631336 = 2446;
  private static final long F_0_390180644 = 3196;
  private static final long F_0_541196100 = 4433;
  private static final long F_0_765366865 = 6270;
  private static final long F_0_899976223 = 7373;
  private static final long F_1_175875602 = 9633;
  private static final long F_1_501321110 = 12299;
  private static final long F_1_847759065 = 15137;
  private static final long F_1_961570560 = 16069;
  private static final long F_2_053119869 = 16819;
  private static final long F_2_562915447 = 20995;
  private static final long F_3_072711026 = 25172;
  private static final int CONST_BITS = 13;

  private static int descale(long x, int n) {
    return (int) ((x + (1L << (n - 1))) >> n);
  }

  /**
   * Dequantises and inverse-transforms one block: columns first into {@code work} (scaled by
   * 2^pass1), then rows, level-shifted by {@code center} and clamped to [0, max].
   */
  private static void idct(int[] coef, int[] q, int[] work, int[] out, int off, int stride,
      int pass1, int center, int max) {
    for (int col = 0; col < 8; col++) {
      long z2;
      long z3;
      long z1;
      long z4;
      long z5;
      if (coef[8 + col] == 0 && coef[16 + col] == 0 && coef[24 + col] == 0 && coef[32 + col] == 0
          && coef[40 + col] == 0 && coef[48 + col] == 0 && coef[56 + col] == 0) {
        int dc = (coef[col] * q[col]) << pass1;
        for (int r = 0; r < 8; r++) {
          work[r * 8 + col] = dc;
        }
        continue;
      }
      z2 = (long) coef[16 + col] * q[16 + col];
      z3 = (long) coef[48 + col] * q[48 + col];
      z1 = (z2 + z3) * F_0_541196100;
      long tmp2 = z1 + z3 * -F_1_847759065;
      long tmp3 = z1 + z2 * F_0_765366865;
      z2 = (long) coef[col] * q[col];
      z3 = (long) coef[32 + col] * q[32 + col];
      long tmp0 = (z2 + z3) << CONST_BITS;
      long tmp1 = (z2 - z3) << CONST_BITS;
      long tmp10 = tmp0 + tmp3;
      long tmp13 = tmp0 - tmp3;
      long tmp11 = tmp1 + tmp2;
      long tmp12 = tmp1 - tmp2;
      tmp0 = (long) coef[56 + col] * q[56 + col];
      tmp1 = (long) coef[40 + col] * q[40 + col];
      tmp2 = (long) coef[24 + col] * q[24 + col];
      tmp3 = (long) coef[8 + col] * q[8 + col];
      z1 = tmp0 + tmp3;
      z2 = tmp1 + tmp2;
      z3 = tmp0 + tmp2;
      z4 = tmp1 + tmp3;
      z5 = (z3 + z4) * F_1_175875602;
      tmp0 *= F_0_298631336;
      tmp1 *= F_2_053119869;
      tmp2 *= F_3_072711026;
      tmp3 *= F_1_501321110;
      z1 *= -F_0_899976223;
      z2 *= -F_2_562915447;
      z3 *= -F_1_961570560;
      z4 *= -F_0_390180644;
      z3 += z5;
      z4 += z5;
      tmp0 += z1 + z3;
      tmp1 += z2 + z4;
      tmp2 += z2 + z3;
      tmp3 += z1 + z4;
      int sh = CONST_BITS - pass1;
      work[col] = descale(tmp10 + tmp3, sh);
      work[56 + col] = descale(tmp10 - tmp3, sh);
      work[8 + col] = descale(tmp11 + tmp2, sh);
      work[48 + col] = descale(tmp11 - tmp2, sh);
      work[16 + col] = descale(tmp12 + tmp1, sh);
      work[40 + col] = descale(tmp12 - tmp1, sh);
      work[24 + col] = descale(tmp13 + tmp0, sh);
      work[32 + col] = descale(tmp13 - tmp0, sh);
    }
    int sh = CONST_BITS + pass1 + 3;
    for (int row = 0; row < 8; row++) {
      int w = row * 8;
      int o = off + row * stride;
      long z2 = work[w + 2];
      long z3 = work[w + 6];
      long z1 = (z2 + z3) * F_0_541196100;
      long tmp2 = z1 + z3 * -F_1_847759065;
      long tmp3 = z1 + z2 * F_0_765366865;
      long tmp0 = ((long) work[w] + work[w + 4]) << CONST_BITS;
      long tmp1 = ((long) work[w] - work[w + 4]) << CONST_BITS;
      long tmp10 = tmp0 + tmp3;
      long tmp13 = tmp0 - tmp3;
      long tmp11 = tmp1 + tmp2;
      long tmp12 = tmp1 - tmp2;
      tmp0 = work[w + 7];
      tmp1 = work[w + 5];
      tmp2 = work[w + 3];
      tmp3 = work[w + 1];
      z1 = tmp0 + tmp3;
      z2 = tmp1 + tmp2;
      z3 = tmp0 + tmp2;
      long z4 = tmp1 + tmp3;
      long z5 = (z3 + z4) * F_1_175875602;
      tmp0 *= F_0_298631336;
      tmp1 *= F_2_053119869;
      tmp2 *= F_3_072711026;
      tmp3 *= F_1_501321110;
      z1 *= -F_0_899976223;
      z2 *= -F_2_562915447;
      z3 *= -F_1_961570560;
      z4 *= -F_0_390180644;
      z3 += z5;
      z4 += z5;
      tmp0 += z1 + z3;
      tmp1 += z2 + z4;
      tmp2 += z2 + z3;
      tmp3 += z1 + z4;
      out[o] = limit(descale(tmp10 + tmp3, sh), center, max);
      out[o + 7] = limit(descale(tmp10 - tmp3, sh), center, max);
      out[o + 1] = limit(descale(tmp11 + tmp2, sh), center, max);
      out[o + 6] = limit(descale(tmp11 - tmp2, sh), center, max);
      out[o + 2] = limit(descale(tmp12 + tmp1, sh), center, max);
      out[o + 5] = limit(descale(tmp12 - tmp1, sh), center, max);
      out[o + 3] = limit(descale(tmp13 + tmp0, sh), center, max);
      out[o + 4] = limit(descale(tmp13 - tmp0, sh), center, max);
    }
  }

  /**
   * IJG's post-IDCT range limit: the value is taken modulo 4 * 2^P into [-2 * 2^P, 2 * 2^P),
   * shifted by the centre and clamped — so wildly out-of-range values wrap exactly as libjpeg's
   * table lookup with RANGE_MASK does.
   */
  private static int limit(int x, int center, int max) {
    int range = 4 * (max + 1);
    int j = x & (range - 1);
    if (j >= 2 * (max + 1)) {
      j -= range;
    }
    int v = j + center;
    return v < 0 ? 0 : v > max ? max : v;
  }

  private void decodeLossless(Component[] sc, int predictor, int pt) throws JpegException {
    if (predictor < 1 || predictor > 7) {
      if (predictor == 0 && sc.length > 0) {
        throw new JpegException("lossless JPEG predictor 0 is for hierarchical mode only");
      }
      throw new JpegException("lossless JPEG predictor " + predictor + " not in 1..7");
    }
    int mask = 0xFFFF;
    int initial = 1 << (precision - pt - 1);
    int mcus = 0;
    boolean firstLine = true;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (restartInterval > 0 && mcus > 0 && mcus % restartInterval == 0) {
          restart();
          if (x != 0) {
            throw new JpegException("lossless JPEG restart interval is not a whole number of "
                + "rows");
          }
          firstLine = true;
        }
        for (Component c : sc) {
          int[] pl = c.plane;
          int i = y * width + x;
          int pred;
          if (firstLine) {
            pred = x == 0 ? initial : pl[i - 1];
          } else if (x == 0) {
            pred = pl[i - width];
          } else {
            int ra = pl[i - 1];
            int rb = pl[i - width];
            int rc = pl[i - width - 1];
            switch (predictor) {
              case 1:
                pred = ra;
                break;
              case 2:
                pred = rb;
                break;
              case 3:
                pred = rc;
                break;
              case 4:
                pred = ra + rb - rc;
                break;
              case 5:
                pred = ra + ((rb - rc) >> 1);
                break;
              case 6:
                pred = rb + ((ra - rc) >> 1);
                break;
              default:
                pred = (ra + rb) >> 1;
            }
          }
          int t = decodeHuffman(dcTables[c.td]);
          if (t > 16) {
            throw new JpegException("invalid difference category " + t + " in lossless scan");
          }
          int diff = receiveExtend(t);
          pl[i] = (pred + diff) & mask;
        }
        mcus++;
      }
      firstLine = false;
    }
    if (pt > 0) {
      for (Component c : sc) {
        int[] pl = c.plane;
        for (int i = 0; i < pl.length; i++) {
          pl[i] <<= pt;
        }
      }
    }
  }

  // ------------------------------------------------------------------------------ output

  private Image finish() {
    int[][] planes = new int[comps.length][];
    for (int i = 0; i < comps.length; i++) {
      Component c = comps[i];
      if (sof == 0xC3) {
        planes[i] = c.plane;
      } else if (c.h == hMax && c.v == vMax) {
        planes[i] = crop(c.plane, c.stride, width, height);
      } else {
        planes[i] = upsample(c);
      }
    }
    return new Image(width, height, precision, planes, sof == 0xC3);
  }

  private static int[] crop(int[] plane, int stride, int w, int h) {
    if (stride == w) {
      return plane.length == w * h ? plane : java.util.Arrays.copyOf(plane, w * h);
    }
    int[] out = new int[w * h];
    for (int y = 0; y < h; y++) {
      System.arraycopy(plane, y * stride, out, y * w, w);
    }
    return out;
  }

  /** Upsamples a subsampled component to full resolution as libjpeg does by default. */
  private int[] upsample(Component c) {
    int hf = hMax / c.h;
    int vf = vMax / c.v;
    int dw = c.dsWidth;
    int dh = c.dsHeight;
    int outW = dw * hf;
    int outH = dh * vf;
    int[] full = new int[outW * outH];
    int[] in = c.plane;
    int s = c.stride;
    if (hf == 2 && vf == 1 && hMax % c.h == 0 && dw > 2) {
      for (int y = 0; y < dh; y++) {
        fancyRowH2(in, y * s, dw, full, y * outW);
      }
    } else if (hf == 2 && vf == 2 && dw > 2) {
      for (int y = 0; y < dh; y++) {
        int above = Math.max(0, y - 1);
        int below = Math.min(dh - 1, y + 1);
        fancyRowH2V2(in, y * s, above * s, dw, full, (2 * y) * outW);
        fancyRowH2V2(in, y * s, below * s, dw, full, (2 * y + 1) * outW);
      }
    } else {
      for (int y = 0; y < outH; y++) {
        for (int x = 0; x < outW; x++) {
          full[y * outW + x] = in[(y / vf) * s + x / hf];
        }
      }
    }
    int[] out = new int[width * height];
    for (int y = 0; y < height; y++) {
      System.arraycopy(full, y * outW, out, y * width, width);
    }
    return out;
  }

  /** libjpeg's h2v1 triangular filter: 3/4 nearer + 1/4 further, biased 1 then 2. */
  private static void fancyRowH2(int[] in, int i0, int n, int[] out, int o) {
    int v = in[i0];
    out[o++] = v;
    out[o++] = (v * 3 + in[i0 + 1] + 2) >> 2;
    for (int i = 1; i < n - 1; i++) {
      v = in[i0 + i] * 3;
      out[o++] = (v + in[i0 + i - 1] + 1) >> 2;
      out[o++] = (v + in[i0 + i + 1] + 2) >> 2;
    }
    v = in[i0 + n - 1];
    out[o++] = (v * 3 + in[i0 + n - 2] + 1) >> 2;
    out[o] = v;
  }

  /**
   * libjpeg's h2v2 triangular filter for one output row: column sums 3*this + other row, then
   * 3/4 nearer column + 1/4 further, biased 8 then 7.
   */
  private static void fancyRowH2V2(int[] in, int row, int other, int n, int[] out, int o) {
    int thisSum = in[row] * 3 + in[other];
    int nextSum = in[row + 1] * 3 + in[other + 1];
    out[o++] = (thisSum * 4 + 8) >> 4;
    out[o++] = (thisSum * 3 + nextSum + 7) >> 4;
    int lastSum = thisSum;
    thisSum = nextSum;
    for (int i = 2; i < n; i++) {
      nextSum = in[row + i] * 3 + in[other + i];
      out[o++] = (thisSum * 3 + lastSum + 8) >> 4;
      out[o++] = (thisSum * 3 + nextSum + 7) >> 4;
      lastSum = thisSum;
      thisSum = nextSum;
    }
    out[o++] = (thisSum * 3 + lastSum + 8) >> 4;
    out[o] = (thisSum * 4 + 7) >> 4;
  }
}
