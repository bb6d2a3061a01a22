package org.medbeam.io.dicom;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * JPEG frames (transfer syntaxes 1.2.840.10008.1.2.4.50/.51/.57/.70, retired .53/.55).
 * Sequential DCT at 8 and 12 bits (processes 1, 2, 4) and lossless (process 14) go through
 * medbeam's own {@link JpegDecoder}, which matches libjpeg's accurate integer IDCT and upsampling
 * exactly (the fixtures check it against Pillow and DCMTK). Other processes (progressive, spectral
 * selection) go through ImageIO's JPEG reader (the TwelveMonkeys plugin when on the classpath);
 * a reader warning that data ended early is an error, never grey-filled pixels.
 */
final class JpegCodec {
  private JpegCodec() {}

  static void decode(byte[] data, PixelModule pm, FrameBuffer fb, String file, int frame,
      TransferSyntax ts) throws IOException {
    int[] type;
    try {
      type = JpegDecoder.frameType(data);
    } catch (JpegDecoder.JpegException e) {
      throw PixelDecoder.frameError(file, frame, e.getMessage());
    }
    int sof = type[0];
    int precision = type[1];
    if (sof == 0xC0 || sof == 0xC1 || sof == 0xC3) {
      JpegDecoder.Image img;
      try {
        img = JpegDecoder.decode(data);
      } catch (JpegDecoder.JpegException e) {
        throw PixelDecoder.frameError(file, frame, e.getMessage());
      }
      check(img.width, img.height, img.planes.length, pm, file, frame);
      int px = pm.pixelsPerFrame();
      for (int c = 0; c < img.planes.length; c++) {
        int[] plane = img.planes[c];
        for (int p = 0; p < px; p++) {
          fb.set(c, p, plane[p]);
        }
      }
      return;
    }
    Raster raster;
    try {
      raster = readRaster(data);
    } catch (TruncatedException e) {
      throw PixelDecoder.frameError(file, frame, e.getMessage());
    } catch (IOException | RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      String l = m.toLowerCase(Locale.ROOT);
      if (l.contains("unsupported") || l.contains("not supported") || l.contains("no imageio")) {
        throw new UnsupportedTransferSyntaxException(file, ts.uid(), String.format(Locale.ROOT,
            "JPEG process of marker FF%02X (precision %d) is not supported: %s", sof,
            precision, m));
      }
      throw PixelDecoder.frameError(file, frame, "JPEG code stream could not be decoded (" + m
          + ") — truncated or corrupt");
    }
    check(raster.getWidth(), raster.getHeight(), raster.getNumBands(), pm, file, frame);
    int w = raster.getWidth();
    int h = raster.getHeight();
    int[] row = new int[w];
    for (int c = 0; c < raster.getNumBands(); c++) {
      for (int y = 0; y < h; y++) {
        raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, c, row);
        int o = y * w;
        for (int x = 0; x < w; x++) {
          fb.set(c, o + x, row[x]);
        }
      }
    }
  }

  /** A reader warned that the code stream ended early. */
  private static final class TruncatedException extends IOException {
    private static final long serialVersionUID = 1L;

    TruncatedException(String message) {
      super(message);
    }
  }

  /** Raw components (no colour conversion) through the first registered JPEG reader. */
  private static Raster readRaster(byte[] data) throws IOException {
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
    if (!it.hasNext()) {
      throw new IOException("no ImageIO JPEG reader is registered");
    }
    ImageReader reader = it.next();
    List<String> warnings = new ArrayList<>();
    reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
    try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(iis, true, true);
      Raster r = reader.readRaster(0, null);
      for (String w : warnings) {
        String l = w.toLowerCase(Locale.ROOT);
        if (l.contains("premature end") || l.contains("truncated")) {
          throw new TruncatedException("JPEG code stream ends before the image is complete ("
              + w + ") — truncated or corrupt");
        }
      }
      return r;
    } finally {
      reader.dispose();
    }
  }

  private static void check(int w, int h, int comps, PixelModule pm, String file, int frame)
      throws DicomParseException {
    if (w != pm.columns() || h != pm.rows() || comps != pm.samplesPerPixel()) {
      throw PixelDecoder.frameError(file, frame, "JPEG frame is " + w + "x" + h + " with "
          + comps + " component(s) but the header says " + pm.columns() + "x" + pm.rows()
          + " with " + pm.samplesPerPixel());
    }
  }
}
