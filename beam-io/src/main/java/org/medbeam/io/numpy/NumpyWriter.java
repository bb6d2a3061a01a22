package org.medbeam.io.numpy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.medbeam.core.Volume;
import org.medbeam.io.ByteArrays;
import org.medbeam.io.ImageWriter;
import org.medbeam.io.StridedCopy;

/**
 * Writes a volume as the channel-first numpy array {@code (C, X[, Y[, Z]])} in its own dtype
 * ({@code .npy}, or {@code .npz} holding it as {@code arr_0}, as {@code numpy.savez} names it).
 * Single-channel volumes are written in Fortran order, which is medbeam's memory order, with no
 * copy; multi-channel ones are transposed to C order.
 */
public final class NumpyWriter implements ImageWriter {
  private static final long serialVersionUID = 1L;

  public NumpyWriter() {}

  public static NumpyWriter create() {
    return new NumpyWriter();
  }

  @Override
  public String name() {
    return "numpy";
  }

  @Override
  public boolean verifySuffix(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".npy") || n.endsWith(".npz");
  }

  @Override
  public void write(Volume volume, String fileName, OutputStream out) throws IOException {
    if (fileName.toLowerCase(Locale.ROOT).endsWith(".npz")) {
      ZipOutputStream zip = new ZipOutputStream(nonClosing(out));
      zip.putNextEntry(new ZipEntry("arr_0.npy"));
      writeNpy(volume, zip);
      zip.closeEntry();
      zip.finish();
      return;
    }
    writeNpy(volume, out);
  }

  private static void writeNpy(Volume v, OutputStream out) throws IOException {
    int[] shape = v.shape();
    boolean fortran = shape[0] == 1;
    Object data = v.array();
    if (!fortran) {
      // C order of (C, X, Y, Z): Z fastest, channel slowest.
      int rank = shape.length - 1;
      int[] dims = new int[rank + 1];
      long[] strides = new long[rank + 1];
      long[] volStrides = new long[rank];
      long s = 1;
      for (int i = 0; i < rank; i++) {
        volStrides[i] = s;
        s *= shape[i + 1];
      }
      for (int i = 0; i < rank; i++) {
        dims[i] = shape[rank - i];
        strides[i] = volStrides[rank - 1 - i];
      }
      dims[rank] = shape[0];
      strides[rank] = s;
      data = StridedCopy.gather(data, dims, strides);
    }
    out.write(NpyHeader.write(v.dtype(), fortran, shape));
    out.write(ByteArrays.encode(data, v.dtype(), ByteOrder.LITTLE_ENDIAN));
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
