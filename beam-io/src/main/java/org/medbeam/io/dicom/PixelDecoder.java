package org.medbeam.io.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.medbeam.core.DType;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ReadLimits;

/**
 * Decodes the pixel data of one file, frame by frame, straight into a channel-first destination
 * {@code (C, X, Y, Z)}: native (1/8/16/32-bit, float, either byte order, planar 0/1,
 * YBR_FULL_422 subsampled) or encapsulated (RLE, JPEG, JPEG 2000). Then, per frame: sign extension
 * from BitsStored, YBR→RGB, palette lookup, modality LUT.
 *
 * <p>When the destination has the stored type and no palette or rescale applies, each frame is
 * decoded in place into its slice; otherwise through one scratch frame, so memory stays at the
 * destination plus one frame.
 */
final class PixelDecoder {
  private PixelDecoder() {}

  /** Where decoded frames go and which modality LUT each gets. */
  static final class Target {
    final Object dest;
    final DType destType;
    final int depth;
    final int[] sliceOfFrame;
    final double[] slopes;
    final double[] intercepts;

    /**
     * @param dest array of {@code destType} holding {@code C * X * Y * depth} elements
     * @param sliceOfFrame z of each frame (-1: skip the frame), or {@code null} for f → z = f
     * @param slopes per-frame rescale slope, or {@code null} for no modality LUT (then {@code
     *     destType} must be the decoded type)
     */
    Target(Object dest, DType destType, int depth, int[] sliceOfFrame, double[] slopes,
        double[] intercepts) {
      this.dest = dest;
      this.destType = destType;
      this.depth = depth;
      this.sliceOfFrame = sliceOfFrame;
      this.slopes = slopes;
      this.intercepts = intercepts;
    }
  }

  /**
   * Decodes every frame of the file {@code r} is positioned in (just after {@link
   * DicomStreamReader#readHeader}).
   */
  static void decode(DicomStreamReader r, DicomFile header, PixelModule pm, Target t,
      ReadLimits limits) throws IOException {
    DicomFile.PixelDataInfo pd = header.pixelData();
    String file = header.source();
    if (pd == null) {
      throw new DicomParseException(file, "no pixel data (7FE0,0010) in the file");
    }
    TransferSyntax ts = header.transferSyntax();
    int px = pm.pixelsPerFrame();
    int samples = pm.samplesPerPixel();
    DType stored = pm.storedDType();
    boolean direct = pm.palette() == null && t.slopes == null && t.destType == stored;
    if (!direct && t.slopes == null && t.destType != pm.decodedDType()) {
      throw new IllegalArgumentException("destination type " + t.destType
          + " differs from the decoded type " + pm.decodedDType() + " with no rescale");
    }
    FrameBuffer scratch =
        direct ? null : new FrameBuffer(stored.allocate(px * samples), stored, 0, px);
    int destStride = px * t.depth;
    FrameSource frames;
    if (!pd.encapsulated()) {
      if (ts.encapsulated()) {
        // native-length pixel data in a compressed transfer syntax: not decodable
        throw new DicomParseException(file, "pixel data has a defined length but the transfer "
            + "syntax " + ts + " requires encapsulated fragments");
      }
      frames = new NativeFrames(r.input(), pd, pm, file);
    } else {
      if (!ts.encapsulated()) {
        throw new DicomParseException(file, "pixel data is encapsulated (undefined length) but "
            + "the transfer syntax " + ts + " is native");
      }
      frames = encapsulatedFrames(r, header, pm, limits);
    }
    FrameBuffer discard = null;
    for (int f = 0; f < pm.frames(); f++) {
      int z = t.sliceOfFrame == null ? f : t.sliceOfFrame[f];
      if (z < 0) {
        // a frame that belongs to another volume (a split series): decode past it
        if (discard == null) {
          discard = new FrameBuffer(stored.allocate(px * samples), stored, 0, px);
        }
        frames.decode(f, discard);
        continue;
      }
      FrameBuffer fb = direct ? new FrameBuffer(t.dest, t.destType, z * px, destStride) : scratch;
      frames.decode(f, fb);
      fixBits(fb, pm, px);
      if (samples == 3 && pm.photometric().startsWith("YBR_FULL") && !frames.convertsColour()) {
        ColourConversion.ybrFullToRgb(fb, px);
      }
      if (!direct) {
        finish(scratch, pm, t, f, z, px);
      }
    }
  }

  /** Decodes frame f into a frame buffer of the stored type. */
  interface FrameSource {
    void decode(int frame, FrameBuffer fb) throws IOException;

    /** Does this decoder already deliver RGB for YBR photometric (JPEG baseline via ImageIO)? */
    default boolean convertsColour() {
      return false;
    }
  }

