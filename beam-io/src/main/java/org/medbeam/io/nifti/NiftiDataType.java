package org.medbeam.io.nifti;

import org.medbeam.core.DType;

/**
 * The NIfTI {@code datatype} codes medbeam reads and writes, with the {@link DType} a voxel
 * component is stored in and the number of components per voxel (3 for RGB24, 4 for RGBA32, which
 * become channels).
 *
 * <p>Codes nibabel knows but medbeam does not read (complex64/128/256, float128, binary, none,
 * all) are named by {@link #describe(int)} so error messages can say what the file holds.
 */
public enum NiftiDataType {
  UINT8(2, "uint8", DType.UINT8, 1),
  INT16(4, "int16", DType.INT16, 1),
  INT32(8, "int32", DType.INT32, 1),
  FLOAT32(16, "float32", DType.FLOAT32, 1),
  FLOAT64(64, "float64", DType.FLOAT64, 1),
  RGB24(128, "RGB24", DType.UINT8, 3),
  INT8(256, "int8", DType.INT8, 1),
  UINT16(512, "uint16", DType.UINT16, 1),
  UINT32(768, "uint32", DType.UINT32, 1),
  INT64(1024, "int64", DType.INT64, 1),
  UINT64(1280, "uint64", DType.UINT64, 1),
  RGBA32(2304, "RGBA32", DType.UINT8, 4);

  private final int code;
  private final String label;
  private final DType dtype;
  private final int components;

  NiftiDataType(int code, String label, DType dtype, int components) {
    this.code = code;
    this.label = label;
    this.dtype = dtype;
    this.components = components;
  }

  /** The NIfTI {@code datatype} code. */
  public int code() {
    return code;
  }

  /** nibabel's name for the code ({@code "int16"}, {@code "RGB24"}, ...). */
  public String label() {
    return label;
  }

  /** The type of one voxel component in a {@link org.medbeam.core.Volume}. */
  public DType dtype() {
    return dtype;
  }

  /** Components per voxel: 1, or 3 (RGB24) / 4 (RGBA32), each becoming a channel. */
  public int components() {
    return components;
  }

  /** Bytes per voxel on disk. */
  public int bytesPerVoxel() {
    return dtype.byteSize() * components;
  }

  /** The header's {@code bitpix} for this type. */
  public int bitpix() {
    return 8 * bytesPerVoxel();
  }

  /** The type of a code, or {@code null} when medbeam does not read it. */
  public static NiftiDataType forCode(int code) {
    for (NiftiDataType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }

  /** The scalar type written for a volume dtype. */
  public static NiftiDataType forDType(DType dtype) {
    switch (dtype) {
      case UINT8:
        return UINT8;
      case INT8:
        return INT8;
      case UINT16:
        return UINT16;
      case INT16:
        return INT16;
      case UINT32:
        return UINT32;
      case INT32:
        return INT32;
      case UINT64:
        return UINT64;
      case INT64:
        return INT64;
      case FLOAT32:
        return FLOAT32;
      default:
        return FLOAT64;
    }
  }

  /** A readable name for any code, including those medbeam does not read. */
  public static String describe(int code) {
    NiftiDataType t = forCode(code);
    if (t != null) {
      return t.label;
    }
    switch (code) {
      case 0:
        return "none";
      case 1:
        return "binary";
      case 32:
        return "complex64";
      case 255:
        return "all";
      case 1536:
        return "float128";
      case 1792:
        return "complex128";
      case 2048:
        return "complex256";
      default:
        return "unknown";
    }
  }

  /** The codes medbeam reads, for error messages. */
  static String supportedList() {
    StringBuilder sb = new StringBuilder();
    for (NiftiDataType t : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(t.label).append(" (").append(t.code).append(')');
    }
    return sb.toString();
  }
}
