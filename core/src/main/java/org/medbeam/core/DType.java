package org.medbeam.core;

import java.util.Locale;

/**
 * Element type of a {@link Volume}'s storage, with numpy's names.
 *
 * <p>Unsigned types are stored in the Java primitive of the same width and read back through
 * {@link Volume#getDouble(long)} with their unsigned value; {@code uint64} values above 2^63 lose
 * precision when read as double, exactly as numpy's {@code astype(float64)} does.
 */
public enum DType {
  UINT8(1, false, false, "uint8", "|u1"),
  INT8(1, true, false, "int8", "|i1"),
  UINT16(2, false, false, "uint16", "<u2"),
  INT16(2, true, false, "int16", "<i2"),
  UINT32(4, false, false, "uint32", "<u4"),
  INT32(4, true, false, "int32", "<i4"),
  UINT64(8, false, false, "uint64", "<u8"),
  INT64(8, true, false, "int64", "<i8"),
  FLOAT32(4, true, true, "float32", "<f4"),
  FLOAT64(8, true, true, "float64", "<f8");

  private final int byteSize;
  private final boolean signed;
  private final boolean floating;
  private final String numpyName;
  private final String numpyDescr;

  DType(int byteSize, boolean signed, boolean floating, String numpyName, String numpyDescr) {
    this.byteSize = byteSize;
    this.signed = signed;
    this.floating = floating;
    this.numpyName = numpyName;
    this.numpyDescr = numpyDescr;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  public boolean isSigned() {
    return signed;
  }

  public boolean isFloating() {
    return floating;
  }

  public boolean isInteger() {
    return !floating;
  }

  /** numpy's dtype name: {@code "int16"}, {@code "float32"}, ... */
  public String numpyName() {
    return numpyName;
  }

  /** numpy's little-endian array-protocol descriptor: {@code "<i2"}, {@code "|u1"}, ... */
  public String numpyDescr() {
    return numpyDescr;
  }

  /** Smallest value the type holds, as a double. */
  public double minValue() {
    switch (this) {
      case UINT8:
      case UINT16:
      case UINT32:
      case UINT64:
        return 0;
      case INT8:
        return Byte.MIN_VALUE;
      case INT16:
        return Short.MIN_VALUE;
      case INT32:
        return Integer.MIN_VALUE;
      case INT64:
        return Long.MIN_VALUE;
      case FLOAT32:
        return -Float.MAX_VALUE;
      default:
        return -Double.MAX_VALUE;
    }
  }

  /** Largest value the type holds, as a double. */
  public double maxValue() {
    switch (this) {
      case UINT8:
        return 255;
      case INT8:
        return Byte.MAX_VALUE;
      case UINT16:
        return 65535;
      case INT16:
        return Short.MAX_VALUE;
      case UINT32:
        return 4294967295.0;
      case INT32:
        return Integer.MAX_VALUE;
      case UINT64:
        return 18446744073709551615.0;
      case INT64:
        return Long.MAX_VALUE;
      case FLOAT32:
        return Float.MAX_VALUE;
      default:
        return Double.MAX_VALUE;
    }
  }

  /**
   * Parses a dtype name as MONAI configs and numpy write it: {@code "int16"}, {@code "np.float32"},
   * {@code "numpy.uint8"}, {@code "torch.float32"}, {@code "float"} (= float64, as numpy), {@code
   * "<f4"}, {@code "uint8"}.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static DType fromName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("dtype must not be null; accepted: " + acceptedNames());
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (String prefix : new String[] {"numpy.", "np.", "torch."}) {
      if (n.startsWith(prefix)) {
        n = n.substring(prefix.length());
      }
    }
    switch (n) {
      case "float":
      case "double":
      case "float64":
        return FLOAT64;
      case "float32":
      case "single":
        return FLOAT32;
      case "bool":
      case "bool_":
        return UINT8;
      case "int":
      case "long":
        return INT64;
      case "short":
        return INT16;
      default:
        break;
    }
    for (DType t : values()) {
      if (t.numpyName.equals(n) || t.numpyDescr.equals(n) || t.numpyDescr.substring(1).equals(n)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown dtype '" + name + "'; accepted: " + acceptedNames());
  }

  private static String acceptedNames() {
    StringBuilder sb = new StringBuilder();
    for (DType t : values()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(t.numpyName);
    }
    return sb.toString();
  }

  /** The Java primitive array class that stores this type. */
  public Class<?> arrayClass() {
    switch (byteSize) {
      case 1:
        return byte[].class;
      case 2:
        return short[].class;
      case 4:
        return floating ? float[].class : int[].class;
      default:
        return floating ? double[].class : long[].class;
    }
  }

  /** Allocates zero-filled storage for {@code n} elements. */
  public Object allocate(int n) {
    switch (this) {
      case UINT8:
      case INT8:
        return new byte[n];
      case UINT16:
      case INT16:
        return new short[n];
      case UINT32:
      case INT32:
        return new int[n];
      case UINT64:
      case INT64:
        return new long[n];
      case FLOAT32:
        return new float[n];
      default:
        return new double[n];
    }
  }
}
