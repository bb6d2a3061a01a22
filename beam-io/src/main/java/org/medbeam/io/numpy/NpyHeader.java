package org.medbeam.io.numpy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medbeam.core.DType;
import org.medbeam.io.ImageReadException;

/**
 * The header of a {@code .npy} file (numpy's format versions 1.0, 2.0 and 3.0): dtype with byte
 * order, memory order and shape.
 */
final class NpyHeader {
  static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  final DType dtype;
  final ByteOrder order;
  final boolean fortranOrder;
  final int[] shape;
  /** Offset of the first data byte. */
  final int dataOffset;

  NpyHeader(DType dtype, ByteOrder order, boolean fortranOrder, int[] shape, int dataOffset) {
    this.dtype = dtype;
    this.order = order;
    this.fortranOrder = fortranOrder;
    this.shape = shape;
    this.dataOffset = dataOffset;
  }

  long elementCount() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** Parses the header at the start of {@code b} (which holds at least the header bytes). */
  static NpyHeader parse(String file, byte[] b, int available) throws ImageReadException {
    if (available < 10) {
      throw new ImageReadException(file, "file is " + available + " bytes, too short for NPY");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        throw new ImageReadException(file, "no NPY magic (\\x93NUMPY) at the start: not a .npy file");
      }
    }
    int major = b[6] & 0xFF;
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (available < 12) {
        throw new ImageReadException(file, "NPY header truncated");
      }
      headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8 | (b[10] & 0xFF) << 16 | (b[11] & 0xFF) << 24;
      start = 12;
    } else {
      throw new ImageReadException(file, "NPY format version " + major + " is not 1, 2 or 3");
    }
    if (headerLen < 0 || (long) start + headerLen > available) {
      throw new ImageReadException(
          file, "NPY header claims " + headerLen + " bytes; the file holds " + available);
    }
    String h = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(h);
    Matcher f = FORTRAN.matcher(h);
    Matcher s = SHAPE.matcher(h);
    if (!d.find() || !f.find() || !s.find()) {
      throw new ImageReadException(
          file, "NPY header is not a simple {'descr', 'fortran_order', 'shape'} dict (structured "
              + "dtypes are not images): " + h.trim());
    }
    String descr = d.group(1);
    ByteOrder order;
    String code = descr;
    char bo = descr.isEmpty() ? '?' : descr.charAt(0);
    if (bo == '<' || bo == '|' || bo == '=') {
      order = ByteOrder.LITTLE_ENDIAN;
      code = descr.substring(1);
    } else if (bo == '>') {
      order = ByteOrder.BIG_ENDIAN;
      code = descr.substring(1);
    } else {
      order = ByteOrder.LITTLE_ENDIAN;
    }
    DType dtype = dtypeOf(file, descr, code);
    List<Integer> dims = new ArrayList<>();
    for (String part : s.group(1).split(",")) {
      String p = part.trim().replace("L", "");
      if (p.isEmpty()) {
        continue;
      }
      long v;
      try {
        v = Long.parseLong(p);
      } catch (NumberFormatException e) {
        throw new ImageReadException(file, "NPY shape entry '" + part.trim() + "' is not an integer");
      }
      if (v < 0 || v > Integer.MAX_VALUE) {
        throw new ImageReadException(file, "NPY shape entry " + v + " is negative or absurd");
      }
      dims.add((int) v);
    }
    int[] shape = dims.stream().mapToInt(Integer::intValue).toArray();
    return new NpyHeader(dtype, order, f.group(1).equals("True"), shape, start + headerLen);
  }

  private static DType dtypeOf(String file, String descr, String code) throws ImageReadException {
    switch (code) {
      case "b1":
      case "u1":
        return DType.UINT8;
      case "i1":
        return DType.INT8;
      case "u2":
        return DType.UINT16;
      case "i2":
        return DType.INT16;
      case "u4":
        return DType.UINT32;
      case "i4":
        return DType.INT32;
      case "u8":
        return DType.UINT64;
      case "i8":
        return DType.INT64;
      case "f4":
        return DType.FLOAT32;
      case "f8":
        return DType.FLOAT64;
      default:
        throw new ImageReadException(
            file, "NPY dtype '" + descr + "' is not supported (accepted: bool, int8..int64, "
                + "uint8..uint64, float32, float64)");
    }
  }

  /** Serialises a version 1.0 header (or 2.0 when it does not fit), padded to 64 bytes. */
  static byte[] write(DType dtype, boolean fortranOrder, int[] shape) {
    StringBuilder sb = new StringBuilder("{'descr': '").append(dtype.numpyDescr())
        .append("', 'fortran_order': ").append(fortranOrder ? "True" : "False")
        .append(", 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      sb.append(shape[i]);
      if (shape.length == 1 || i < shape.length - 1) {
        sb.append(", ");
      }
    }
    sb.append("), }");
    String dict = sb.toString();
    int prefix = 10;
    int total = prefix + dict.length() + 1;
    boolean v2 = false;
    if (total + 63 > 65535 + prefix) {
      v2 = true;
      prefix = 12;
      total = prefix + dict.length() + 1;
    }
    int padded = (total + 63) / 64 * 64;
    int headerLen = padded - prefix;
    ByteArrayOutputStream out = new ByteArrayOutputStream(padded);
    out.writeBytes(MAGIC);
    out.write(v2 ? 2 : 1);
    out.write(0);
    out.write(headerLen & 0xFF);
    out.write((headerLen >> 8) & 0xFF);
    if (v2) {
      out.write((headerLen >> 16) & 0xFF);
      out.write((headerLen >> 24) & 0xFF);
    }
    out.writeBytes(dict.getBytes(StandardCharsets.ISO_8859_1));
    for (int i = prefix + dict.length(); i < padded - 1; i++) {
      out.write(' ');
    }
    out.write('\n');
    return out.toByteArray();
  }
}
