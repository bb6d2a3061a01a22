package org.medbeam.io.pil;

import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;
import org.medbeam.io.ImageReader;
import org.medbeam.io.ImageSource;
import org.medbeam.io.ReadLimits;

/**
 * Reads 2D PNG, JPEG and BMP images through ImageIO (MONAI's {@code PILReader}): 8-bit and 16-bit
 * grey, grey+alpha, RGB, RGBA; palette images give their indices, as PIL's {@code np.asarray}
 * does. Shape {@code (C, W, H)}: the first spatial axis is the column (x), as MONAI's {@code
 * PILReader} with its default {@code reverse_indexing=True} gives it; colour bands are channels.
 * Affine: identity.
 */
public final class PILReader implements ImageReader {
  private static final long serialVersionUID = 1L;

  public PILReader() {}

  public static PILReader create() {
    return new PILReader();
  }

  @Override
  public String name() {
    return "pil";
  }

  @Override
  public boolean verifySuffix(String fileName) {
    String n = fileName.toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp");
  }

  @Override
  public boolean sniff(byte[] head, int length) {
    boolean png = length >= 4 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N';
    boolean jpeg = length >= 3 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8;
    boolean bmp = length >= 2 && head[0] == 'B' && head[1] == 'M';
    return png || jpeg || bmp;
  }

  @Override
  public Volume read(ImageSource source, ReadLimits limits) throws ImageReadException {
    String file = source.name();
    try (InputStream in = source.open();
        ImageInputStream iis = ImageIO.createImageInputStream(in)) {
      Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(iis);
      if (!readers.hasNext()) {
        throw new ImageReadException(file, "not a PNG, JPEG or BMP image (no ImageIO reader knows it)");
      }
      javax.imageio.ImageReader r = readers.next();
      try {
        r.setInput(iis, true, true);
        int w = r.getWidth(0);
        int h = r.getHeight(0);
        if (w <= 0 || h <= 0) {
          throw new ImageReadException(file, "image header gives size " + w + "x" + h);
        }
        // check the header's claim before decoding: 4 bands of 16 bits is the most we produce
        limits.check(file, (long) w * h * 4, 2, "image header (" + w + "x" + h + ")");
        String format = r.getFormatName().toLowerCase(Locale.ROOT);
        // read() (not readRaster) so JPEG comes back colour-converted to RGB, as PIL gives it
        return toVolume(file, format, r.read(0).getRaster());
      } finally {
        r.dispose();
      }
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageReadException(file, "cannot decode image: " + e.getMessage(), e);
    }
  }

  private static Volume toVolume(String file, String format, Raster raster)
      throws ImageReadException {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int bands = raster.getNumBands();
    int transfer = raster.getTransferType();
    int plane = w * h;
    DType type;
    Object data;
    if (transfer == DataBuffer.TYPE_BYTE) {
      type = DType.UINT8;
      byte[] out = new byte[plane * bands];
      int[] line = new int[w];
      for (int b = 0; b < bands; b++) {
        for (int y = 0; y < h; y++) {
          raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, b, line);
          int base = b * plane + y * w;
          for (int x = 0; x < w; x++) {
            out[base + x] = (byte) line[x];
          }
        }
      }
      data = out;
    } else if (transfer == DataBuffer.TYPE_USHORT || transfer == DataBuffer.TYPE_SHORT) {
      type = transfer == DataBuffer.TYPE_USHORT ? DType.UINT16 : DType.INT16;
      short[] out = new short[plane * bands];
      int[] line = new int[w];
      for (int b = 0; b < bands; b++) {
        for (int y = 0; y < h; y++) {
          raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, b, line);
          int base = b * plane + y * w;
          for (int x = 0; x < w; x++) {
            out[base + x] = (short) line[x];
          }
        }
      }
      data = out;
    } else {
      throw new ImageReadException(
          file, "pixel transfer type " + transfer + " is not 8- or 16-bit; unsupported");
    }
    Metadata meta = Metadata.builder()
        .put(Metadata.FILENAME, file)
        .put(Metadata.FORMAT, format)
        .put(Metadata.ORIGINAL_CHANNEL_DIM, bands > 1 ? (Object) (-1) : "no_channel")
        .put(Metadata.SPATIAL_SHAPE, new int[] {w, h})
        .put(Metadata.ORIGINAL_AFFINE, Affine.identity().toArray())
        .put("width", w)
        .put("height", h)
        .build();
    return Volume.wrap(data, type, new int[] {bands, w, h}, Affine.identity(), meta, List.of());
  }
}