  private static FrameSource encapsulatedFrames(DicomStreamReader r, DicomFile header,
      PixelModule pm, ReadLimits limits) throws IOException {
    TransferSyntax ts = header.transferSyntax();
    String file = header.source();
    switch (ts.codec()) {
      case RLE:
        {
          List<byte[]> frames = Fragments.read(r, header, pm, limits, Fragments.Kind.RLE);
          return (f, fb) -> RleCodec.decode(frames.get(f), pm, fb, file, f);
        }
      case JPEG_BASELINE:
      case JPEG_EXTENDED:
      case JPEG_LOSSLESS:
        {
          List<byte[]> frames = Fragments.read(r, header, pm, limits, Fragments.Kind.JPEG);
          return (f, fb) -> JpegCodec.decode(frames.get(f), pm, fb, file, f, ts);
        }
      case JPEG_2000:
        {
          List<byte[]> frames = Fragments.read(r, header, pm, limits, Fragments.Kind.J2K);
          return (f, fb) -> J2kCodec.decode(frames.get(f), pm, fb, file, f);
        }
      case JPEG_LS:
        throw new UnsupportedTransferSyntaxException(file, ts.uid(),
            "no JPEG-LS decoder is available in medbeam (convert with 'dcmdjpls' first)");
      default:
        throw new UnsupportedTransferSyntaxException(file, ts.uid(),
            TransferSyntax.isKnown(ts.uid()) ? "no decoder for this compression in medbeam"
                : "unknown transfer syntax UID");
    }
  }

  // ------------------------------------------------------------------------------- native

  /** Largest frame read through a cached direct buffer (bigger ones go through the heap). */
  private static final int MAX_DIRECT = 64 << 20;

  private static final ThreadLocal<ByteBuffer> DIRECT = new ThreadLocal<>();

  /** A per-thread direct buffer of at least {@code n} bytes, cleared, limit n. */
  private static ByteBuffer directBuffer(int n) {
    ByteBuffer b = DIRECT.get();
    if (b == null || b.capacity() < n) {
      b = ByteBuffer.allocateDirect(Math.max(n, 1 << 16));
      DIRECT.set(b);
    }
    b.clear().limit(n);
    return b;
  }

  /** Reads native frames in order from the stream. */
  private static final class NativeFrames implements FrameSource {
    private final DicomInput in;
    private final PixelModule pm;
    private final String file;
    private final ByteOrder order;
    private final boolean swapBytePairs;
    private final boolean ybr422;
    private byte[] bytes;
    private byte[] bits;
    private int next;

    NativeFrames(DicomInput in, DicomFile.PixelDataInfo pd, PixelModule pm, String file)
        throws IOException {
      this.in = in;
      this.pm = pm;
      this.file = file;
      this.order = in.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      // 8-bit samples in an OW element of a big endian stream come in swapped byte pairs
      this.swapBytePairs = in.bigEndian() && pm.bitsAllocated() == 8 && pd.vr() == VR.OW;
      this.ybr422 = pm.photometric().equals("YBR_FULL_422");
      long need = ybr422 ? (long) pm.pixelsPerFrame() * 2 * pm.frames() : pm.nativeBytes();
      if (ybr422 && (pm.columns() & 1) == 1) {
        throw new DicomParseException(file, "YBR_FULL_422 needs an even number of columns, got "
            + pm.columns());
      }
      if (pd.length() < need) {
        throw new DicomParseException(file, "pixel data holds " + pd.length() + " bytes but "
            + pm + " needs " + need + " — pixel data truncated or header wrong");
      }
      in.checkLength(need, "pixel data");
    }

