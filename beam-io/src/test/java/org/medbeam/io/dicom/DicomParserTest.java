package org.medbeam.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medbeam.io.ImageSource;

/**
 * The parser against pydicom's reading of the same files. Fixtures: {@code
 * make_dicom_fixtures.py} section "parse" — one CT slice written by pydicom, converted by DCMTK's
 * dcmconv to every encoding; expected values are {@code pydicom.dcmread(...)} of each file.
 */
class DicomParserTest {
  private static final DicomDictionary DICT = DicomDictionary.standard();

  @Test
  void everyEncodingReadsLikePydicom() throws Exception {
    JsonNode files = DicomFixtures.ref().get("parse").get("files");
    Iterator<Map.Entry<String, JsonNode>> it = files.fields();
    int n = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode want = e.getValue();
      DicomFile f = DicomFile.readHeader(DicomFixtures.source("parse/" + name));
      DicomDataset ds = f.dataset();
      String ts = want.get("transfer_syntax").asText();
      assertEquals(ts.isEmpty() ? TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN_UID : ts,
          f.transferSyntax().uid(), name);
      assertEquals(!ts.isEmpty(), f.hasPreamble(), name);
      assertEquals(want.get("PatientName").asText(), ds.getString(Tags.PATIENT_NAME), name);
      assertEquals(want.get("PatientID").asText(), ds.getString(Tags.PATIENT_ID), name);
      assertEquals(want.get("SeriesDescription").asText(), ds.getString(Tags.SERIES_DESCRIPTION));
      assertEquals(want.get("StudyTime").asText(), ds.getString(Tags.STUDY_TIME), name);
      assertArrayEquals(DicomFixtures.strings(want.get("ImageType")),
          ds.getStrings(Tags.IMAGE_TYPE), name);
      assertArrayEquals(DicomFixtures.doubles(want.get("ImagePositionPatient")),
          ds.getDoubles(Tags.IMAGE_POSITION_PATIENT), 0, name);
      assertArrayEquals(DicomFixtures.doubles(want.get("PixelSpacing")),
          ds.getDoubles(Tags.PIXEL_SPACING), 0, name);
      assertArrayEquals(DicomFixtures.doubles(want.get("WindowCenter")),
          ds.getDoubles(Tags.WINDOW_CENTER), 0, name);
      assertEquals(want.get("InstanceNumber").asInt(), ds.getInt(Tags.INSTANCE_NUMBER, -1), name);
      assertEquals(want.get("Rows").asInt(), ds.getInt(Tags.ROWS, -1), name);

      // nested sequences: AnatomicRegionSequence > item > ModifierCodeSequence > 2 items
      DicomDataset region = ds.getItem(DICT.tagOf("AnatomicRegionSequence"), 0);
      assertNotNull(region, name);
      assertEquals(want.get("anatomic_code_meaning").asText(),
          region.getString(DICT.tagOf("CodeMeaning")), name);
      List<DicomDataset> modifiers = region.getSequence(DICT.tagOf("ModifierCodeSequence"));
      assertEquals(want.get("modifier_values").size(), modifiers.size(), name);
      for (int i = 0; i < modifiers.size(); i++) {
        assertEquals(want.get("modifier_values").get(i).asText(),
            modifiers.get(i).getString(DICT.tagOf("CodeValue")), name);
      }
      List<DicomDataset> refs = ds.getSequence(DICT.tagOf("ReferencedImageSequence"));
      assertEquals(want.get("referenced_items").asInt(), refs.size(), name);
      assertEquals(want.get("referenced_instance").asText(),
          refs.get(0).getString(DICT.tagOf("ReferencedSOPInstanceUID")), name);
      assertTrue(refs.get(1).isEmpty(), name);
      // an item inherits the character set of its data set
      assertEquals(ds.charset(), region.charset());

      // private tags survive as raw bytes
      assertEquals(want.get("private_creator").asText(), ds.getString(0x00090010), name);
      assertArrayEquals(DicomFixtures.hex(want.get("private_ob_hex").asText()),
          ds.getBytes(0x00091001), name);
      assertArrayEquals(DicomFixtures.hex(want.get("private_lo_raw_hex").asText()),
          ds.getBytes(0x00091002), name);
      assertArrayEquals(DicomFixtures.hex(want.get("private_us_raw_hex").asText()),
          ds.getBytes(0x00091003), name);

      // lazy: the header stops at pixel data, which is located but not read
      assertFalse(ds.contains(Tags.PIXEL_DATA), name);
      assertNotNull(f.pixelData(), name);
      assertEquals(6L * 8 * 2, f.pixelData().length(), name);
      n++;
    }
    assertEquals(7, n);
  }

  @Test
  void pixelDataOffsetPointsAtTheValue() throws Exception {
    ImageSource src = DicomFixtures.source("parse/base_explicit_le.dcm");
    DicomFile f = DicomFile.readHeader(src);
    // explicit VR LE, native: the value is the last 96 bytes of the file
    assertEquals(src.size() - 96, f.pixelData().offset());
    assertEquals(VR.OW, f.pixelData().vr());
  }

  @Test
  void bulkValuesAreSkippedNotRead() throws Exception {
    DicomFile f = DicomFile.readHeader(DicomFixtures.source("parse/base_explicit_le.dcm"),
        DicomFile.Options.DEFAULT.withBulkDataThreshold(4));
    DicomDataset ds = f.dataset();
    // the 6-byte private OB is over the threshold: a reference, not bytes
    assertNull(ds.getBytes(0x00091001));
    BulkData bulk = ds.getBulkData(0x00091001);
    assertNotNull(bulk);
    assertEquals(6, bulk.length());
    // text of non-bulk VRs is still read
    assertEquals("private text", ds.getString(0x00091002));
  }

  @Test
  void oddLengthValuesAreTolerated() throws Exception {
    // hand-made explicit VR LE data set, no meta: (0008,0060) CS length 3 "CT " minus padding,
    // i.e. an odd length 1 "M", then (0010,0020) LO of odd length 5 "ABCDE".
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0x08, 0x00, 0x60, 0x00, 'C', 'S', 1, 0, 'M'});
    b.writeBytes(new byte[] {0x10, 0x00, 0x20, 0x00, 'L', 'O', 5, 0, 'A', 'B', 'C', 'D', 'E'});
    DicomFile f = DicomFile.readHeader(ImageSource.of("odd.dcm", b.toByteArray()));
    assertEquals(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, f.transferSyntax());
    assertEquals("M", f.dataset().getString(Tags.MODALITY));
    assertEquals("ABCDE", f.dataset().getString(Tags.PATIENT_ID));
  }

  @Test
  void notDicomIsATypedFailure() {
    byte[] text = "hello, this is not a DICOM file at all, just some text that goes on"
        .getBytes(StandardCharsets.US_ASCII);
    DicomParseException e = assertThrows(DicomParseException.class,
        () -> DicomFile.readHeader(ImageSource.of("notes.txt", text)));
    assertEquals("notes.txt", e.file());
    assertTrue(e.getMessage().contains("not a DICOM file"), e.getMessage());
    assertFalse(DicomFile.isDicom(ImageSource.of("notes.txt", text)));
    assertTrue(DicomFile.isDicom(DicomFixtures.source("parse/base_explicit_le.dcm")));
    assertTrue(DicomFile.isDicom(DicomFixtures.source("parse/no_meta_implicit.dcm")));
  }

  @Test
  void dictionaryKnowsStandardTagsAndRanges() {
    assertEquals("PatientName", DICT.keyword(Tags.PATIENT_NAME));
    assertEquals(Tags.SERIES_INSTANCE_UID, DICT.tagOf("SeriesInstanceUID"));
    assertEquals(VR.PN, DICT.implicitVr(Tags.PATIENT_NAME));
    assertEquals(VR.SQ, DICT.implicitVr(Tags.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE));
    // repeating group 60xx: overlay data of the third overlay plane
    assertEquals("OverlayData", DICT.keyword(0x60043000));
    assertEquals(VR.OW, DICT.implicitVr(0x60043000));
    // private creator and unknown private element
    assertEquals(VR.LO, DICT.implicitVr(0x00190010));
    assertEquals(VR.UN, DICT.implicitVr(0x00191001));
    // xs: US or SS by pixel representation
    assertTrue(DICT.isUsOrSs(0x00280106));
    assertTrue(DICT.size() > 4000);
  }
}
