package org.medbeam.io.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.medbeam.core.Affine;
import org.medbeam.io.ImageReadException;

/**
 * An immutable NIfTI-1 (348-byte) or NIfTI-2 (540-byte) header of a single-file {@code .nii}: the
 * fields of the standard with numbers widened to {@code long}/{@code double} (NIfTI-1's float32
 * values widen exactly), plus the byte order the file used.
 *
 * <p>{@link #parse} detects the version and byte order from {@code sizeof_hdr} (348 or 540,
 * either byte order) and checks the magic; it does not judge dimensions, types or offsets (the
 * reader does). {@link #withNibabelFixes()} applies the repairs nibabel makes when it loads a
 * header, and {@link #affine(String)} is nibabel's {@code img.affine}: sform when {@code
 * sform_code != 0}, else the quaternion qform when {@code qform_code != 0}, else nibabel's
 * fall-back {@code get_base_affine()}. NIfTI affines are already RAS+.
 *
 * <p>The ANALYZE leftovers of NIfTI-1 ({@code data_type}, {@code db_name}, {@code extents},
 * {@code session_error}, {@code regular}, {@code glmax}, {@code glmin}) are skipped on read and
 * written as zeros.
 */
public final class NiftiHeader {
  /** {@code sizeof_hdr} of NIfTI-1. */
  public static final int NIFTI1_SIZE = 348;
  /** {@code sizeof_hdr} of NIfTI-2. */
  public static final int NIFTI2_SIZE = 540;
  /** The smallest {@code vox_offset} of a single-file NIfTI-1: header plus 4 extension bytes. */
  public static final int NIFTI1_MIN_VOX_OFFSET = 352;
  /** The smallest {@code vox_offset} of a single-file NIfTI-2. */
  public static final int NIFTI2_MIN_VOX_OFFSET = 544;

  private static final byte[] NIFTI2_EOL = {13, 10, 26, 10};

  private final int version;
  private final ByteOrder byteOrder;
  private final int datatype;
  private final int bitpix;
  private final long[] dim;
  private final double intentP1;
  private final double intentP2;
  private final double intentP3;
  private final int intentCode;
  private final double[] pixdim;
  private final double voxOffset;
  private final double sclSlope;
  private final double sclInter;
  private final double calMax;
  private final double calMin;
  private final double sliceDuration;
  private final double toffset;
  private final long sliceStart;
  private final long sliceEnd;
  private final int sliceCode;
  private final int xyztUnits;
  private final int dimInfo;
  private final String descrip;
  private final String auxFile;
  private final String intentName;
  private final int qformCode;
  private final int sformCode;
  private final double quaternB;
  private final double quaternC;
  private final double quaternD;
  private final double qoffsetX;
  private final double qoffsetY;
  private final double qoffsetZ;
  private final double[] srowX;
  private final double[] srowY;
  private final double[] srowZ;

  private NiftiHeader(Builder b) {
    this.version = b.version;
    this.byteOrder = b.byteOrder;
    this.datatype = b.datatype;
    this.bitpix = b.bitpix;
    this.dim = b.dim.clone();
    this.intentP1 = b.intentP1;
    this.intentP2 = b.intentP2;
    this.intentP3 = b.intentP3;
    this.intentCode = b.intentCode;
    this.pixdim = b.pixdim.clone();
    this.voxOffset = b.voxOffset;
    this.sclSlope = b.sclSlope;
    this.sclInter = b.sclInter;
    this.calMax = b.calMax;
    this.calMin = b.calMin;
    this.sliceDuration = b.sliceDuration;
    this.toffset = b.toffset;
    this.sliceStart = b.sliceStart;
    this.sliceEnd = b.sliceEnd;
    this.sliceCode = b.sliceCode;
    this.xyztUnits = b.xyztUnits;
    this.dimInfo = b.dimInfo;
    this.descrip = b.descrip;
    this.auxFile = b.auxFile;
    this.intentName = b.intentName;
    this.qformCode = b.qformCode;
    this.sformCode = b.sformCode;
    this.quaternB = b.quaternB;
    this.quaternC = b.quaternC;
    this.quaternD = b.quaternD;
    this.qoffsetX = b.qoffsetX;
    this.qoffsetY = b.qoffsetY;
    this.qoffsetZ = b.qoffsetZ;
    this.srowX = b.srowX.clone();
    this.srowY = b.srowY.clone();
    this.srowZ = b.srowZ.clone();
  }

  // ---------------------------------------------------------------- parsing

