package org.medbeam.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Volume;

/**
 * Decoded pixels against pydicom. Fixtures: {@code make_dicom_fixtures.py} section "pixels";
 * each file's expected array is pydicom's {@code pixel_array} (of DCMTK's decompressed copy where
 * pydicom has no decoder here: JPEG lossless and 12-bit), with pydicom's colour conversion and
 * palette lookup and MONAI's float32 rescale; the source of each is recorded in
 * reference.json.
 */
class DicomPixelTest {
  private final DicomFileReader reader = new DicomFileReader();

  @Test
  void everyFixtureDecodesLikePydicom() throws Exception {
    JsonNode all = DicomFixtures.ref().get("pixels");
    Iterator<Map.Entry<String, JsonNode>> it = all.fields();
    List<String> failures = new ArrayList<>();
    int n = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode want = e.getValue();
      try {
        Volume v = reader.read(DicomFixtures.source("pixels/" + name));
        DicomFileReader.PixelArray got = DicomFileReader.toPixelArray(v);
        assertEquals(want.get("dtype").asText(), got.dtype().numpyName(), name + " dtype");
        assertArrayEquals(DicomFixtures.ints(want.get("shape")), got.shape(), name + " shape");
        compare(name, want.get("values"), got);
      } catch (AssertionError | Exception ex) {
        failures.add(name + ": " + ex);
      }
      n++;
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + n + " fixtures differ:\n" + String.join("\n", failures));
    }
    assertTrue(n >= 47, "fixtures read: " + n);
  }

  /** Exact: lossy codecs too (IJG's integer IDCT; JJ2000 matched OpenJPEG on these files). */
  private static void compare(String name, JsonNode values, DicomFileReader.PixelArray got) {
    Volume flat = Volume.wrap(got.data(), got.dtype(), new int[] {1, values.size()},
        org.medbeam.core.Affine.identity());
    assertEquals(values.size(), flat.size(), name + " size");
    int bad = 0;
    String first = null;
    for (int i = 0; i < values.size(); i++) {
      double w = values.get(i).asDouble();
      double g = flat.getDouble(i);
      boolean ok = got.dtype() == org.medbeam.core.DType.FLOAT32 ? (float) w == (float) g
          : w == g;
      if (!ok) {
        if (first == null) {
          first = "index " + i + ": expected " + w + ", got " + g;
        }
        bad++;
      }
    }
    assertEquals(0, bad, name + ": " + bad + " values differ, first at " + first);
  }

  @Test
  void jpegLsIsRefusedNamingTheTransferSyntax() {
    UnsupportedTransferSyntaxException e = assertThrows(UnsupportedTransferSyntaxException.class,
        () -> reader.read(DicomFixtures.source("pixels/jpls_u16.dcm")));
    assertEquals(TransferSyntax.JPEG_LS_LOSSLESS_UID, e.transferSyntaxUid());
    assertTrue(e.getMessage().contains("1.2.840.10008.1.2.4.80"), e.getMessage());
    assertTrue(e.getMessage().contains("jpls_u16.dcm"), e.getMessage());
  }

  @Test
  void truncatedJpegIsAnErrorOnBothDecoderPaths() throws Exception {
    // progressive (ImageIO) and lossless (medbeam's decoder): half a code stream each
    for (String name : new String[] {"jpprog_u8.dcm", "jpll_sv1_u16_bs12.dcm"}) {
      org.medbeam.io.ImageSource src = DicomFixtures.source("pixels/" + name);
      try (DicomStreamReader r = DicomStreamReader.open(src, DicomFile.Options.READ_ALL)) {
        DicomFile h = r.readHeader();
        PixelModule pm = PixelModule.of(h.dataset(), Tags.PIXEL_DATA, name,
            org.medbeam.io.ReadLimits.DEFAULT);
        List<byte[]> frames = Fragments.read(r, h, pm, org.medbeam.io.ReadLimits.DEFAULT,
            Fragments.Kind.JPEG);
        byte[] half = java.util.Arrays.copyOf(frames.get(0), frames.get(0).length / 2);
        FrameBuffer fb = new FrameBuffer(pm.storedDType().allocate(pm.pixelsPerFrame()),
            pm.storedDType(), 0, pm.pixelsPerFrame());
        DicomParseException e = assertThrows(DicomParseException.class,
            () -> JpegCodec.decode(half, pm, fb, name, 0, h.transferSyntax()));
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
      }
    }
  }

  @Test
  void truncatedJpeg2000IsAnError() throws Exception {
    org.medbeam.io.ImageSource src = DicomFixtures.source("pixels/j2k_u16_lossless.dcm");
    try (DicomStreamReader r = DicomStreamReader.open(src, DicomFile.Options.READ_ALL)) {
      DicomFile h = r.readHeader();
      PixelModule pm = PixelModule.of(h.dataset(), Tags.PIXEL_DATA, "j2k",
          org.medbeam.io.ReadLimits.DEFAULT);
      byte[] code = Fragments.read(r, h, pm, org.medbeam.io.ReadLimits.DEFAULT,
          Fragments.Kind.J2K).get(0);
      FrameBuffer fb = new FrameBuffer(pm.storedDType().allocate(pm.pixelsPerFrame()),
          pm.storedDType(), 0, pm.pixelsPerFrame());
      J2kCodec.decode(code, pm, fb, "j2k", 0); // whole: fine
      byte[] cut = java.util.Arrays.copyOf(code, code.length * 3 / 4);
      DicomParseException e = assertThrows(DicomParseException.class,
          () -> J2kCodec.decode(cut, pm, fb, "j2k", 0));
      assertTrue(e.getMessage().contains("EOC"), e.getMessage());
    }
  }

  @Test
  void volumeLayoutIsChannelFirstColumnsFastest() throws Exception {
    // rgb_planar0.dcm: 2 frames of 14 rows x 22 columns RGB -> (3, 22, 14, 2)
    Volume v = reader.read(DicomFixtures.source("pixels/rgb_planar0.dcm"));
    assertArrayEquals(new int[] {3, 22, 14, 2}, v.shape());
    assertEquals(-1, v.meta().get(org.medbeam.core.Metadata.ORIGINAL_CHANNEL_DIM));
    // single frame grey -> 2D (1, 22, 14), as MONAI's PydicomReader gives 2D for one frame
    Volume g = reader.read(DicomFixtures.source("pixels/u8.dcm"));
    assertArrayEquals(new int[] {1, 22, 14}, g.shape());
    assertEquals("no_channel", g.meta().get(org.medbeam.core.Metadata.ORIGINAL_CHANNEL_DIM));
  }
}
