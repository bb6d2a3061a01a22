package org.medbeam.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageSource;

/** The calls the command line makes (info, convert naming, npy), and the smaller pieces. */
class DicomApiTest {
  @Test
  void describeGivesOneJsonObjectPerSeriesWithoutPixels() throws Exception {
    DicomSeriesReader reader = DicomSeriesReader.create();
    DicomSeriesReader.ScanResult scan = reader.scan(DicomFixtures.path("writer"));
    DicomSeries s = scan.series().get(0);
    JsonNode j = new ObjectMapper().readTree(reader.describe(s));
    assertEquals(s.id(), j.get("id").asText());
    assertEquals(3, j.get("slices").asInt());
    assertArrayEquals(new int[] {1, 6, 5, 3}, DicomFixtures.ints(j.get("shape")));
    assertEquals("float32", j.get("dtype").asText()); // RescaleSlope 0.5
    double[][] rows = new double[4][];
    for (int r = 0; r < 4; r++) {
      rows[r] = DicomFixtures.doubles(j.get("affine").get(r));
    }
    assertTrue(Affine.fromRows(rows).almostEquals(s.affine(), 0));
    assertEquals("written by medbeam", j.get("tags").get("SeriesDescription").asText());
    assertEquals(0, j.get("warnings").size());
    // a single file is a series of one
    DicomSeriesReader.ScanResult one =
        reader.scan(DicomFixtures.path("parse/base_explicit_le.dcm"));
    assertEquals(1, one.series().size());
    assertEquals(1, one.series().get(0).sliceCount());
  }

