package org.medbeam.io.nifti;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.medbeam.core.Affine;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageWriter;

/**
 * Writes a channel-first {@link Volume} {@code (C, X[, Y[, Z]])} as a single-file NIfTI ({@code
 * .nii}, or {@code .nii.gz} through {@link Deflater}), little-endian, in the volume's dtype.
 *
 * <p>NIfTI-1 is written unless a dimension exceeds 32767, then NIfTI-2. A single channel gives a
 * 1D/2D/3D file; several channels a 4D file {@code (X, Y, Z, C)} (missing spatial axes of 1), or a
 * 5D file {@code (X, Y, Z, T, U)} when the volume's {@code dim} metadata says it came from one
 * with {@code T * U == C} — the inverse of {@link NiftiReader}'s folding.
 *
 * <p>The header is the one MONAI's {@code NibabelWriter} has nibabel write: {@code
 * Nifti1Image(data, affine)} then {@code set_sform(affine, code=1)} and {@code set_qform(affine,
 * code=1)}: the sform rows are the affine; the qform is nibabel's fit of the affine ({@code
 * QformFit}: column norms as {@code pixdim[1..3]}, {@code qfac} in {@code pixdim[0]}, closest
 * rotation as a quaternion); {@code vox_offset} 352 (544 for NIfTI-2), {@code scl_slope} 1,
 * {@code scl_inter} 0, everything else nibabel's defaults. {@link #withXformCodes} changes the
 * codes (plain {@code nib.Nifti1Image(data, affine)} writes sform 2, qform 0). Only {@code
 * pixdim[4..7]} are carried over from the volume's {@code pixdim} metadata.
 *
 * <p>Compression defaults to level 1, nibabel's {@code Opener.default_compresslevel}, with the
 * gzip header Python's {@code gzip} module writes for nibabel (no name, mtime 0).
 */
public final class NiftiWriter implements ImageWriter {
  private static final long serialVersionUID = 1L;

  /** nibabel's {@code nibabel.openers.Opener.default_compresslevel}. */
  public static final int DEFAULT_COMPRESS_LEVEL = 1;

  private static final int NIFTI1_MAX_DIM = 32767;

  private final int sformCode;
  private final int qformCode;
  private final int compressLevel;

  private NiftiWriter(int sformCode, int qformCode, int compressLevel) {
    this.sformCode = sformCode;
    this.qformCode = qformCode;
    this.compressLevel = compressLevel;
  }

  /** As {@link #create()} (for ServiceLoader). */
  public NiftiWriter() {
    this(1, 1, DEFAULT_COMPRESS_LEVEL);
  }

  /** sform and qform codes 1 (scanner), as MONAI's {@code NibabelWriter}; gzip level 1. */
  public static NiftiWriter create() {
    return new NiftiWriter(1, 1, DEFAULT_COMPRESS_LEVEL);
  }

  /**
   * The {@code sform_code} and {@code qform_code} to write, each in 0..5 (0 unknown, 1 scanner, 2
   * aligned, 3 Talairach, 4 MNI, 5 template). The transforms are written whatever the codes.
   */
  public NiftiWriter withXformCodes(int sformCode, int qformCode) {
    checkCode("sformCode", sformCode);
    checkCode("qformCode", qformCode);
    return new NiftiWriter(sformCode, qformCode, compressLevel);
  }

