package org.medbeam.io.dicom;

/**
 * YCbCr → RGB for YBR_FULL and YBR_FULL_422 images (PS3.3 C.7.6.3.1.2, ISO/IEC 10918-5 §7), with
 * the float32 coefficients pydicom's {@code convert_color_space(arr, "YBR_FULL", "RGB")} uses and
 * the same evaluation: {@code y*m0}, then fused multiply-adds of Cb and Cr, {@code floor(x+0.5)},
 * clipped to [0, 255]. Checked against pydicom on all 2^24 inputs (the fixture script's colour
 * section).
 */
final class ColourConversion {
  private ColourConversion() {}

  private static final float G_CB = (float) (-0.114 * 1.772 / 0.587);
  private static final float G_CR = (float) (-0.299 * 1.402 / 0.587);
  private static final float R_CR = 1.402f;
  private static final float B_CB = 1.772f;

  /** Converts an 8-bit 3-channel frame in place. */
  static void ybrFullToRgb(FrameBuffer fb, int px) {
    byte[] a = (byte[]) fb.array;
    int o0 = fb.base;
    int o1 = fb.base + fb.stride;
    int o2 = fb.base + 2 * fb.stride;
    for (int p = 0; p < px; p++) {
      float y = a[o0 + p] & 0xFF;
      float cb = (a[o1 + p] & 0xFF) - 128f;
      float cr = (a[o2 + p] & 0xFF) - 128f;
      float r = Math.fma(cr, R_CR, Math.fma(cb, 0f, y));
      float g = Math.fma(cr, G_CR, Math.fma(cb, G_CB, y));
      float b = Math.fma(cr, 0f, Math.fma(cb, B_CB, y));
      a[o0 + p] = (byte) clamp(r);
      a[o1 + p] = (byte) clamp(g);
      a[o2 + p] = (byte) clamp(b);
    }
  }

  private static int clamp(float v) {
    float f = (float) Math.floor(v + 0.5f);
    return f < 0 ? 0 : f > 255 ? 255 : (int) f;
  }
}
