package org.medbeam.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.medbeam.core.Volume;

/** Test helper: a minimal reader of little-endian float32 C-order {@code .npy} files. */
public final class Npy {
  public final float[] data;
  public final int[] shape;

  private Npy(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /** Reads classpath resource {@code path} (e.g. {@code "/inferers/sw_input.npy"}). */
  public static Npy read(String path) {
    try (InputStream in = Npy.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      byte[] all = in.readAllBytes();
      ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
      if ((all[0] & 0xFF) != 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII)
          .equals("NUMPY")) {
        throw new IllegalArgumentException(path + " is not a .npy file");
      }
      int major = all[6];
      int headerLen = major == 1 ? b.getShort(8) & 0xFFFF : b.getInt(8);
      int headerStart = major == 1 ? 10 : 12;
      String header = new String(all, headerStart, headerLen, StandardCharsets.US_ASCII);
      if (!header.contains("'descr': '<f4'") || !header.contains("'fortran_order': False")) {
        throw new IllegalArgumentException(path + ": only <f4 C-order supported: " + header);
      }
      Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
      if (!m.find()) {
        throw new IllegalArgumentException(path + ": no shape in " + header);
      }
      String[] parts = m.group(1).split(",");
      int n = 0;
      int[] tmp = new int[parts.length];
      for (String p : parts) {
        if (!p.isBlank()) {
          tmp[n++] = Integer.parseInt(p.trim());
        }
      }
      int[] shape = java.util.Arrays.copyOf(tmp, n);
      long count = Volume.elementCount(shape);
      float[] data = new float[(int) count];
      b.position(headerStart + headerLen);
      b.asFloatBuffer().get(data);
      return new Npy(data, shape);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A (1, C, X, Y[, Z]) C-order array (MONAI's layout) as a medbeam volume (C, X, Y[, Z]) with X
   * fastest.
   */
  public Volume toVolume() {
    if (shape[0] != 1) {
      throw new IllegalArgumentException("batch must be 1");
    }
    int c = shape[1];
    int nx = shape[2];
    int ny = shape.length > 3 ? shape[3] : 1;
    int nz = shape.length > 4 ? shape[4] : 1;
    float[] out = new float[data.length];
    for (int ci = 0; ci < c; ci++) {
      for (int x = 0; x < nx; x++) {
        for (int y = 0; y < ny; y++) {
          for (int z = 0; z < nz; z++) {
            out[ci * nx * ny * nz + x + nx * (y + ny * z)] =
                data[((ci * nx + x) * ny + y) * nz + z];
          }
        }
      }
    }
    return Volume.of(out, java.util.Arrays.copyOfRange(shape, 1, shape.length));
  }
}