  /**
   * How many leading bytes {@link #parse} needs at most (NIfTI-2's header; NIfTI-1 needs 348).
   */
  public static int maxHeaderSize() {
    return NIFTI2_SIZE;
  }

  /**
   * Parses the first {@code length} bytes of a single-file NIfTI.
   *
   * @param file the name used in error messages
   * @throws ImageReadException when the bytes are too few, {@code sizeof_hdr} is neither 348 nor
   *     540 in either byte order, or the magic is not {@code "n+1"}/{@code "n+2"}
   */
  public static NiftiHeader parse(byte[] bytes, int length, String file)
      throws ImageReadException {
    if (length < 4) {
      throw new ImageReadException(
          file, "truncated NIfTI header: the file holds " + length + " bytes, a NIfTI-1 header "
              + "needs " + NIFTI1_SIZE);
    }
    ByteBuffer le = ByteBuffer.wrap(bytes, 0, length).order(ByteOrder.LITTLE_ENDIAN);
    int sizeLe = le.getInt(0);
    int sizeBe = Integer.reverseBytes(sizeLe);
    int version;
    ByteOrder order;
    if (sizeLe == NIFTI1_SIZE || sizeLe == NIFTI2_SIZE) {
      version = sizeLe == NIFTI1_SIZE ? 1 : 2;
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (sizeBe == NIFTI1_SIZE || sizeBe == NIFTI2_SIZE) {
      version = sizeBe == NIFTI1_SIZE ? 1 : 2;
      order = ByteOrder.BIG_ENDIAN;
    } else {
      throw new ImageReadException(
          file, "sizeof_hdr is " + Integer.toUnsignedLong(sizeLe) + " (byte-swapped "
              + Integer.toUnsignedLong(sizeBe) + "); NIfTI-1 has 348 and NIfTI-2 540 — not a "
              + "NIfTI file, or its header is corrupt");
    }
    int size = version == 1 ? NIFTI1_SIZE : NIFTI2_SIZE;
    if (length < size) {
      throw new ImageReadException(
          file, "truncated NIfTI-" + version + " header: the file holds " + length
              + " bytes, the header needs " + size);
    }
    ByteBuffer bb = ByteBuffer.wrap(bytes, 0, size).order(order);
    return version == 1 ? parse1(bb, order, file) : parse2(bb, order, file);
  }

  private static NiftiHeader parse1(ByteBuffer bb, ByteOrder order, String file)
      throws ImageReadException {
    String magic = text(bb, 344, 4);
    checkMagic(magic, "n+1", "ni1", 1, file);
    Builder b = new Builder().version(1).byteOrder(order);
    b.dimInfo = bb.get(39) & 0xFF;
    for (int i = 0; i < 8; i++) {
      b.dim[i] = bb.getShort(40 + 2 * i);
    }
    b.intentP1 = bb.getFloat(56);
    b.intentP2 = bb.getFloat(60);
    b.intentP3 = bb.getFloat(64);
    b.intentCode = bb.getShort(68);
    b.datatype = bb.getShort(70);
    b.bitpix = bb.getShort(72);
    b.sliceStart = bb.getShort(74);
    for (int i = 0; i < 8; i++) {
      b.pixdim[i] = bb.getFloat(76 + 4 * i);
    }
    b.voxOffset = bb.getFloat(108);
    b.sclSlope = bb.getFloat(112);
    b.sclInter = bb.getFloat(116);
    b.sliceEnd = bb.getShort(120);
    b.sliceCode = bb.get(122) & 0xFF;
    b.xyztUnits = bb.get(123) & 0xFF;
    b.calMax = bb.getFloat(124);
    b.calMin = bb.getFloat(128);
    b.sliceDuration = bb.getFloat(132);
    b.toffset = bb.getFloat(136);
    b.descrip = text(bb, 148, 80);
    b.auxFile = text(bb, 228, 24);
    b.qformCode = bb.getShort(252);
    b.sformCode = bb.getShort(254);
    b.quaternB = bb.getFloat(256);
    b.quaternC = bb.getFloat(260);
    b.quaternD = bb.getFloat(264);
    b.qoffsetX = bb.getFloat(268);
    b.qoffsetY = bb.getFloat(272);
    b.qoffsetZ = bb.getFloat(276);
    for (int i = 0; i < 4; i++) {
      b.srowX[i] = bb.getFloat(280 + 4 * i);
      b.srowY[i] = bb.getFloat(296 + 4 * i);
      b.srowZ[i] = bb.getFloat(312 + 4 * i);
    }
    b.intentName = text(bb, 328, 16);
    return b.build();
  }

  private static NiftiHeader parse2(ByteBuffer bb, ByteOrder order, String file)
      throws ImageReadException {
    String magic = text(bb, 4, 4);
    checkMagic(magic, "n+2", "ni2", 2, file);
    boolean eolOk = true;
    boolean eolZero = true;
    for (int i = 0; i < 4; i++) {
      eolOk &= bb.get(8 + i) == NIFTI2_EOL[i];
      eolZero &= bb.get(8 + i) == 0;
    }
    if (!eolOk && !eolZero) {
      // nibabel: problem level 40, an error on load
      throw new ImageReadException(
          file, "NIfTI-2 EOL check bytes are not 0D 0A 1A 0A — the file was corrupted by a "
              + "text-mode (end-of-line) conversion");
    }
    Builder b = new Builder().version(2).byteOrder(order);
    b.datatype = bb.getShort(12);
    b.bitpix = bb.getShort(14);
    for (int i = 0; i < 8; i++) {
      b.dim[i] = bb.getLong(16 + 8 * i);
    }
    b.intentP1 = bb.getDouble(80);
    b.intentP2 = bb.getDouble(88);
    b.intentP3 = bb.getDouble(96);
    for (int i = 0; i < 8; i++) {
      b.pixdim[i] = bb.getDouble(104 + 8 * i);
    }
    long off = bb.getLong(168);
    b.voxOffset = off;
    b.sclSlope = bb.getDouble(176);
    b.sclInter = bb.getDouble(184);
    b.calMax = bb.getDouble(192);
    b.calMin = bb.getDouble(200);
    b.sliceDuration = bb.getDouble(208);
    b.toffset = bb.getDouble(216);
    b.sliceStart = bb.getLong(224);
    b.sliceEnd = bb.getLong(232);
    b.descrip = text(bb, 240, 80);
    b.auxFile = text(bb, 320, 24);
    b.qformCode = bb.getInt(344);
    b.sformCode = bb.getInt(348);
    b.quaternB = bb.getDouble(352);
    b.quaternC = bb.getDouble(360);
    b.quaternD = bb.getDouble(368);
    b.qoffsetX = bb.getDouble(376);
    b.qoffsetY = bb.getDouble(384);
    b.qoffsetZ = bb.getDouble(392);
    for (int i = 0; i < 4; i++) {
      b.srowX[i] = bb.getDouble(400 + 8 * i);
      b.srowY[i] = bb.getDouble(432 + 8 * i);
      b.srowZ[i] = bb.getDouble(464 + 8 * i);
    }
    b.sliceCode = bb.getInt(496);
    b.xyztUnits = bb.getInt(500);
    b.intentCode = bb.getInt(504);
    b.intentName = text(bb, 508, 16);
    b.dimInfo = bb.get(524) & 0xFF;
    return b.build();
  }

  private static void checkMagic(String magic, String single, String pair, int v, String file)
      throws ImageReadException {
    if (magic.equals(single)) {
      return;
    }
    if (magic.equals(pair)) {
      throw new ImageReadException(
          file, "magic '" + pair + "' marks a NIfTI-" + v + " header of a .hdr/.img pair; only "
              + "single-file NIfTI ('" + single + "') is read");
    }
    throw new ImageReadException(
        file, "NIfTI-" + v + " magic is '" + printable(magic) + "', expected '" + single
            + "' — not a NIfTI file, or its header is corrupt");
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c >= 32 && c < 127) {
        sb.append(c);
      } else {
        sb.append(String.format("\\x%02x", (int) c));
      }
    }
    return sb.toString();
  }

  /** A NUL-terminated Latin-1 string field. */
  private static String text(ByteBuffer bb, int offset, int length) {
    int n = 0;
    while (n < length && bb.get(offset + n) != 0) {
      n++;
    }
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = bb.get(offset + i);
    }
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- serialization

  /**
   * The header's {@link #sizeOfHeader()} bytes in its byte order, NIfTI-1 fields rounded to their
   * on-disk widths (float32, int16, uint8). The 4 extension bytes that follow a header in a
   * {@code .nii} are not included.
   *
   * @throws IllegalStateException when a NIfTI-1 field does not fit its on-disk width
   */
  public byte[] toBytes() {
    return version == 1 ? toBytes1() : toBytes2();
  }

  private byte[] toBytes1() {
    ByteBuffer bb = ByteBuffer.allocate(NIFTI1_SIZE).order(byteOrder);
    bb.putInt(0, NIFTI1_SIZE);
    bb.put(39, (byte) checkRange("dim_info", dimInfo, 0, 255));
    for (int i = 0; i < 8; i++) {
      bb.putShort(40 + 2 * i, (short) checkRange("dim[" + i + "]", dim[i], -32768, 32767));
    }
    bb.putFloat(56, (float) intentP1);
    bb.putFloat(60, (float) intentP2);
    bb.putFloat(64, (float) intentP3);
    bb.putShort(68, (short) checkRange("intent_code", intentCode, -32768, 32767));
    bb.putShort(70, (short) checkRange("datatype", datatype, -32768, 32767));
    bb.putShort(72, (short) checkRange("bitpix", bitpix, -32768, 32767));
    bb.putShort(74, (short) checkRange("slice_start", sliceStart, -32768, 32767));
    for (int i = 0; i < 8; i++) {
      bb.putFloat(76 + 4 * i, (float) pixdim[i]);
    }
    bb.putFloat(108, (float) voxOffset);
    bb.putFloat(112, (float) sclSlope);
    bb.putFloat(116, (float) sclInter);
    bb.putShort(120, (short) checkRange("slice_end", sliceEnd, -32768, 32767));
    bb.put(122, (byte) checkRange("slice_code", sliceCode, 0, 255));
    bb.put(123, (byte) checkRange("xyzt_units", xyztUnits, 0, 255));
    bb.putFloat(124, (float) calMax);
    bb.putFloat(128, (float) calMin);
    bb.putFloat(132, (float) sliceDuration);
    bb.putFloat(136, (float) toffset);
    putText(bb, 148, 80, descrip);
    putText(bb, 228, 24, auxFile);
    bb.putShort(252, (short) checkRange("qform_code", qformCode, -32768, 32767));
    bb.putShort(254, (short) checkRange("sform_code", sformCode, -32768, 32767));
    bb.putFloat(256, (float) quaternB);
    bb.putFloat(260, (float) quaternC);
    bb.putFloat(264, (float) quaternD);
    bb.putFloat(268, (float) qoffsetX);
    bb.putFloat(272, (float) qoffsetY);
    bb.putFloat(276, (float) qoffsetZ);
    for (int i = 0; i < 4; i++) {
      bb.putFloat(280 + 4 * i, (float) srowX[i]);
      bb.putFloat(296 + 4 * i, (float) srowY[i]);
      bb.putFloat(312 + 4 * i, (float) srowZ[i]);
    }
    putText(bb, 328, 16, intentName);
    putText(bb, 344, 4, "n+1");
    return bb.array();
  }

  private byte[] toBytes2() {
    ByteBuffer bb = ByteBuffer.allocate(NIFTI2_SIZE).order(byteOrder);
    bb.putInt(0, NIFTI2_SIZE);
    putText(bb, 4, 4, "n+2");
    for (int i = 0; i < 4; i++) {
      bb.put(8 + i, NIFTI2_EOL[i]);
    }
    bb.putShort(12, (short) checkRange("datatype", datatype, -32768, 32767));
    bb.putShort(14, (short) checkRange("bitpix", bitpix, -32768, 32767));
    for (int i = 0; i < 8; i++) {
      bb.putLong(16 + 8 * i, dim[i]);
    }
    bb.putDouble(80, intentP1);
    bb.putDouble(88, intentP2);
    bb.putDouble(96, intentP3);
    for (int i = 0; i < 8; i++) {
      bb.putDouble(104 + 8 * i, pixdim[i]);
    }
    bb.putLong(168, (long) voxOffset);
    bb.putDouble(176, sclSlope);
    bb.putDouble(184, sclInter);
    bb.putDouble(192, calMax);
    bb.putDouble(200, calMin);
    bb.putDouble(208, sliceDuration);
    bb.putDouble(216, toffset);
    bb.putLong(224, sliceStart);
    bb.putLong(232, sliceEnd);
    putText(bb, 240, 80, descrip);
    putText(bb, 320, 24, auxFile);
    bb.putInt(344, qformCode);
    bb.putInt(348, sformCode);
    bb.putDouble(352, quaternB);
    bb.putDouble(360, quaternC);
    bb.putDouble(368, quaternD);
    bb.putDouble(376, qoffsetX);
    bb.putDouble(384, qoffsetY);
    bb.putDouble(392, qoffsetZ);
    for (int i = 0; i < 4; i++) {
      bb.putDouble(400 + 8 * i, srowX[i]);
      bb.putDouble(432 + 8 * i, srowY[i]);
      bb.putDouble(464 + 8 * i, srowZ[i]);
    }
    bb.putInt(496, sliceCode);
    bb.putInt(500, xyztUnits);
    bb.putInt(504, intentCode);
    putText(bb, 508, 16, intentName);
    bb.put(524, (byte) checkRange("dim_info", dimInfo, 0, 255));
    return bb.array();
  }

  private static long checkRange(String field, long v, long lo, long hi) {
    if (v < lo || v > hi) {
      throw new IllegalStateException(
          "NIfTI-1 field " + field + " = " + v + " does not fit its on-disk range [" + lo + ", "
              + hi + "]; use NIfTI-2");
    }
    return v;
  }

  private static void putText(ByteBuffer bb, int offset, int length, String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < Math.min(length, b.length); i++) {
      bb.put(offset + i, b[i]);
    }
  }

  // ---------------------------------------------------------------- nibabel semantics

  /**
   * The header as nibabel holds it after loading ({@code check_fix} at error level 40): {@code
   * pixdim[1..3]} of 0 become 1 and negative ones their absolute value, a {@code pixdim[0]}
   * (qfac) other than -1 or 1 becomes 1, and {@code qform_code}/{@code sform_code} outside 0..5
   * become 0. ({@code bitpix} is not repaired here: the reader requires it to agree with {@code
   * datatype}.)
   */
  public NiftiHeader withNibabelFixes() {
    Builder b = toBuilder();
    for (int i = 1; i <= 3; i++) {
      if (b.pixdim[i] == 0) {
        b.pixdim[i] = 1;
      } else if (b.pixdim[i] < 0) {
        b.pixdim[i] = -b.pixdim[i];
      }
    }
    if (b.pixdim[0] != 1 && b.pixdim[0] != -1) {
      b.pixdim[0] = 1;
    }
    if (b.qformCode < 0 || b.qformCode > 5) {
      b.qformCode = 0;
    }
    if (b.sformCode < 0 || b.sformCode > 5) {
      b.sformCode = 0;
    }
    return b.build();
  }

  /** The sform rows as a 4x4 affine ({@code get_sform()}), whatever {@code sform_code} says. */
  public Affine sform() {
    return Affine.of(
        srowX[0], srowX[1], srowX[2], srowX[3],
        srowY[0], srowY[1], srowY[2], srowY[3],
        srowZ[0], srowZ[1], srowZ[2], srowZ[3],
        0, 0, 0, 1);
  }

  /**
   * The qform affine ({@code get_qform()}): rotation from the unit quaternion {@code (w, b, c, d)}
   * with {@code w = sqrt(1 - b² - c² - d²)}, times {@code diag(pixdim[1], pixdim[2], qfac *
   * pixdim[3])} with {@code qfac = pixdim[0]}, then the {@code qoffset} translation. Call on a
   * {@link #withNibabelFixes() fixed} header (qfac ±1, pixdim positive) as nibabel does.
   *
   * @throws ImageReadException when {@code b² + c² + d²} exceeds 1 by more than 3 float epsilons
   *     (nibabel: "w2 should be positive"), or qfac / pixdim are invalid
   */
  public Affine qform(String file) throws ImageReadException {
    double b = quaternB;
    double c = quaternC;
    double d = quaternD;
    double threshold = -3 * (version == 1 ? Math.ulp(1.0f) : Math.ulp(1.0));
    double w2 = 1.0 - (b * b + c * c + d * d);
    double w;
    if (w2 < 0) {
      if (w2 < threshold || Double.isNaN(w2)) {
        throw new ImageReadException(
            file, "qform quaternion (b, c, d) = (" + b + ", " + c + ", " + d + ") is not a unit "
                + "quaternion: b² + c² + d² = " + (1 - w2) + " > 1");
      }
      w = 0;
    } else if (Double.isNaN(w2)) {
      throw new ImageReadException(
          file, "qform quaternion (b, c, d) = (" + b + ", " + c + ", " + d + ") is not finite");
    } else {
      w = Math.sqrt(w2);
    }
    double[] r = quaternionToMatrix(w, b, c, d);
    double qfac = pixdim[0];
    if (qfac != 1 && qfac != -1) {
      throw new ImageReadException(file, "qfac (pixdim[0]) is " + qfac + ", expected 1 or -1");
    }
    double[] vox = {pixdim[1], pixdim[2], pixdim[3] * qfac};
    if (pixdim[1] < 0 || pixdim[2] < 0 || pixdim[3] < 0) {
      throw new ImageReadException(
          file, "pixdim[1..3] = " + Arrays.toString(Arrays.copyOfRange(pixdim, 1, 4))
              + " must be positive for the qform");
    }
    double[] m = new double[16];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        m[4 * i + j] = r[3 * i + j] * vox[j];
      }
    }
    m[3] = qoffsetX;
    m[7] = qoffsetY;
    m[11] = qoffsetZ;
    m[15] = 1;
    return affineOf(m, "qform", file);
  }

  /** nibabel's {@code quat2mat}: row-major 3x3 rotation of quaternion {@code (w, x, y, z)}. */
  static double[] quaternionToMatrix(double w, double x, double y, double z) {
    double nq = w * w + x * x + y * y + z * z;
    if (nq < Math.ulp(1.0)) {
      return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
    }
    double s = 2.0 / nq;
    double xs = x * s;
    double ys = y * s;
    double zs = z * s;
    double wx = w * xs;
    double wy = w * ys;
    double wz = w * zs;
    double xx = x * xs;
    double xy = x * ys;
    double xz = x * zs;
    double yy = y * ys;
    double yz = y * zs;
    double zz = z * zs;
    return new double[] {
      1.0 - (yy + zz), xy - wz, xz + wy,
      xy + wz, 1.0 - (xx + zz), yz - wx,
      xz - wy, yz + wx, 1.0 - (xx + yy)
    };
  }

  /**
   * nibabel's {@code get_base_affine()}: {@code diag(-pixdim[1], pixdim[2], pixdim[3])} (missing
   * axes of 1D/2D images get shape and zoom 1) with the image centre {@code (shape - 1) / 2} at
   * the origin.
   */
  public Affine baseAffine() {
    int n = (int) Math.max(0, Math.min(3, dim[0]));
    double[] shape = {1, 1, 1};
    double[] zooms = {1, 1, 1};
    for (int i = 0; i < n; i++) {
      shape[i] = dim[i + 1];
      zooms[i] = pixdim[i + 1];
    }
    zooms[0] = -zooms[0];
    double[] m = new double[16];
    for (int i = 0; i < 3; i++) {
      m[5 * i] = zooms[i];
      double origin = (shape[i] - 1) / 2.0;
      m[4 * i + 3] = -origin * zooms[i];
    }
    m[15] = 1;
    return Affine.of(m);
  }

  /**
   * nibabel's {@code img.affine} ({@code get_best_affine()}): the sform when {@code sform_code !=
   * 0}, else the qform when {@code qform_code != 0}, else {@link #baseAffine()}. Call on a {@link
   * #withNibabelFixes() fixed} header, as nibabel does.
   */
  public Affine affine(String file) throws ImageReadException {
    if (sformCode != 0) {
      return affineOf(sform().toArray(), "sform", file);
    }
    if (qformCode != 0) {
      return qform(file);
    }
    return baseAffine();
  }

  private static Affine affineOf(double[] m, String what, String file) throws ImageReadException {
    for (double v : m) {
      if (!Double.isFinite(v)) {
        throw new ImageReadException(
            file, "the " + what + " holds a non-finite value: " + Arrays.toString(m));
      }
    }
    return Affine.of(m);
  }

  // ---------------------------------------------------------------- accessors

  /** 1 or 2. */
  public int version() {
    return version;
  }

  /** The file's byte order, detected from {@code sizeof_hdr}. */
  public ByteOrder byteOrder() {
    return byteOrder;
  }

  /** 348 or 540. */
  public int sizeOfHeader() {
    return version == 1 ? NIFTI1_SIZE : NIFTI2_SIZE;
  }

  /** {@code "n+1"} or {@code "n+2"}. */
  public String magic() {
    return version == 1 ? "n+1" : "n+2";
  }

  /** The smallest data offset a single file of this version can have (352 or 544). */
  public int minVoxOffset() {
    return version == 1 ? NIFTI1_MIN_VOX_OFFSET : NIFTI2_MIN_VOX_OFFSET;
  }

  public int datatype() {
    return datatype;
  }

  public int bitpix() {
    return bitpix;
  }

  /** {@code dim[0..7]}, a copy: {@code dim[0]} is the number of dimensions. */
  public long[] dim() {
    return dim.clone();
  }

  public long dim(int i) {
    return dim[i];
  }

  /** {@code pixdim[0..7]}, a copy: {@code pixdim[0]} is qfac, 1..3 voxel sizes, 4 the time step. */
  public double[] pixdim() {
    return pixdim.clone();
  }

  public double pixdim(int i) {
    return pixdim[i];
  }

  public double intentP1() {
    return intentP1;
  }

  public double intentP2() {
    return intentP2;
  }

  public double intentP3() {
    return intentP3;
  }

  public int intentCode() {
    return intentCode;
  }

  public String intentName() {
    return intentName;
  }

  /** {@code vox_offset} as stored (float32 in NIfTI-1, int64 in NIfTI-2). */
  public double voxOffset() {
    return voxOffset;
  }

  /** Byte offset of the voxels: {@code int(vox_offset)} as nibabel's {@code get_data_offset()}. */
  public long dataOffset() {
    return (long) voxOffset;
  }

  public double sclSlope() {
    return sclSlope;
  }

  public double sclInter() {
    return sclInter;
  }

  public double calMax() {
    return calMax;
  }

  public double calMin() {
    return calMin;
  }

  public double sliceDuration() {
    return sliceDuration;
  }

  public double toffset() {
    return toffset;
  }

  public long sliceStart() {
    return sliceStart;
  }

  public long sliceEnd() {
    return sliceEnd;
  }

  public int sliceCode() {
    return sliceCode;
  }

  /** Units of pixdim[1..4]: bits 0-2 space (2 = mm), bits 3-5 time (8 = s). Not applied. */
  public int xyztUnits() {
    return xyztUnits;
  }

  public int dimInfo() {
    return dimInfo;
  }

  public String descrip() {
    return descrip;
  }

  public String auxFile() {
    return auxFile;
  }

  public int qformCode() {
    return qformCode;
  }

  public int sformCode() {
    return sformCode;
  }

  public double quaternB() {
    return quaternB;
  }

  public double quaternC() {
    return quaternC;
  }

  public double quaternD() {
    return quaternD;
  }

  public double qoffsetX() {
    return qoffsetX;
  }

  public double qoffsetY() {
    return qoffsetY;
  }

  public double qoffsetZ() {
    return qoffsetZ;
  }

  public double[] srowX() {
    return srowX.clone();
  }

  public double[] srowY() {
    return srowY.clone();
  }

  public double[] srowZ() {
    return srowZ.clone();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.byteOrder = byteOrder;
    b.datatype = datatype;
    b.bitpix = bitpix;
    b.dim = dim.clone();
    b.intentP1 = intentP1;
    b.intentP2 = intentP2;
    b.intentP3 = intentP3;
    b.intentCode = intentCode;
    b.pixdim = pixdim.clone();
    b.voxOffset = voxOffset;
    b.sclSlope = sclSlope;
    b.sclInter = sclInter;
    b.calMax = calMax;
    b.calMin = calMin;
    b.sliceDuration = sliceDuration;
    b.toffset = toffset;
    b.sliceStart = sliceStart;
    b.sliceEnd = sliceEnd;
    b.sliceCode = sliceCode;
    b.xyztUnits = xyztUnits;
    b.dimInfo = dimInfo;
    b.descrip = descrip;
    b.auxFile = auxFile;
    b.intentName = intentName;
    b.qformCode = qformCode;
    b.sformCode = sformCode;
    b.quaternB = quaternB;
    b.quaternC = quaternC;
    b.quaternD = quaternD;
    b.qoffsetX = qoffsetX;
    b.qoffsetY = qoffsetY;
    b.qoffsetZ = qoffsetZ;
    b.srowX = srowX.clone();
    b.srowY = srowY.clone();
    b.srowZ = srowZ.clone();
    return b;
  }

  /** A new little-endian NIfTI-1 header with nibabel's defaults (all zeros, pixdim 1). */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NiftiHeader)) {
      return false;
    }
    return Arrays.equals(toBytes(), ((NiftiHeader) o).toBytes())
        && byteOrder.equals(((NiftiHeader) o).byteOrder);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(toBytes()), byteOrder);
  }

  @Override
  public String toString() {
    return "NiftiHeader(NIfTI-" + version + " " + byteOrder + ", datatype "
        + NiftiDataType.describe(datatype) + ", dim " + Arrays.toString(dim) + ", pixdim "
        + Arrays.toString(pixdim) + ", qform_code " + qformCode + ", sform_code " + sformCode
        + ")";
  }

  /** Mutable builder; every field defaults to nibabel's empty header (zeros, pixdim 1). */
  public static final class Builder {
    private int version = 1;
    private ByteOrder byteOrder = ByteOrder.LITTLE_ENDIAN;
    private int datatype;
    private int bitpix;
    private long[] dim = new long[8];
    private double intentP1;
    private double intentP2;
    private double intentP3;
    private int intentCode;
    private double[] pixdim = {1, 1, 1, 1, 1, 1, 1, 1};
    private double voxOffset;
    private double sclSlope;
    private double sclInter;
    private double calMax;
    private double calMin;
    private double sliceDuration;
    private double toffset;
    private long sliceStart;
    private long sliceEnd;
    private int sliceCode;
    private int xyztUnits;
    private int dimInfo;
    private String descrip = "";
    private String auxFile = "";
    private String intentName = "";
    private int qformCode;
    private int sformCode;
    private double quaternB;
    private double quaternC;
    private double quaternD;
    private double qoffsetX;
    private double qoffsetY;
    private double qoffsetZ;
    private double[] srowX = new double[4];
    private double[] srowY = new double[4];
    private double[] srowZ = new double[4];

    private Builder() {}

    /** 1 (348-byte header) or 2 (540-byte header). */
    public Builder version(int v) {
      if (v != 1 && v != 2) {
        throw new IllegalArgumentException("NIfTI version must be 1 or 2, got " + v);
      }
      this.version = v;
      return this;
    }

    public Builder byteOrder(ByteOrder order) {
      this.byteOrder = Objects.requireNonNull(order, "byteOrder");
      return this;
    }

    public Builder datatype(int code) {
      this.datatype = code;
      return this;
    }

    public Builder bitpix(int bits) {
      this.bitpix = bits;
      return this;
    }

    /** {@code dim[0..7]}; exactly 8 values. */
    public Builder dim(long... d) {
      this.dim = eight("dim", d);
      return this;
    }

    /** {@code pixdim[0..7]}; exactly 8 values. */
    public Builder pixdim(double... p) {
      if (p.length != 8) {
        throw new IllegalArgumentException("pixdim needs 8 values, got " + p.length);
      }
      this.pixdim = p.clone();
      return this;
    }

    public Builder intentParams(double p1, double p2, double p3) {
      this.intentP1 = p1;
      this.intentP2 = p2;
      this.intentP3 = p3;
      return this;
    }

    public Builder intentCode(int code) {
      this.intentCode = code;
      return this;
    }

    public Builder intentName(String name) {
      this.intentName = Objects.requireNonNull(name, "intentName");
      return this;
    }

    public Builder voxOffset(double offset) {
      this.voxOffset = offset;
      return this;
    }

    public Builder scaling(double slope, double inter) {
      this.sclSlope = slope;
      this.sclInter = inter;
      return this;
    }

    public Builder cal(double min, double max) {
      this.calMin = min;
      this.calMax = max;
      return this;
    }

    public Builder sliceTiming(int code, long start, long end, double duration) {
      this.sliceCode = code;
      this.sliceStart = start;
      this.sliceEnd = end;
      this.sliceDuration = duration;
      return this;
    }

    public Builder toffset(double t) {
      this.toffset = t;
      return this;
    }

    public Builder xyztUnits(int units) {
      this.xyztUnits = units;
      return this;
    }

    public Builder dimInfo(int info) {
      this.dimInfo = info;
      return this;
    }

    public Builder descrip(String text) {
      this.descrip = Objects.requireNonNull(text, "descrip");
      return this;
    }

    public Builder auxFile(String text) {
      this.auxFile = Objects.requireNonNull(text, "auxFile");
      return this;
    }

    public Builder qformCode(int code) {
      this.qformCode = code;
      return this;
    }

    public Builder sformCode(int code) {
      this.sformCode = code;
      return this;
    }

    /** Quaternion {@code (b, c, d)} and offsets of the qform. */
    public Builder quaternion(double b, double c, double d, double x, double y, double z) {
      this.quaternB = b;
      this.quaternC = c;
      this.quaternD = d;
      this.qoffsetX = x;
      this.qoffsetY = y;
      this.qoffsetZ = z;
      return this;
    }

    /** The sform rows from the first three rows of {@code affine}. */
    public Builder srow(Affine affine) {
      double[] m = affine.toArray();
      this.srowX = Arrays.copyOfRange(m, 0, 4);
      this.srowY = Arrays.copyOfRange(m, 4, 8);
      this.srowZ = Arrays.copyOfRange(m, 8, 12);
      return this;
    }

    public NiftiHeader build() {
      return new NiftiHeader(this);
    }

    private static long[] eight(String name, long[] v) {
      if (v.length != 8) {
        throw new IllegalArgumentException(name + " needs 8 values, got " + v.length);
      }
      return v.clone();
    }
  }
}
