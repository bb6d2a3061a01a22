package org.medbeam.io.dicom;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * JPEG 2000 frames (transfer syntaxes 1.2.840.10008.1.2.4.90/.91) through jai-imageio's
 * JPEG 2000 reader (JJ2000): reversible and irreversible wavelets, up to 16 bits. The decoder
 * undoes the code stream's own multi-component transform (RCT/ICT), so YBR_RCT/YBR_ICT frames come
 * out as RGB.
 */
final class J2kCodec {
  private J2kCodec() {}

  static void decode(byte[] data, PixelModule pm, FrameBuffer fb, String file, int frame)
      throws IOException {
    // a JPEG 2000 stream cut short still decodes (at lower quality): insist on its EOC marker
    int end = data.length;
    if (end > 0 && data[end - 1] == 0) {
      end--; // the pad byte that makes a DICOM fragment even
    }
    if (end < 2 || (data[end - 2] & 0xFF) != 0xFF || (data[end - 1] & 0xFF) != 0xD9) {
      throw PixelDecoder.frameError(file, frame, "JPEG 2000 code stream does not end with its "
          + "EOC marker (FFD9) — truncated or corrupt");
    }
    Raster raster;
    ImageReader reader =
        new com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi().createReaderInstance(null);
    try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
      reader.setInput(iis, true, true);
      raster = reader.readRaster(0, null);
    } catch (IOException | RuntimeException e) {
      throw PixelDecoder.frameError(file, frame, "JPEG 2000 code stream could not be decoded: "
          + e);
    } finally {
      reader.dispose();
    }
    int w = raster.getWidth();
    int h = raster.getHeight();
    if (w != pm.columns() || h != pm.rows() || raster.getNumBands() != pm.samplesPerPixel()) {
      throw PixelDecoder.frameError(file, frame, "JPEG 2000 frame is " + w + "x" + h + " with "
          + raster.getNumBands() + " component(s) but the header says " + pm.columns() + "x"
          + pm.rows() + " with " + pm.samplesPerPixel());
    }
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
}
