package org.medbeam.io.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Fixtures;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageReadException;

/**
 * Series assembly on a synthetic archive: shuffled file names, slices in mixed transfer syntaxes,
 * problem series and hostile files in one folder. Fixtures: {@code make_dicom_fixtures.py}
 * section "series"; each good series is compared with dcm2niix's NIfTI of the same slices (world
 * position of every voxel to 1e-3 mm, and its value) and with pydicom's pixel values (exact).
 */
class DicomSeriesTest {
  /** The acceptance bound: voxel world coordinates agree with dcm2niix's to 1e-3 mm. */
  private static final double WORLD_TOL_MM = 1e-3;

  private static DicomSeriesReader.ScanResult scan;
  private static Map<String, DicomSeries> byId;

  @BeforeAll
  static void scanArchive() throws Exception {
    scan = DicomSeriesReader.create().withThreads(2).scan(DicomFixtures.path("series"));
    byId = new HashMap<>();
    for (DicomSeries s : scan.series()) {
      byId.put(s.id(), s);
    }
  }

  @Test
  void goodSeriesMatchDcm2niixAndPydicom() throws Exception {
    JsonNode series = DicomFixtures.ref().get("series");
    Iterator<Map.Entry<String, JsonNode>> it = series.fields();
    int n = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String uid = e.getKey();
      JsonNode ref = e.getValue();
      String name = ref.get("name").asText();
      DicomSeries s = byId.get(uid);
      assertNotNull(s, name + ": series not found; have " + byId.keySet());
      assertTrue(s.warnings().isEmpty(), name + ": " + s.warnings());
      Volume v = DicomSeriesReader.create().read(s);
      int[] exp = DicomFixtures.ints(ref.get("expected").get("shape")); // (Z, Y, X)
      assertArrayEquals(new int[] {1, exp[2], exp[1], exp[0]}, v.shape(), name);
      assertEquals(ref.get("slices").asInt(), v.meta().getLong(DicomSeriesReader.SLICE_COUNT, -1));
      assertEquals(ref.get("expected").get("dtype").asText(), v.dtype().numpyName(), name);
      // pydicom's values, slices sorted along the normal, x fastest: exactly
      JsonNode values = ref.get("expected").get("values");
      for (int i = 0; i < values.size(); i++) {
        double want = values.get(i).asDouble();
        double got = v.getDouble(i);
        if (v.dtype() == DType.FLOAT32 ? (float) want != (float) got : want != got) {
          throw new AssertionError(name + ": voxel " + i + " is " + got + ", pydicom " + want);
        }
      }
      compareWithDcm2niix(name, v, ref);
      n++;
    }
    assertEquals(4, n);
  }

  /**
   * Every voxel (i, j, k) of ours must land, through dcm2niix's affine, on a voxel of dcm2niix's
   * image within {@link #WORLD_TOL_MM} and hold the same value there. dcm2niix flips the row axis,
   * so corresponding voxels, not matrices, are compared.
   */
  private static void compareWithDcm2niix(String name, Volume v, JsonNode ref) {
    Affine theirs = Affine.fromRows(Fixtures.matrix(ref.get("affine")));
    Affine inv = theirs.inverse();
    int[] shape = DicomFixtures.ints(ref.get("shape"));
    JsonNode data = ref.get("data");
    int nx = v.shape(1);
    int ny = v.shape(2);
    int nz = v.shape(3);
    double worst = 0;
    for (int k = 0; k < nz; k++) {
      for (int j = 0; j < ny; j++) {
        for (int i = 0; i < nx; i++) {
          double[] w = v.affine().apply(i, j, k);
          double[] u = inv.apply(w[0], w[1], w[2]);
          int a = (int) Math.round(u[0]);
          int b = (int) Math.round(u[1]);
          int c = (int) Math.round(u[2]);
          assertTrue(a >= 0 && a < shape[0] && b >= 0 && b < shape[1] && c >= 0 && c < shape[2],
              name + ": voxel (" + i + "," + j + "," + k + ") maps outside dcm2niix's image");
          double[] back = theirs.apply(a, b, c);
          double d = Math.sqrt(sq(back[0] - w[0]) + sq(back[1] - w[1]) + sq(back[2] - w[2]));
          worst = Math.max(worst, d);
          double theirValue = data.get(a + shape[0] * (b + shape[1] * c)).asDouble();
          double ours = v.get(0, i, j, k);
          assertEquals(theirValue, ours, 1e-3, name + ": value at (" + i + "," + j + "," + k
              + ")");
        }
      }
    }
    assertTrue(worst <= WORLD_TOL_MM, name + ": world positions differ by up to " + worst + " mm");
  }

  private static double sq(double x) {
    return x * x;
  }

  @Test
  void metadataCarriesTheTagsUsersFilterOn() throws Exception {
    for (DicomSeries s : scan.series()) {
      if (!"Thorax axial".equals(s.tags().get("SeriesDescription"))) {
        continue;
      }
      Volume v = DicomSeriesReader.create().read(s);
      Metadata m = v.meta();
      assertEquals("CT", m.getString("Modality"));
      assertEquals("PAT-ct_axial", m.getString("PatientID"));
      assertEquals("CHEST", m.getString("BodyPartExamined"));
      assertEquals("medbeam fixture", m.getString("Manufacturer"));
      assertEquals("20240131", m.getString("AcquisitionDate"));
      assertEquals("101500", m.getString("AcquisitionTime"));
      assertEquals(s.seriesInstanceUid(), m.getString("SeriesInstanceUID"));
      assertNotNull(m.getString("StudyInstanceUID"));
      assertEquals("DICOM", m.getString(Metadata.FORMAT));
      assertEquals(6L, m.getLong(DicomSeriesReader.SLICE_COUNT, -1));
      // six slices, six transfer syntaxes (explicit/implicit LE, big endian, deflated, RLE, JPEG)
      assertEquals(6, ((List<?>) m.get(DicomSeriesReader.TRANSFER_SYNTAXES)).size());
      // slice spacing from positions (2.5 mm), pixel spacing (0.75 between rows, 0.8 columns)
      assertArrayEquals(new double[] {0.8, 0.75, 2.5}, v.spacing(), 1e-9);
      return;
    }
    throw new AssertionError("axial CT series not found");
  }

  @Test
  void problemSeriesAreSplitOrRefusedAndSaySo() throws Exception {
    JsonNode probs = DicomFixtures.ref().get("series_problems");
    Iterator<Map.Entry<String, JsonNode>> it = probs.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String uid = e.getKey();
      JsonNode p = e.getValue();
      String kind = p.get("kind").asText();
      switch (kind) {
        case "missing":
        case "uneven":
          {
            // FAIL (the default): reported as a failure naming the problem
            ImageReadException f = failureFor(uid);
            assertTrue(f instanceof DicomSeriesException, kind + ": " + f);
            assertTrue(f.getMessage().contains(kind.equals("missing") ? "missing" : "uneven"),
                f.getMessage());
            // WARN: assembled, with the warning in the metadata
            DicomSeriesReader warn = DicomSeriesReader.create()
                .withSpacingPolicy(DicomSeries.SpacingPolicy.WARN);
            DicomSeries s = find(warn.scan(DicomFixtures.path("series")).series(), uid);
            Volume v = warn.read(s);
            assertEquals(p.get("slices").asInt(), v.shape(3));
            List<?> warnings = (List<?>) v.meta().get(DicomSeriesReader.WARNINGS);
            assertTrue(warnings.toString().contains(kind.equals("missing") ? "missing" : "uneven"),
                warnings.toString());
            // mean spacing, first to last: missing = 5 slices over 5 x 2 mm; uneven = 9 mm / 4
            double expected = kind.equals("missing") ? 10.0 / 4 : 9.0 / 4;
            assertEquals(expected, v.spacing()[2], 1e-9, kind);
            break;
          }
        case "split":
          {
            JsonNode parts = p.get("parts");
            for (int i = 0; i < parts.size(); i++) {
              DicomSeries part = byId.get(uid + "_" + (i + 1));
              assertNotNull(part, "part " + (i + 1) + " of " + uid + "; have " + byId.keySet());
              assertEquals(parts.get(i).asInt(), part.sliceCount(), "part " + (i + 1));
              assertTrue(part.warnings().toString().contains("split into " + parts.size()),
                  part.warnings().toString());
              Volume v = DicomSeriesReader.create().read(part);
              assertEquals(parts.get(i).asInt(), v.shape(3));
            }
            assertTrue(!byId.containsKey(uid), "unsplit id must not exist");
            break;
          }
        case "duplicate":
          {
            DicomSeries s = byId.get(uid);
            assertEquals(3, s.sliceCount());
            assertTrue(s.warnings().toString().contains("repeat a SOPInstanceUID"),
                s.warnings().toString());
            break;
          }
        default:
          throw new AssertionError(kind);
      }
    }
  }

  @Test
  void hostileFilesAreTypedFailuresAndTheRestConverts() throws Exception {
    JsonNode hostile = DicomFixtures.ref().get("hostile");
    Iterator<Map.Entry<String, JsonNode>> it = hostile.fields();
    List<String> problems = new ArrayList<>();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String file = e.getKey();
      JsonNode h = e.getValue();
      ImageReadException got;
      if (h.get("phase").asText().equals("scan")) {
        got = scan.failures().stream().filter(f -> f.file().endsWith("/" + file)).findFirst()
            .orElse(null);
      } else {
        DicomSeries s = scan.series().stream()
            .filter(x -> x.instances().get(0).source().endsWith("/" + file)).findFirst()
            .orElse(null);
        if (s == null) {
          problems.add(file + ": expected its header to scan");
          continue;
        }
        got = assertThrows(ImageReadException.class, () -> DicomSeriesReader.create().read(s),
            file);
      }
      if (got == null) {
        problems.add(file + ": not reported as a failure");
        continue;
      }
      if (!got.getClass().getSimpleName().equals(h.get("error").asText())) {
        problems.add(file + ": " + got.getClass().getSimpleName() + " instead of "
            + h.get("error").asText() + ": " + got.getMessage());
      } else if (!got.getMessage().contains(h.get("contains").asText())) {
        problems.add(file + ": message lacks '" + h.get("contains").asText() + "': "
            + got.getMessage());
      } else if (!got.getMessage().contains(file) && !(got.getCause() != null
          && got.getCause().getMessage().contains(file))) {
        problems.add(file + ": message does not name the file: " + got.getMessage());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
    // counts balance: every file is in a series, a failure, or was a duplicate copy
    int inSeries = 0;
    for (DicomSeries s : scan.series()) {
      inSeries += s.instances().size();
    }
    int scanFailures = (int) scan.failures().stream()
        .filter(f -> !(f instanceof DicomSeriesException)).count();
    int refusedSeriesFiles = 10; // the missing-slice (5) and uneven (5) series under FAIL
    assertEquals(scan.fileCount(), inSeries + scanFailures + refusedSeriesFiles + 1);
  }

  private static ImageReadException failureFor(String uid) {
    return scan.failures().stream().filter(f -> f.file().contains(uid)).findFirst()
        .orElseThrow(() -> new AssertionError("no failure for " + uid + " in "
            + scan.failures()));
  }

  private static DicomSeries find(List<DicomSeries> all, String id) {
    return all.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new AssertionError("no series " + id));
  }
}
