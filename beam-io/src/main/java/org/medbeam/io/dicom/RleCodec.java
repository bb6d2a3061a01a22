package org.medbeam.io.dicom;

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header (segment count, 15 segment offsets), then one
 * PackBits-coded segment per byte plane — for each sample, most significant byte first. Each
 * segment decodes to Rows x Columns bytes; composite samples are reassembled per pixel.
 */
final class RleCodec {
  private RleCodec() {}

  static void decode(byte[] data, PixelModule pm, FrameBuffer fb, String file, int frame)
      throws DicomParseException {
    int bytesPerSample = pm.bitsAllocated() / 8;
    if (pm.bitsAllocated() % 8 != 0 || bytesPerSample < 1) {
      throw error(file, frame, "RLE needs BitsAllocated 8, 16 or 32, got "
          + pm.bitsAllocated());
    }
    int samples = pm.samplesPerPixel();
    int expected = samples * bytesPerSample;
    if (data.length < 64) {
      throw error(file, frame, "RLE header needs 64 bytes, fragment has " + data.length);
    }
    long nSeg = u32(data, 0);
    if (nSeg != expected) {
      throw error(file, frame, "RLE header lists " + nSeg + " segments; " + samples
          + " sample(s) of " + pm.bitsAllocated() + " bits need " + expected);
    }
    long[] offsets = new long[expected + 1];
    for (int i = 0; i < expected; i++) {
      offsets[i] = u32(data, 4 + 4 * i);
      if (offsets[i] < 64 || offsets[i] > data.length || (i > 0 && offsets[i] < offsets[i - 1])) {
        throw error(file, frame, "RLE segment " + (i + 1) + " offset " + offsets[i]
            + " lies outside the frame's " + data.length + " bytes or before the previous one");
      }
    }
    offsets[expected] = data.length;
    int px = pm.pixelsPerFrame();
    byte[] plane = new byte[px];
    for (int s = 0; s < samples; s++) {
      for (int b = 0; b < bytesPerSample; b++) {
        int seg = s * bytesPerSample + b;
        unpackBits(data, (int) offsets[seg], (int) offsets[seg + 1], plane, file, frame, seg);
        int shift = 8 * (bytesPerSample - 1 - b);
        merge(plane, fb, s, shift, b == 0, px);
      }
    }
  }

  /** PackBits: n in [0,127] copies n+1 literal bytes, [-127,-1] repeats the next byte 1-n times. */
  private static void unpackBits(byte[] src, int from, int to, byte[] out, String file,
      int frame, int seg) throws DicomParseException {
    int o = 0;
    int i = from;
    int n = out.length;
    while (o < n && i < to) {
      int h = src[i++];
      if (h >= 0) {
        int count = h + 1;
        if (i + count > to) {
          throw error(file, frame, "RLE segment " + (seg + 1) + " literal run of " + count
              + " bytes passes the segment end");
        }
        int c = Math.min(count, n - o);
        System.arraycopy(src, i, out, o, c);
        o += c;
        i += count;
      } else if (h != -128) {
        int count = 1 - h;
        if (i >= to) {
          throw error(file, frame, "RLE segment " + (seg + 1) + " replicate run has no byte");
        }
        byte v = src[i++];
        int c = Math.min(count, n - o);
        for (int k = 0; k < c; k++) {
          out[o++] = v;
        }
      }
    }
    if (o < n) {
      throw error(file, frame, "RLE segment " + (seg + 1) + " decodes to " + o
          + " bytes, Rows x Columns needs " + n);
    }
  }

  private static void merge(byte[] plane, FrameBuffer fb, int channel, int shift, boolean first,
      int px) {
    int o = fb.base + channel * fb.stride;
    switch (fb.dtype) {
      case UINT8:
      case INT8:
        System.arraycopy(plane, 0, (byte[]) fb.array, o, px);
        break;
      case UINT16:
      case INT16:
        {
          short[] a = (short[]) fb.array;
          if (first) {
            for (int p = 0; p < px; p++) {
              a[o + p] = (short) ((plane[p] & 0xFF) << shift);
            }
          } else {
            for (int p = 0; p < px; p++) {
              a[o + p] |= (short) ((plane[p] & 0xFF) << shift);
            }
          }
          break;
        }
      default:
        {
          int[] a = (int[]) fb.array;
          if (first) {
            for (int p = 0; p < px; p++) {
              a[o + p] = (plane[p] & 0xFF) << shift;
            }
          } else {
            for (int p = 0; p < px; p++) {
              a[o + p] |= (plane[p] & 0xFF) << shift;
            }
          }
        }
    }
  }

  private static long u32(byte[] b, int off) {
    return (b[off] & 0xFF) | ((b[off + 1] & 0xFF) << 8) | ((b[off + 2] & 0xFF) << 16)
        | ((long) (b[off + 3] & 0xFF) << 24);
  }

  private static DicomParseException error(String file, int frame, String why) {
    return new DicomParseException(file, "frame " + (frame + 1) + ": " + why);
  }
}