  /** The gzip level for {@code .nii.gz}, 0 (stored) to 9 (smallest). */
  public NiftiWriter withCompressLevel(int level) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("compressLevel must be in [0, 9], got " + level);
    }
    return new NiftiWriter(sformCode, qformCode, level);
  }

  private static void checkCode(String name, int code) {
    if (code < 0 || code > 5) {
      throw new IllegalArgumentException(name + " must be in [0, 5], got " + code);
    }
  }

  public int sformCode() {
    return sformCode;
  }

  public int qformCode() {
    return qformCode;
  }

  public int compressLevel() {
    return compressLevel;
  }

  @Override
  public String name() {
    return "nifti";
  }

  /** True for names ending in {@code .nii} or {@code .nii.gz}, any case. */
  @Override
  public boolean verifySuffix(String fileName) {
    return NiftiReader.isNiftiName(fileName);
  }

  /**
   * The header this writer writes for {@code volume}.
   *
   * @throws IllegalArgumentException when the affine has a zero column (no qform exists)
   */
  public NiftiHeader header(Volume volume) {
    int[] shape = volume.shape();
    int rank = shape.length - 1;
    int channels = shape[0];
    long[] dim = new long[8];
    Arrays.fill(dim, 1);
    int ndim;
    long[] source = volume.meta().get("dim") instanceof long[] ? (long[]) volume.meta().get("dim")
        : null;
    for (int i = 0; i < rank; i++) {
      dim[i + 1] = shape[i + 1];
    }
    if (channels == 1) {
      ndim = rank;
    } else if (fiveD(source, shape, channels)) {
      ndim = 5;
      dim[4] = source[4];
      dim[5] = source[5];
    } else {
      ndim = 4;
      dim[4] = channels;
    }
    dim[0] = ndim;
    int version = 1;
    for (int i = 1; i <= ndim; i++) {
      if (dim[i] > NIFTI1_MAX_DIM) {
        version = 2;
      }
    }
    NiftiDataType type = NiftiDataType.forDType(volume.dtype());
    Affine affine = volume.affine();
    QformFit q = QformFit.of(affine);
    double[] pixdim = {q.qfac, q.zooms[0], q.zooms[1], q.zooms[2], 1, 1, 1, 1};
    double[] metaPixdim = volume.meta().getDoubleArray(Metadata.PIXDIM);
    if (metaPixdim != null && metaPixdim.length == 8) {
      for (int i = 4; i <= Math.min(ndim, 7); i++) {
        if (Double.isFinite(metaPixdim[i]) && metaPixdim[i] != 0) {
          pixdim[i] = metaPixdim[i];
        }
      }
    }
    return NiftiHeader.builder()
        .version(version)
        .byteOrder(ByteOrder.LITTLE_ENDIAN)
        .datatype(type.code())
        .bitpix(type.bitpix())
        .dim(dim)
        .pixdim(pixdim)
        .voxOffset(version == 1 ? NiftiHeader.NIFTI1_MIN_VOX_OFFSET
            : NiftiHeader.NIFTI2_MIN_VOX_OFFSET)
        .scaling(1.0, 0.0)
        .sformCode(sformCode)
        .qformCode(qformCode)
        .srow(affine)
        .quaternion(q.quaternion[1], q.quaternion[2], q.quaternion[3], q.offset[0], q.offset[1],
            q.offset[2])
        .build();
  }

  private static boolean fiveD(long[] source, int[] shape, int channels) {
    if (source == null || source.length != 8 || source[0] != 5) {
      return false;
    }
    for (int i = 1; i <= 3; i++) {
      long expected = i < shape.length ? shape[i] : 1;
      if (source[i] != expected) {
        return false;
      }
    }
    return source[4] >= 1 && source[5] >= 1 && source[4] * source[5] == channels;
  }

  @Override
  public void write(Volume volume, String fileName, OutputStream out) throws IOException {
    if (!verifySuffix(fileName)) {
      throw new IllegalArgumentException(
          "NIfTI file name must end in .nii or .nii.gz, got '" + fileName + "'");
    }
    NiftiHeader h = header(volume);
    boolean gz = fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
    Sink sink = gz ? new GzipSink(out, compressLevel) : new Sink(out);
    byte[] hb = h.toBytes();
    sink.write(hb, 0, hb.length);
    byte[] pad = new byte[(int) h.dataOffset() - hb.length]; // extension flag 0, no extensions
    sink.write(pad, 0, pad.length);
    int n = volume.size();
    int es = volume.dtype().byteSize();
    int perChunk = VoxelInput.CHUNK / es;
    byte[] chunk = new byte[perChunk * es];
    ByteBuffer bb = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    for (int done = 0; done < n; done += perChunk) {
      int m = Math.min(perChunk, n - done);
      bb.clear();
      VoxelCodec.encode(volume.array(), volume.dtype(), done, m, bb);
      sink.write(chunk, 0, m * es);
    }
    sink.finish();
  }

  @Override
  public String toString() {
    return "NiftiWriter(sform_code=" + sformCode + ", qform_code=" + qformCode
        + ", compresslevel=" + compressLevel + ")";
  }

  /** Plain output. */
  private static class Sink {
    final OutputStream out;

    Sink(OutputStream out) {
      this.out = out;
    }

    void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    void finish() throws IOException {
      out.flush();
    }
  }

  /** One gzip member: Python's header (no name, mtime 0, OS 255), raw deflate, trailer. */
  private static final class GzipSink extends Sink {
    private final Deflater deflater;
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private long length;

    GzipSink(OutputStream out, int level) throws IOException {
      super(out);
      this.deflater = new Deflater(level, true);
      // XFL: 2 for level 9, 4 for level 1, else 0, as Python's gzip module writes
      int xfl = level == 9 ? 2 : level == 1 ? 4 : 0;
      out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, (byte) xfl, (byte) 0xff});
    }

    @Override
    void write(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return;
      }
      crc.update(b, off, len);
      length += len;
      deflater.setInput(b, off, len);
      while (!deflater.needsInput()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
    }

    @Override
    void finish() throws IOException {
      try {
        deflater.finish();
        while (!deflater.finished()) {
          int n = deflater.deflate(buf);
          out.write(buf, 0, n);
        }
        ByteBuffer t = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        t.putInt((int) crc.getValue()).putInt((int) length);
        out.write(t.array());
        out.flush();
      } finally {
        deflater.end();
      }
    }
  }
}
