package org.medbeam.core;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.VarInt;

/**
 * The binary encoding shared by medbeam's coders: tagged values, metadata maps and bulk primitive
 * arrays (little-endian, written in 64 KiB chunks without boxing). Wire format only, never a file
 * format.
 */
final class ValueCodec {
  private static final int CHUNK = 1 << 16;

  static final int T_NULL = 0;
  static final int T_FALSE = 1;
  static final int T_TRUE = 2;
  static final int T_INT = 3;
  static final int T_LONG = 4;
  static final int T_FLOAT = 5;
  static final int T_DOUBLE = 6;
  static final int T_STRING = 7;
  static final int T_INT_ARRAY = 8;
  static final int T_LONG_ARRAY = 9;
  static final int T_FLOAT_ARRAY = 10;
  static final int T_DOUBLE_ARRAY = 11;
  static final int T_LIST = 12;
  static final int T_META = 13;
  static final int T_VOLUME = 14;

  private ValueCodec() {}

  static void writeString(String s, OutputStream out) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    VarInt.encode(b.length, out);
    out.write(b);
  }

  static String readString(InputStream in) throws IOException {
    int n = readLength(in);
    byte[] b = new byte[n];
    new DataInputStream(in).readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  static int readLength(InputStream in) throws IOException {
    int n = VarInt.decodeInt(in);
    if (n < 0) {
      throw new CoderException("negative length " + n + " in encoded medbeam value");
    }
    return n;
  }

  static void writeIntArray(int[] a, OutputStream out) throws IOException {
    VarInt.encode(a.length, out);
    for (int v : a) {
      VarInt.encode(v, out);
    }
  }

  static int[] readIntArray(InputStream in) throws IOException {
    int[] a = new int[readLength(in)];
    for (int i = 0; i < a.length; i++) {
      a[i] = VarInt.decodeInt(in);
    }
    return a;
  }

  static void writeValue(Object v, OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    if (v == null) {
      out.write(T_NULL);
    } else if (v instanceof Boolean) {
      out.write((Boolean) v ? T_TRUE : T_FALSE);
    } else if (v instanceof Integer) {
      out.write(T_INT);
      d.writeInt((Integer) v);
    } else if (v instanceof Long) {
      out.write(T_LONG);
      d.writeLong((Long) v);
    } else if (v instanceof Float) {
      out.write(T_FLOAT);
      d.writeInt(Float.floatToRawIntBits((Float) v));
    } else if (v instanceof Double) {
      out.write(T_DOUBLE);
      d.writeLong(Double.doubleToRawLongBits((Double) v));
    } else if (v instanceof String) {
      out.write(T_STRING);
      writeString((String) v, out);
    } else if (v instanceof int[]) {
      out.write(T_INT_ARRAY);
      VarInt.encode(((int[]) v).length, out);
      writeBulk(v, DType.INT32, out);
    } else if (v instanceof long[]) {
      out.write(T_LONG_ARRAY);
      VarInt.encode(((long[]) v).length, out);
      writeBulk(v, DType.INT64, out);
    } else if (v instanceof float[]) {
      out.write(T_FLOAT_ARRAY);
      VarInt.encode(((float[]) v).length, out);
      writeBulk(v, DType.FLOAT32, out);
    } else if (v instanceof double[]) {
      out.write(T_DOUBLE_ARRAY);
      VarInt.encode(((double[]) v).length, out);
      writeBulk(v, DType.FLOAT64, out);
    } else if (v instanceof List) {
      out.write(T_LIST);
      List<?> l = (List<?>) v;
      VarInt.encode(l.size(), out);
      for (Object o : l) {
        writeValue(o, out);
      }
    } else if (v instanceof Metadata) {
      out.write(T_META);
      writeMetadata((Metadata) v, out);
    } else if (v instanceof Volume) {
      out.write(T_VOLUME);
      VolumeCoder.of().encode((Volume) v, out);
    } else {
      throw new CoderException("cannot encode a " + v.getClass().getName());
    }
  }

  static Object readValue(InputStream in) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int tag = in.read();
    switch (tag) {
      case T_NULL:
        return null;
      case T_FALSE:
        return Boolean.FALSE;
      case T_TRUE:
        return Boolean.TRUE;
      case T_INT:
        return d.readInt();
      case T_LONG:
        return d.readLong();
      case T_FLOAT:
        return Float.intBitsToFloat(d.readInt());
      case T_DOUBLE:
        return Double.longBitsToDouble(d.readLong());
      case T_STRING:
        return readString(in);
      case T_INT_ARRAY:
        return readBulk(DType.INT32, readLength(in), in);
      case T_LONG_ARRAY:
        return readBulk(DType.INT64, readLength(in), in);
      case T_FLOAT_ARRAY:
        return readBulk(DType.FLOAT32, readLength(in), in);
      case T_DOUBLE_ARRAY:
        return readBulk(DType.FLOAT64, readLength(in), in);
      case T_LIST:
        {
          int n = readLength(in);
          List<Object> l = new ArrayList<>(Math.min(n, 1024));
          for (int i = 0; i < n; i++) {
            l.add(readValue(in));
          }
          return Collections.unmodifiableList(l);
        }
      case T_META:
        return readMetadata(in);
      case T_VOLUME:
        return VolumeCoder.of().decode(in);
      case -1:
        throw new CoderException("unexpected end of stream in encoded medbeam value");
      default:
        throw new CoderException("unknown value tag " + tag + " in encoded medbeam value");
    }
  }

  static void writeMetadata(Metadata m, OutputStream out) throws IOException {
    Map<String, Object> map = m.asMap();
    VarInt.encode(map.size(), out);
    for (Map.Entry<String, Object> e : map.entrySet()) {
      writeString(e.getKey(), out);
      writeValue(e.getValue(), out);
    }
  }

  static Metadata readMetadata(InputStream in) throws IOException {
    int n = readLength(in);
    Metadata.Builder b = Metadata.builder();
    for (int i = 0; i < n; i++) {
      String k = readString(in);
      b.put(k, readValue(in));
    }
    return b.build();
  }

  /** Writes a primitive array's elements little-endian, without a length prefix. */
  static void writeBulk(Object array, DType type, OutputStream out) throws IOException {
    int n = java.lang.reflect.Array.getLength(array);
    int width = type.byteSize();
    int perChunk = CHUNK / width;
    ByteBuffer buf = ByteBuffer.allocate(perChunk * width).order(ByteOrder.LITTLE_ENDIAN);
    for (int off = 0; off < n; off += perChunk) {
      int len = Math.min(perChunk, n - off);
      buf.clear();
      switch (width) {
        case 1:
          out.write((byte[]) array, off, len);
          continue;
        case 2:
          buf.asShortBuffer().put((short[]) array, off, len);
          break;
        case 4:
          if (array instanceof float[]) {
            buf.asFloatBuffer().put((float[]) array, off, len);
          } else {
            buf.asIntBuffer().put((int[]) array, off, len);
          }
          break;
        default:
          if (array instanceof double[]) {
            buf.asDoubleBuffer().put((double[]) array, off, len);
          } else {
            buf.asLongBuffer().put((long[]) array, off, len);
          }
      }
      out.write(buf.array(), 0, len * width);
    }
  }

  /** Reads {@code n} elements written by {@link #writeBulk}. */
  static Object readBulk(DType type, int n, InputStream in) throws IOException {
    Object array = type.allocate(n);
    DataInputStream d = new DataInputStream(in);
    int width = type.byteSize();
    if (width == 1) {
      d.readFully((byte[]) array);
      return array;
    }
    int perChunk = CHUNK / width;
    byte[] chunk = new byte[Math.min(n, perChunk) * width];
    for (int off = 0; off < n; off += perChunk) {
      int len = Math.min(perChunk, n - off);
      d.readFully(chunk, 0, len * width);
      ByteBuffer buf = ByteBuffer.wrap(chunk, 0, len * width).order(ByteOrder.LITTLE_ENDIAN);
      switch (width) {
        case 2:
          buf.asShortBuffer().get((short[]) array, off, len);
          break;
        case 4:
          if (array instanceof float[]) {
            buf.asFloatBuffer().get((float[]) array, off, len);
          } else {
            buf.asIntBuffer().get((int[]) array, off, len);
          }
          break;
        default:
          if (array instanceof double[]) {
            buf.asDoubleBuffer().get((double[]) array, off, len);
          } else {
            buf.asLongBuffer().get((long[]) array, off, len);
          }
      }
    }
    return array;
  }
}
