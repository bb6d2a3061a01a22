package org.medbeam.io.dicom;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * JPEG frames (transfer syntaxes 1.2.840.10008.1.2.4.50/.51/.57/.70): 8-bit sequential DCT
 * through the TwelveMonkeys ImageIO plugin (raw components, no colour conversion); 12-bit DCT and
 * lossless (process 14) through medbeam's own {@link JpegDecoder}, which ImageIO cannot do. Other
 * processes (progressive, arithmetic) are tried through ImageIO and otherwise reported as
 * unsupported.
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
    boolean own = sof == 0xC3 || ((sof == 0xC0 || sof == 0xC1) && precision == 12);
    if (own) {
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
    } catch (IOException | RuntimeException e) {
      if (sof == 0xC0 || sof == 0xC1) {
        // ImageIO refused a sequential stream: medbeam's decoder handles those too
        try {
          JpegDecoder.Image img = JpegDecoder.decode(data);
          check(img.width, img.height, img.planes.length, pm, file, frame);
          for (int c = 0; c < img.planes.length; c++) {
            for (int p = 0; p < pm.pixelsPerFrame(); p++) {
              fb.set(c, p, img.planes[c][p]);
            }
          }
          return;
        } catch (JpegDecoder.JpegException e2) {
          throw PixelDecoder.frameError(file, frame, e2.getMessage());
        }
      }
      throw new UnsupportedTransferSyntaxException(file, ts.uid(), String.format(
          "JPEG process of marker FF%02X (precision %d) could not be decoded: %s", sof, precision,
          e.getMessage()));
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

  private static Raster readRaster(byte[] data) throws IOException {
    ImageReader reader =
        new com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi().createReaderInstance();
    try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(iis, true, true);
      return reader.readRaster(0, null);
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
