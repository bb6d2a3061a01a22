package org.medbeam.io.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.medbeam.core.DType;
import org.medbeam.io.ImageReadException;

/**
 * Voxel bytes to typed arrays and back. NIfTI stores the first index fastest and dims 4..7 after
 * the spatial ones, exactly the channel-last-slowest order of {@link org.medbeam.core.Volume}, so
 * scalar data are copied straight; only RGB24/RGBA32 components are de-interleaved into channels.
 */
final class VoxelCodec {
  private VoxelCodec() {}

  /**
   * Decodes {@code count} voxels of {@code type} from {@code in}, which is positioned at the
   * first voxel byte.
   *
   * @param spatial voxels per frame (product of dims 1..3), used to lay RGB components out as
   *     channels {@code component + components * frame}
   * @param slope applied with {@code inter} as nibabel's {@code apply_read_scaling} when {@code
   *     scaled}: {@code raw * slope} (skipped when slope is 1) then {@code + inter} (skipped when
   *     0), in float64
   * @return a {@code type.dtype()} array, or {@code double[]} when scaled
   */
  static Object decode(
      VoxelInput in,
      NiftiDataType type,
      ByteOrder order,
      int count,
      int spatial,
      boolean scaled,
      double slope,
      double inter)
      throws ImageReadException {
    int bpv = type.bytesPerVoxel();
    String what = "voxel data";
    if (!scaled && type.components() == 1 && bpv == 1) {
      byte[] out = new byte[count];
      in.readFully(out, 0, count, what);
      return out;
    }
    Converter c = new Converter(type, order, count, spatial, scaled, slope, inter, 0);
    int perChunk = Math.max(1, VoxelInput.CHUNK / bpv);
    byte[] scratch = new byte[perChunk * bpv];
    for (int done = 0; done < count; ) {
      int n = Math.min(perChunk, count - done);
      c.accept(in.next(scratch, n * bpv, what));
      done += n;
    }
    return c.out;
  }

  /**
   * Converts the decoded bytes of a file, voxels from byte {@code skip} on, into the volume's
   * array, as they come in pieces of any size ({@link #accept}).
   */
  static final class Converter {
    final NiftiDataType type;
    final ByteOrder order;
    final int count;
    final int spatial;
    final boolean scaled;
    final double slope;
    final double inter;
    final long skip;
    final int bpv;
    final long end;
    final Object out;
    private long pos;
    private final byte[] carry;
    private int carryLength;

    Converter(NiftiDataType type, ByteOrder order, int count, int spatial, boolean scaled,
        double slope, double inter, long skip) {
      this.type = type;
      this.order = order;
      this.count = count;
      this.spatial = spatial;
      this.scaled = scaled;
      this.slope = slope;
      this.inter = inter;
      this.skip = skip;
      this.bpv = type.bytesPerVoxel();
      this.end = skip + (long) count * bpv;
      this.out = scaled ? new double[count]
          : type.dtype().allocate(Math.multiplyExact(count, type.components()));
      this.carry = new byte[bpv];
      this.pos = skip;
    }

    /** Starts the stream at decoded byte {@code p} (default: {@code skip}). */
    Converter startAt(long p) {
      this.pos = p;
      return this;
    }

    /** Decoded bytes seen so far (the absolute offset of the next byte). */
    long position() {
      return pos;
    }

    /** All voxels converted. */
    boolean complete() {
      return pos >= end && carryLength == 0;
    }

    void accept(byte[] b, int off, int len) {
      accept(ByteBuffer.wrap(b, off, len).slice());
    }

    /** The next decoded bytes (position to limit of {@code bb}). */
    void accept(ByteBuffer bb) {
      int len = bb.remaining();
      int off = bb.position();
      if (pos < skip) {
        int d = (int) Math.min(len, skip - pos);
        off += d;
        len -= d;
        pos += d;
      }
      if (len <= 0 || pos >= end) {
        pos += Math.max(len, 0);
        return;
      }
      len = (int) Math.min(len, end - pos);
      if (carryLength > 0) {
        int take = Math.min(bpv - carryLength, len);
        bb.get(off, carry, carryLength, take);
        carryLength += take;
        off += take;
        len -= take;
        pos += take;
        if (carryLength == bpv) {
          convert(ByteBuffer.wrap(carry).order(order), type, out,
              (int) ((pos - skip) / bpv) - 1, 1, spatial, count, scaled, slope, inter);
          carryLength = 0;
        }
      }
      int n = len / bpv;
      if (n > 0) {
        convert(bb.slice(off, n * bpv).order(order), type, out, (int) ((pos - skip) / bpv), n,
            spatial, count, scaled, slope, inter);
        off += n * bpv;
        len -= n * bpv;
        pos += (long) n * bpv;
      }
      if (len > 0) {
        bb.get(off, carry, 0, len);
        carryLength = len;
        pos += len;
      }
    }

  }