  @Test
  void outputNamesFollowDcm2niix() throws Exception {
    DicomSeriesReader.ScanResult scan = DicomSeriesReader.create()
        .withSpacingPolicy(DicomSeries.SpacingPolicy.WARN).scan(DicomFixtures.path("series"));
    List<DicomSeries> all = scan.series();
    Map<String, Path> names = DicomOutputNames.forSeries(all, Path.of("/out/scan.nii.gz"));
    assertEquals(all.size(), names.size());
    assertEquals(all.size(), names.values().stream().distinct().count());
    DicomSeries axial = all.stream().filter(x -> x.id().equals(DicomIOTest.uidNamed("ct_axial")))
        .findFirst().orElseThrow();
    // %b_%s_%d: base, SeriesNumber 2, SeriesDescription "Thorax axial" sanitised
    assertEquals(Path.of("/out/scan_2_Thorax_axial.nii.gz"), names.get(axial.id()));
    // parts of a split series are told apart
    assertTrue(names.values().stream().anyMatch(p -> p.toString().endsWith("_part2.nii.gz")),
        names.toString());
    // one series: exactly the requested path
    assertEquals(Path.of("x.nii.gz"),
        DicomOutputNames.forSeries(List.of(axial), Path.of("x.nii.gz")).get(axial.id()));
    assertEquals("20240131101000", DicomOutputNames.format("%t", axial, "b"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DicomOutputNames.format("%q", axial, "b"));
    assertTrue(e.getMessage().contains("%q"), e.getMessage());
  }

  @Test
  void npyHasPydicomsLayout() throws Exception {
    // rgb_planar0.dcm: 2 frames, 14 rows, 22 columns, RGB -> numpy (2, 14, 22, 3) uint8
    Volume v = new DicomFileReader().read(DicomFixtures.source("pixels/rgb_planar0.dcm"));
    DicomFileReader.PixelArray a = DicomFileReader.toPixelArray(v);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    a.writeNpy(out);
    byte[] b = out.toByteArray();
    assertEquals((byte) 0x93, b[0]);
    int headerLen = (b[8] & 0xFF) | ((b[9] & 0xFF) << 8);
    assertEquals(0, (10 + headerLen) % 64);
    String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
    assertTrue(header.startsWith(
        "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 14, 22, 3),"), header);
    assertEquals(10 + headerLen + 2 * 14 * 22 * 3, b.length);
    // the values are pydicom's, in pydicom's order (checked in DicomPixelTest)
    JsonNode want = DicomFixtures.ref().get("pixels").get("rgb_planar0.dcm").get("values");
    for (int i = 0; i < want.size(); i += 97) {
      assertEquals(want.get(i).asInt(), b[10 + headerLen + i] & 0xFF, "element " + i);
    }
    // int16 frames with rescale: float32 little endian
    Volume r = new DicomFileReader().read(DicomFixtures.source("pixels/i16_frames_rescale.dcm"));
    ByteArrayOutputStream o2 = new ByteArrayOutputStream();
    DicomFileReader.toPixelArray(r).writeNpy(o2);
    byte[] c = o2.toByteArray();
    int h2 = (c[8] & 0xFF) | ((c[9] & 0xFF) << 8);
    assertTrue(new String(c, 10, h2, StandardCharsets.US_ASCII).contains("'<f4'"));
    JsonNode w2 = DicomFixtures.ref().get("pixels").get("i16_frames_rescale.dcm").get("values");
    float first = ByteBuffer.wrap(c, 10 + h2, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
    assertEquals((float) w2.get(0).asDouble(), first);
  }

  @Test
  void fileReaderKnowsItsFiles() throws Exception {
    DicomFileReader r = new DicomFileReader();
    assertEquals("dicom", r.name());
    assertTrue(r.verifySuffix("a/b/IMG0001.DCM"));
    assertTrue(r.verifySuffix("x.dicom"));
    assertFalse(r.verifySuffix("x.nii.gz"));
    // no suffix, but DICM at 128
    assertTrue(r.canRead(DicomFixtures.source("series/ENHANCED_RLE")));
    assertFalse(r.canRead(DicomFixtures.source("series/HOSTILE_not_dicom")));
  }

  @Test
  void enhancedFileReadAloneKeepsFileOrderWithItsGeometry() throws Exception {
    // frames in file order (pydicom's); affine k from frame 1 to the last frame's position
    Volume v = new DicomFileReader().read(DicomFixtures.source("series/ENHANCED_RLE"));
    assertArrayEquals(new int[] {1, 12, 10, 6}, v.shape());
    DicomInstance d = DicomInstance.read(DicomFixtures.source("series/ENHANCED_RLE"),
        org.medbeam.io.ReadLimits.DEFAULT, DicomInstance.DEFAULT_KEYWORDS);
    double[] p0 = d.position(0);
    double[] w = v.affine().apply(0, 0, 0);
    assertArrayEquals(new double[] {-p0[0], -p0[1], p0[2]}, w, 1e-9);
    double[] p5 = d.position(5);
    double[] w5 = v.affine().apply(0, 0, 5);
    assertArrayEquals(new double[] {-p5[0], -p5[1], p5[2]}, w5, 1e-9);
    assertTrue(d.enhanced());
    assertEquals(-1024.0, d.rescaleIntercept(3));
  }

  @Test
  void classicMultiFrameFramesFollowTheNormal(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    // one classic multi-frame file: frame 1's position, sagittal orientation, 2.5 mm apart
    DicomDataset ds = new DicomDataset();
    ds.setString(Tags.SOP_CLASS_UID, VR.UI, "1.2.840.10008.5.1.4.1.1.7");
    ds.setString(Tags.SOP_INSTANCE_UID, VR.UI, DicomWriter.uidFromName("classic-mf"));
    ds.setString(Tags.SERIES_INSTANCE_UID, VR.UI, DicomWriter.uidFromName("classic-mf/s"));
    ds.setDoubles(Tags.SPACING_BETWEEN_SLICES, VR.DS, 2.5);
    ds.setDoubles(Tags.IMAGE_POSITION_PATIENT, VR.DS, 10, 20, 30);
    ds.setDoubles(Tags.IMAGE_ORIENTATION_PATIENT, VR.DS, 0, 1, 0, 0, 0, -1);
    ds.setDoubles(Tags.PIXEL_SPACING, VR.DS, 0.5, 0.25);
    ds.setInts(Tags.SAMPLES_PER_PIXEL, VR.US, 1);
    ds.setString(Tags.PHOTOMETRIC_INTERPRETATION, VR.CS, "MONOCHROME2");
    ds.setInts(Tags.NUMBER_OF_FRAMES, VR.IS, 3);
    ds.setInts(Tags.ROWS, VR.US, 2);
    ds.setInts(Tags.COLUMNS, VR.US, 2);
    ds.setInts(Tags.BITS_ALLOCATED, VR.US, 16);
    ds.setInts(Tags.BITS_STORED, VR.US, 16);
    ds.setInts(Tags.HIGH_BIT, VR.US, 15);
    ds.setInts(Tags.PIXEL_REPRESENTATION, VR.US, 1);
    DicomWriter.setPixelData(ds, new short[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23});
    DicomWriter.write(ds, tmp.resolve("mf.dcm"));
    DicomSeriesReader reader = DicomSeriesReader.create();
    DicomSeries s = reader.scan(tmp).series().get(0);
    Volume v = reader.read(s);
    assertArrayEquals(new int[] {1, 2, 2, 3}, v.shape());
    assertArrayEquals(new short[] {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23}, v.shorts());
    // normal = row x column = (0,1,0) x (0,0,-1) = (-1, 0, 0) in LPS: frames step -2.5 in x
    // (LPS), +2.5 in RAS x; i along LPS y (0.25 mm), j along LPS -z (0.5 mm)
    double[][] want = {{0, 0, 2.5, -10}, {-0.25, 0, 0, -20}, {0, -0.5, 0, 30}, {0, 0, 0, 1}};
    assertTrue(Affine.fromRows(want).almostEquals(v.affine(), 1e-12), v.affine().toString());
    assertTrue(s.warnings().toString().contains("SpacingBetweenSlices"), s.warnings().toString());
    // no geometry at all (the pixel fixture): InstanceNumber/frame order, 1 mm, said so
    DicomSeries bare = reader.scan(DicomFixtures.path("pixels/i16_frames_rescale.dcm")).series()
        .get(0);
    assertEquals(3, bare.sliceCount());
    assertTrue(bare.warnings().toString().contains("no ImageOrientationPatient"),
        bare.warnings().toString());
    assertTrue(bare.warnings().toString().contains("without ImagePositionPatient"),
        bare.warnings().toString());
  }

  @Test
  void instanceCoderRoundTrips() throws Exception {
    DicomSeriesReader.ScanResult scan = DicomSeriesReader.create()
        .scan(DicomFixtures.path("series/ENHANCED_RLE"));
    DicomInstance d = scan.series().get(0).instances().get(0);
    CoderProperties.coderDecodeEncodeEqual(DicomInstanceCoder.of(), d);
    CoderProperties.coderDeterministic(DicomInstanceCoder.of(), d, d);
  }

  @Test
  void readerSettingsAreValidated() {
    DicomSeriesReader r = DicomSeriesReader.create();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.withThreads(-1));
    assertTrue(e.getMessage().contains("threads"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> r.withExtraTags("KVp"));
    assertTrue(e.getMessage().contains("'KVp' is not a DICOM keyword"), e.getMessage());
    assertTrue(r.withExtraTags("KVP").keywords().contains("KVP"));
    e = assertThrows(IllegalArgumentException.class,
        () -> DicomFile.Options.DEFAULT.withMaxDepth(0));
    assertTrue(e.getMessage().contains("maxDepth"), e.getMessage());
  }

  @Test
  void limitsStopAllocationBeforeDecoding() {
    // a 14 x 22 x 3 frames file under a 100-voxel limit: refused from the header
    DicomParseException e = assertThrows(DicomParseException.class,
        () -> new DicomFileReader().read(DicomFixtures.source("pixels/i16_frames_rescale.dcm"),
            org.medbeam.io.ReadLimits.of(100, 1 << 20)));
    assertTrue(e.getMessage().contains("over the limit of 100"), e.getMessage());
    // and bytes that are not DICOM at all
    assertThrows(DicomParseException.class, () -> new DicomFileReader().read(
        ImageSource.of("x.dcm", "not dicom".getBytes(StandardCharsets.US_ASCII))));
  }
}
