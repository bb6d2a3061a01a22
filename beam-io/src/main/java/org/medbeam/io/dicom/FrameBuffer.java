package org.medbeam.io.dicom;

import org.medbeam.core.DType;

/**
 * Where one decoded frame goes: a primitive array of {@link #dtype}, channel-planar, the frame's
 * pixel {@code p} (row-major, columns fastest) of channel {@code c} at {@code base + c * stride +
 * p}. Either a slice of the destination volume {@code (C, X, Y, Z)} (base {@code z * X * Y},
 * stride {@code X * Y * Z}) or a scratch frame (base 0, stride {@code X * Y}).
 */
final class FrameBuffer {
  final Object array;
  final DType dtype;
  final int base;
  final int stride;

  FrameBuffer(Object array, DType dtype, int base, int stride) {
    this.array = array;
    this.dtype = dtype;
    this.base = base;
    this.stride = stride;
  }

  /** Stores integer sample {@code v} (already sign-extended or masked) of channel c, pixel p. */
  void set(int c, int p, int v) {
    int i = base + c * stride + p;
    switch (dtype) {
      case UINT8:
      case INT8:
        ((byte[]) array)[i] = (byte) v;
        break;
      case UINT16:
      case INT16:
        ((short[]) array)[i] = (short) v;
        break;
      case UINT32:
      case INT32:
        ((int[]) array)[i] = v;
        break;
      case FLOAT32:
        ((float[]) array)[i] = v;
        break;
      default:
        ((double[]) array)[i] = v;
    }
  }

  /** The integer sample of channel c, pixel p (unsigned types read unsigned). */
  int get(int c, int p) {
    int i = base + c * stride + p;
    switch (dtype) {
      case UINT8:
        return ((byte[]) array)[i] & 0xFF;
      case INT8:
        return ((byte[]) array)[i];
      case UINT16:
        return ((short[]) array)[i] & 0xFFFF;
      case INT16:
        return ((short[]) array)[i];
      case UINT32:
      case INT32:
        return ((int[]) array)[i];
      case FLOAT32:
        return (int) ((float[]) array)[i];
      default:
        return (int) ((double[]) array)[i];
    }
  }
}