    @Override
    public void decode(int frame, FrameBuffer fb) throws IOException {
      if (frame != next) {
        throw new IllegalStateException("native frames are read in order");
      }
      next++;
      int px = pm.pixelsPerFrame();
      if (pm.bitsAllocated() == 1) {
        if (bits == null) {
          bits = in.bytes(pm.nativeBytes(), "bit-packed pixel data");
        }
        byte[] out = (byte[]) fb.array;
        long bit0 = (long) frame * px;
        for (int p = 0; p < px; p++) {
          long b = bit0 + p;
          out[fb.base + p] = (byte) ((bits[(int) (b >>> 3)] >>> (b & 7)) & 1);
        }
        return;
      }
      int frameBytes = ybr422 ? px * 2 : (int) pm.nativeFrameBytes();
      int samples = pm.samplesPerPixel();
      boolean planes = !ybr422 && !swapBytePairs
          && (samples == 1 || pm.planarConfiguration() == 1);
      if (planes && in.hasChannel() && frameBytes <= MAX_DIRECT) {
        // local file: page cache → direct buffer → destination, no heap copy in between
        ByteBuffer direct = directBuffer(frameBytes);
        in.readFully(direct, frameBytes, "pixel data of frame " + (frame + 1));
        direct.flip();
        for (int c = 0; c < samples; c++) {
          copyPlane(direct, c * frameBytes / samples, fb, fb.base + c * fb.stride, px);
        }
        return;
      }
      if (bytes == null) {
        bytes = new byte[frameBytes];
      }
      in.readFully(bytes, 0, frameBytes, "pixel data of frame " + (frame + 1));
      if (swapBytePairs) {
        for (int i = 0; i + 1 < frameBytes; i += 2) {
          byte b = bytes[i];
          bytes[i] = bytes[i + 1];
          bytes[i + 1] = b;
        }
      }
      if (ybr422) {
        expandYbr422(bytes, fb, pm.columns(), pm.rows());
        return;
      }
      if (samples == 1 || pm.planarConfiguration() == 1) {
        // each channel is one contiguous plane: a straight copy
        for (int c = 0; c < samples; c++) {
          copyPlane(ByteBuffer.wrap(bytes), c * frameBytes / samples, fb,
              fb.base + c * fb.stride, px);
        }
        return;
      }
      deinterleave(bytes, fb, px, samples);
    }

    private void copyPlane(ByteBuffer src, int srcOff, FrameBuffer fb, int dstOff, int n) {
      ByteBuffer bb = src.duplicate();
      bb.limit(srcOff + n * fb.dtype.byteSize()).position(srcOff);
      bb = bb.slice().order(order);
      switch (fb.dtype) {
        case UINT8:
        case INT8:
          bb.get((byte[]) fb.array, dstOff, n);
          break;
        case UINT16:
        case INT16:
          bb.asShortBuffer().get((short[]) fb.array, dstOff, n);
          break;
        case UINT32:
        case INT32:
          bb.asIntBuffer().get((int[]) fb.array, dstOff, n);
          break;
        case FLOAT32:
          bb.asFloatBuffer().get((float[]) fb.array, dstOff, n);
          break;
        case FLOAT64:
          bb.asDoubleBuffer().get((double[]) fb.array, dstOff, n);
          break;
        default:
          throw new IllegalStateException("unexpected stored type " + fb.dtype);
      }
    }

    private void deinterleave(byte[] src, FrameBuffer fb, int px, int samples) {
      if (fb.dtype.byteSize() == 1) {
        byte[] out = (byte[]) fb.array;
        for (int c = 0; c < samples; c++) {
          int o = fb.base + c * fb.stride;
          for (int p = 0, s = c; p < px; p++, s += samples) {
            out[o + p] = src[s];
          }
        }
        return;
      }
      ByteBuffer bb = ByteBuffer.wrap(src).order(order);
      int w = fb.dtype.byteSize();
      for (int c = 0; c < samples; c++) {
        for (int p = 0; p < px; p++) {
          int at = (p * samples + c) * w;
          int v;
          if (w == 2) {
            v = fb.dtype.isSigned() ? bb.getShort(at) : bb.getShort(at) & 0xFFFF;
          } else {
            v = bb.getInt(at);
          }
          fb.set(c, p, v);
        }
      }
    }
  }

  /**
   * YBR_FULL_422 native data (PS3.3 C.7.6.3.1.2): Y1 Y2 Cb Cr per pixel pair, expanded to full
   * resolution with both pixels of a pair taking the pair's Cb and Cr (as pydicom does).
   */
  private static void expandYbr422(byte[] src, FrameBuffer fb, int columns, int rows) {
    byte[] out = (byte[]) fb.array;
    int y0 = fb.base;
    int cb0 = fb.base + fb.stride;
    int cr0 = fb.base + 2 * fb.stride;
    int pairs = columns * rows / 2;
    for (int k = 0; k < pairs; k++) {
      int s = 4 * k;
      int p = 2 * k;
      out[y0 + p] = src[s];
      out[y0 + p + 1] = src[s + 1];
      out[cb0 + p] = src[s + 2];
      out[cb0 + p + 1] = src[s + 2];
      out[cr0 + p] = src[s + 3];
      out[cr0 + p + 1] = src[s + 3];
    }
  }

  // ------------------------------------------------------------------------------- per frame

