package org.medbeam.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.medbeam.core.DType;

/** Converts between raw bytes of a given byte order and medbeam's typed storage arrays. */
public final class ByteArrays {
  private ByteArrays() {}

  /** Decodes {@code n} elements of {@code type} from {@code bytes[offset..]}. */
  public static Object decode(byte[] bytes, int offset, int n, DType type, ByteOrder order) {
    Object out = type.allocate(n);
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, n * type.byteSize()).slice().order(order);
    switch (type.byteSize()) {
      case 1:
        System.arraycopy(bytes, offset, out, 0, n);
        break;
      case 2:
        b.asShortBuffer().get((short[]) out);
        break;
      case 4:
        if (type == DType.FLOAT32) {
          b.asFloatBuffer().get((float[]) out);
        } else {
          b.asIntBuffer().get((int[]) out);
        }
        break;
      default:
        if (type == DType.FLOAT64) {
          b.asDoubleBuffer().get((double[]) out);
        } else {
          b.asLongBuffer().get((long[]) out);
        }
    }
    return out;
  }

  /** Encodes a whole typed storage array in {@code order}. */
  public static byte[] encode(Object array, DType type, ByteOrder order) {
    int n = java.lang.reflect.Array.getLength(array);
    byte[] out = new byte[n * type.byteSize()];
    ByteBuffer b = ByteBuffer.wrap(out).order(order);
    switch (type.byteSize()) {
      case 1:
        System.arraycopy(array, 0, out, 0, n);
        break;
      case 2:
        b.asShortBuffer().put((short[]) array);
        break;
      case 4:
        if (type == DType.FLOAT32) {
          b.asFloatBuffer().put((float[]) array);
        } else {
          b.asIntBuffer().put((int[]) array);
        }
        break;
      default:
        if (type == DType.FLOAT64) {
          b.asDoubleBuffer().put((double[]) array);
        } else {
          b.asLongBuffer().put((long[]) array);
        }
    }
    return out;
  }
}
