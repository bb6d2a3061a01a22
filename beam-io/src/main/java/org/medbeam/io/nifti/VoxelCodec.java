package org.medbeam.io.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.medbeam.core.DType;
import org.medbeam.core.Parallel;
import org.medbeam.io.ImageReadException;

/**
 * Voxel bytes to typed arrays and back. NIfTI stores the first index fastest and dims 4..7 after
 * the spatial ones, exactly the channel-last-slowest order of {@link org.medbeam.core.Volume}, so
 * scalar data are copied straight; only RGB24/RGBA32 components are de-interleaved into channels.
 */
final class VoxelCodec {
  private VoxelCodec() {}

  /**
   * Decodes {@code count} voxels of {@code type} from {@code in}.
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
    Object out;
    if (scaled) {
      out = new double[count];
    } else {
      out = type.dtype().allocate(Math.multiplyExact(count, type.components()));
    }
    int perChunk = Math.max(1, VoxelInput.CHUNK / bpv);
    byte[] scratch = new byte[perChunk * bpv];
    for (int done = 0; done < count; ) {
      int n = Math.min(perChunk, count - done);
      ByteBuffer bb = in.next(scratch, n * bpv, what).order(order);
      if (type.components() > 1) {
        components(bb, (byte[]) out, done, n, type.components(), spatial, count);
      } else if (scaled) {
        scaledChunk(bb, type.dtype(), (double[]) out, done, n, slope, inter);
      } else {
        copy(bb, type.dtype(), out, done, n);
      }
      done += n;
    }
    return out;
  }

  /**
   * Like {@link #decode} for bytes already in memory: the concatenation of {@code
   * parts[i][0 .. lengths[i])}, voxels starting at byte {@code skip}; parts are converted on
   * {@code threads} threads, and the few voxels straddling two parts afterwards.
   */
  static Object decodeParts(
      String file,
      byte[][] parts,
      int[] lengths,
      long skip,
      NiftiDataType type,
      ByteOrder order,
      int count,
      int spatial,
      boolean scaled,
      double slope,
      double inter,
      int threads)
      throws ImageReadException {
    int bpv = type.bytesPerVoxel();
    long end = skip + (long) count * bpv;
    long[] starts = new long[parts.length + 1];
    for (int i = 0; i < parts.length; i++) {
      starts[i + 1] = starts[i] + lengths[i];
    }
    if (starts[parts.length] < end) {
      throw new ImageReadException(
          file, "file ends after " + starts[parts.length] + " decoded bytes, inside the voxel "
              + "data (" + (end - starts[parts.length]) + " more bytes needed) — file truncated");
    }
    Object out = scaled ? new double[count]
        : type.dtype().allocate(Math.multiplyExact(count, type.components()));
    Parallel.forRange(parts.length, threads, (from, to) -> {
      for (int i = from; i < to; i++) {
        long a = Math.max(starts[i], skip);
        long b = Math.min(starts[i + 1], end);
        if (a >= b) {
          continue;
        }
        long e0 = (a - skip + bpv - 1) / bpv;
        long e1 = (b - skip) / bpv;
        if (e1 > e0) {
          int off = (int) (skip + e0 * bpv - starts[i]);
          ByteBuffer bb = ByteBuffer.wrap(parts[i], off, (int) ((e1 - e0) * bpv)).slice()
              .order(order);
          convert(bb, type, out, (int) e0, (int) (e1 - e0), spatial, count, scaled, slope, inter);
        }
      }
    });
    byte[] one = new byte[bpv];
    long lastDone = -1;
    for (int i = 1; i < parts.length; i++) {
      long at = starts[i];
      if (at <= skip || at >= end || (at - skip) % bpv == 0) {
        continue;
      }
      long e = (at - skip) / bpv;
      if (e == lastDone) {
        continue;
      }
      long base = skip + e * bpv;
      for (int j = 0; j < bpv; j++) {
        one[j] = byteAt(parts, starts, base + j);
      }
      convert(ByteBuffer.wrap(one).order(order), type, out, (int) e, 1, spatial, count, scaled,
          slope, inter);
      lastDone = e;
    }
    return out;
  }

  private static byte byteAt(byte[][] parts, long[] starts, long pos) {
    int i = java.util.Arrays.binarySearch(starts, pos);
    if (i < 0) {
      i = -i - 2;
    }
    while (starts[i + 1] <= pos) { // skip empty parts
      i++;
    }
    return parts[i][(int) (pos - starts[i])];
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