  private static void convert(ByteBuffer bb, NiftiDataType type, Object out, int at, int n,
      int spatial, int count, boolean scaled, double slope, double inter) {
    if (type.components() > 1) {
      components(bb, (byte[]) out, at, n, type.components(), spatial, count);
    } else if (scaled) {
      scaledChunk(bb, type.dtype(), (double[]) out, at, n, slope, inter);
    } else {
      copy(bb, type.dtype(), out, at, n);
    }
  }

  private static void copy(ByteBuffer bb, DType t, Object out, int at, int n) {
    switch (t) {
      case UINT8:
      case INT8:
        bb.get((byte[]) out, at, n);
        break;
      case UINT16:
      case INT16:
        bb.asShortBuffer().get((short[]) out, at, n);
        break;
      case UINT32:
      case INT32:
        bb.asIntBuffer().get((int[]) out, at, n);
        break;
      case UINT64:
      case INT64:
        bb.asLongBuffer().get((long[]) out, at, n);
        break;
      case FLOAT32:
        bb.asFloatBuffer().get((float[]) out, at, n);
        break;
      default:
        bb.asDoubleBuffer().get((double[]) out, at, n);
    }
  }

  private static void components(
      ByteBuffer bb, byte[] out, int at, int n, int comps, int spatial, int count) {
    for (int i = 0; i < n; i++) {
      int voxel = at + i;
      int frame = voxel / spatial;
      int v = voxel - frame * spatial;
      for (int c = 0; c < comps; c++) {
        out[(c + comps * frame) * spatial + v] = bb.get(i * comps + c);
      }
    }
  }

  private static void scaledChunk(
      ByteBuffer bb, DType t, double[] out, int at, int n, double slope, double inter) {
    boolean mul = slope != 1.0;
    boolean add = inter != 0.0;
    for (int i = 0; i < n; i++) {
      double v = raw(bb, t, i);
      if (mul) {
        v = v * slope;
      }
      if (add) {
        v = v + inter;
      }
      out[at + i] = v;
    }
  }

  /** Element {@code i} of the buffer as numpy converts it to float64. */
  private static double raw(ByteBuffer bb, DType t, int i) {
    switch (t) {
      case UINT8:
        return bb.get(i) & 0xFF;
      case INT8:
        return bb.get(i);
      case UINT16:
        return bb.getShort(2 * i) & 0xFFFF;
      case INT16:
        return bb.getShort(2 * i);
      case UINT32:
        return bb.getInt(4 * i) & 0xFFFFFFFFL;
      case INT32:
        return bb.getInt(4 * i);
      case UINT64:
        return unsignedToDouble(bb.getLong(8 * i));
      case INT64:
        return bb.getLong(8 * i);
      case FLOAT32:
        return bb.getFloat(4 * i);
      default:
        return bb.getDouble(8 * i);
    }
  }

  /** An unsigned 64-bit value rounded to the nearest double (ties to even), as a C cast does. */
  static double unsignedToDouble(long v) {
    if (v >= 0) {
      return v;
    }
    // halve keeping the lowest bit as a sticky bit, so the single rounding is correct
    return (double) ((v >>> 1) | (v & 1)) * 2.0;
  }

  // ---------------------------------------------------------------- writing

  /**
   * Encodes elements {@code [from, from + n)} of a typed array into {@code bb} (position 0, in
   * its byte order).
   */
  static void encode(Object data, DType t, int from, int n, ByteBuffer bb) {
    switch (t) {
      case UINT8:
      case INT8:
        bb.put((byte[]) data, from, n);
        break;
      case UINT16:
      case INT16:
        bb.asShortBuffer().put((short[]) data, from, n);
        break;
      case UINT32:
      case INT32:
        bb.asIntBuffer().put((int[]) data, from, n);
        break;
      case UINT64:
      case INT64:
        bb.asLongBuffer().put((long[]) data, from, n);
        break;
      case FLOAT32:
        bb.asFloatBuffer().put((float[]) data, from, n);
        break;
      default:
        bb.asDoubleBuffer().put((double[]) data, from, n);
    }
  }
}
