package org.medbeam.io.pil;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageWriter;

/**
 * Writes a 2D volume {@code (C, W, H)} (or {@code (C, W, H, 1)}) with 1 (grey), 3 (RGB) or 4
 * (RGBA) channels as PNG, JPEG or BMP (MONAI's {@code PILWriter}).
 *
 * <p>Values: with {@code scale} 255 or 65535, data are clipped to [0, 1] and multiplied, then
 * truncated to uint8 / uint16 (MONAI's rule). Without it, values must already be integers that fit
 * uint8 (any format) or uint16 (grey PNG only); anything else is an error that says so rather than
 * a silently clipped image.
 */
public final class PILWriter implements ImageWriter {
  private static final long serialVersionUID = 1L;

  private final Integer scale;

  private PILWriter(Integer scale) {
    this.scale = scale;
  }

  /** No scaling (for ServiceLoader; prefer {@link #create()}). */
  public PILWriter() {
    this(null);
  }

  public static PILWriter create() {
    return new PILWriter(null);
  }

  /** MONAI's {@code scale}: 255 or 65535. */
  public PILWriter withScale(int scale) {
    if (scale != 255 && scale != 65535) {
      throw new IllegalArgumentException("scale must be 255 or 65535, got " + scale);
    }
    return new PILWriter(scale);
  }

  @Override
  public String name() {
    return "pil";
  }

  @Override
  public boolean verifySuffix(String fileName) {
    return formatOf(fileName) != null;
  }

  private static String formatOf(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".png")) {
      return "png";
    }
    if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
      return "jpeg";
    }
    if (n.endsWith(".bmp")) {
      return "bmp";
    }
    return null;
  }

  @Override
  public void write(Volume v, String fileName, OutputStream out) throws IOException {
    String format = formatOf(fileName);
    if (format == null) {
      throw new IllegalArgumentException(fileName + ": not a .png, .jpg/.jpeg or .bmp name");
    }
    int[] shape = v.shape();
    if (!(shape.length == 3 || (shape.length == 4 && shape[3] == 1))) {
      throw new IllegalArgumentException(
          fileName + ": " + format + " holds 2D images; volume shape is " + Arrays.toString(shape));
    }
    int c = shape[0];
    int w = shape[1];
    int h = shape[2];
    if (c != 1 && c != 3 && c != 4) {
      throw new IllegalArgumentException(
          fileName + ": " + c + " channels; " + format + " takes 1 (grey), 3 (RGB) or 4 (RGBA)");
    }
    int max = 255;
    boolean sixteen = false;
    if (scale != null) {
      max = scale;
      sixteen = scale == 65535;
    } else {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      boolean integral = true;
      for (int i = 0; i < v.size(); i++) {
        double x = v.getDouble(i);
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
        if (x != Math.rint(x)) {
          integral = false;
        }
      }
      if (!integral || lo < 0 || hi > 65535 || (hi > 255 && (c != 1 || !format.equals("png")))) {
        throw new IllegalArgumentException(
            fileName + ": values span [" + lo + ", " + hi + "] in " + v.dtype().numpyName()
                + "; " + format + " stores integers 0..255 (0..65535 for grey PNG) — rescale "
                + "first (ScaleIntensity) or write with scale 255/65535 for data in [0, 1]");
      }
      sixteen = hi > 255 || v.dtype() == DType.UINT16;
      max = sixteen ? 65535 : 255;
    }
    if (sixteen && (c != 1 || !format.equals("png"))) {
      throw new IllegalArgumentException(
          fileName + ": 16-bit output needs a single-channel PNG");
    }
    if (c == 4 && format.equals("jpeg")) {
      throw new IllegalArgumentException(fileName + ": JPEG has no alpha channel");
    }
    int type = sixteen ? BufferedImage.TYPE_USHORT_GRAY
        : c == 1 ? BufferedImage.TYPE_BYTE_GRAY
        : c == 3 ? BufferedImage.TYPE_3BYTE_BGR : BufferedImage.TYPE_4BYTE_ABGR;
    BufferedImage img = new BufferedImage(w, h, type);
    WritableRaster raster = img.getRaster();
    int[] line = new int[w];
    int plane = w * h;
    for (int b = 0; b < c; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double val = v.getDouble(b * plane + y * w + x);
          if (scale != null) {
            val = Math.min(1.0, Math.max(0.0, val)) * max;
          }
          line[x] = (int) val;
        }
        raster.setSamples(0, y, w, 1, b, line);
      }
    }
    if (!ImageIO.write(img, format, out)) {
      throw new IOException(fileName + ": no ImageIO writer for " + format);
    }
  }
}