  /**
   * BitsStored &lt; BitsAllocated: keeps the stored bits only, sign-extending from bit
   * BitsStored-1 for signed data (PS3.5 8.1.1; bits above HighBit are not pixel data).
   */
  static void fixBits(FrameBuffer fb, PixelModule pm, int px) {
    int bs = pm.bitsStored();
    int ba = pm.bitsAllocated();
    if (bs >= ba || ba == 1 || fb.dtype.isFloating()) {
      return;
    }
    int channels = pm.samplesPerPixel();
    boolean signed = pm.signed();
    int shift = 32 - bs;
    int mask = (int) ((1L << bs) - 1);
    for (int c = 0; c < channels; c++) {
      int o = fb.base + c * fb.stride;
      switch (fb.dtype) {
        case UINT16:
        case INT16:
          {
            short[] a = (short[]) fb.array;
            if (signed) {
              for (int i = o; i < o + px; i++) {
                a[i] = (short) ((a[i] << shift) >> shift);
              }
            } else {
              for (int i = o; i < o + px; i++) {
                a[i] = (short) (a[i] & mask);
              }
            }
            break;
          }
        case UINT8:
        case INT8:
          {
            byte[] a = (byte[]) fb.array;
            if (signed) {
              for (int i = o; i < o + px; i++) {
                a[i] = (byte) ((a[i] << shift) >> shift);
              }
            } else {
              for (int i = o; i < o + px; i++) {
                a[i] = (byte) (a[i] & mask);
              }
            }
            break;
          }
        default:
          {
            int[] a = (int[]) fb.array;
            if (signed) {
              for (int i = o; i < o + px; i++) {
                a[i] = (a[i] << shift) >> shift;
              }
            } else {
              for (int i = o; i < o + px; i++) {
                a[i] = a[i] & mask;
              }
            }
          }
      }
    }
  }

  /** Scratch frame → destination slice z: palette lookup, modality LUT, or a typed copy. */
  private static void finish(FrameBuffer src, PixelModule pm, Target t, int frame, int z,
      int px) {
    int destStride = px * t.depth;
    int base = z * px;
    PaletteLut lut = pm.palette();
    int channels = pm.channels();
    if (t.slopes == null) {
      // palette lookup into the palette's type
      FrameBuffer out = new FrameBuffer(t.dest, t.destType, base, destStride);
      for (int c = 0; c < 3; c++) {
        for (int p = 0; p < px; p++) {
          out.set(c, p, lut.lookup(c, src.get(0, p)));
        }
      }
      return;
    }
    // modality LUT to float32 as MONAI's PydicomReader: float32(x) * float32(slope) +
    // float32(intercept), each step rounded to float32
    float slope = (float) t.slopes[frame];
    float intercept = (float) t.intercepts[frame];
    float[] dest = (float[]) t.dest;
    for (int c = 0; c < channels; c++) {
      int o = base + c * destStride;
      if (lut != null) {
        for (int p = 0; p < px; p++) {
          dest[o + p] = (float) lut.lookup(c, src.get(0, p)) * slope + intercept;
        }
        continue;
      }
      int so = c * px;
      switch (src.dtype) {
        case INT16:
          {
            short[] a = (short[]) src.array;
            for (int p = 0; p < px; p++) {
              dest[o + p] = (float) a[so + p] * slope + intercept;
            }
            break;
          }
        case UINT16:
          {
            short[] a = (short[]) src.array;
            for (int p = 0; p < px; p++) {
              dest[o + p] = (float) (a[so + p] & 0xFFFF) * slope + intercept;
            }
            break;
          }
        case UINT8:
          {
            byte[] a = (byte[]) src.array;
            for (int p = 0; p < px; p++) {
              dest[o + p] = (float) (a[so + p] & 0xFF) * slope + intercept;
            }
            break;
          }
        case INT8:
          {
            byte[] a = (byte[]) src.array;
            for (int p = 0; p < px; p++) {
              dest[o + p] = (float) a[so + p] * slope + intercept;
            }
            break;
          }
        case INT32:
          {
            int[] a = (int[]) src.array;
            for (int p = 0; p < px; p++) {
              dest[o + p] = (float) a[so + p] * slope + intercept;
            }
            break;
          }
        case UINT32:
          {
            int[] a = (int[]) src.array;
            for (int p = 0; p < px; p++) {
              dest[o + p] = (float) (a[so + p] & 0xFFFFFFFFL) * slope + intercept;
            }
            break;
          }
        case FLOAT32:
          {
            float[] a = (float[]) src.array;
            for (int p = 0; p < px; p++) {
              dest[o + p] = a[so + p] * slope + intercept;
            }
            break;
          }
        default:
          {
            double[] a = (double[]) src.array;
            for (int p = 0; p < px; p++) {
              dest[o + p] = (float) a[so + p] * slope + intercept;
            }
          }
      }
    }
  }

  static DicomParseException frameError(String file, int frame, String why) {
    return new DicomParseException(file, "frame " + (frame + 1) + ": " + why);
  }
}
