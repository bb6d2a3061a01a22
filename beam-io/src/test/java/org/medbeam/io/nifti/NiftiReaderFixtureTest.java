package org.medbeam.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;
import org.medbeam.io.ImageSource;

/**
 * Every fixture of {@code make_nifti_fixtures.py} read by {@link NiftiReader} against what
 * nibabel 5.0 reads ({@code img.shape}, {@code np.asanyarray(img.dataobj)} dtype and values, {@code
 * img.affine}, the loaded header) and what MONAI 1.4.0's {@code NibabelReader.get_data} reports
 * ({@code spatial_shape}, {@code original_channel_dim}), all from {@code nibabel_reference.json}.
 */
class NiftiReaderFixtureTest {
  /**
   * Files where MONAI's {@code correct_nifti_header_if_necessary} rewrites the header after
   * nibabel loads it (pixdim disagreeing with the sform, or a 4D pixdim[4] compared with the
   * translation column): we follow nibabel there, as documented in the class Javadoc.
   */
  private static final Set<String> MONAI_HEADER_CORRECTED =
      Set.of("sform_pixdim_mismatch.nii", "sform_and_qform.nii", "dim4d.nii",
          "nifti2_int16.nii.gz");

  private static final NiftiReader READER = NiftiReader.create();

  @TestFactory
  List<DynamicTest> everyFixtureMatchesNibabel() {
    List<DynamicTest> tests = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = NiftiFixtures.reference().fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      tests.add(DynamicTest.dynamicTest(e.getKey(), () -> check(e.getKey(), e.getValue())));
    }
    assertTrue(tests.size() >= 40, "expected the full fixture set, got " + tests.size());
    return tests;
  }

  private static void check(String name, JsonNode ref) throws Exception {
    Volume v = READER.read(ImageSource.of(NiftiFixtures.path(name)));
    JsonNode nib = ref.get("nibabel");
    // shape: spatial = first min(ndim, 3) axes, channels = the rest (times RGB components)
    JsonNode shape = nib.get("shape");
    int ndim = shape.size();
    int spatialRank = Math.min(ndim, 3);
    boolean rgb = nib.get("dtype").asText().startsWith("RGB");
    int components = rgb ? nib.get("dtype").asText().length() : 1;
    int channels = components;
    for (int i = 3; i < ndim; i++) {
      channels *= shape.get(i).asInt();
    }
    int[] expectedShape = new int[spatialRank + 1];
    expectedShape[0] = channels;
    for (int i = 0; i < spatialRank; i++) {
      expectedShape[i + 1] = shape.get(i).asInt();
    }
    assertArrayEquals(expectedShape, v.shape(), name + " shape");
    DType expectedType = rgb ? DType.UINT8 : DType.fromName(nib.get("dtype").asText());
    assertEquals(expectedType, v.dtype(), name + " dtype");

    checkData(name, v, nib.get("data"), components);

    double[] affine = NiftiFixtures.matrix(nib.get("affine"));
    assertArrayEquals(affine, v.affine().toArray(), 1e-12, name + " affine");
    assertArrayEquals(affine, v.meta().getDoubleArray(Metadata.ORIGINAL_AFFINE), 1e-12);
    checkHeader(name, v.meta(), nib.get("header"));

    JsonNode monai = ref.get("monai");
    int[] spatialShape = v.meta().getIntArray(Metadata.SPATIAL_SHAPE);
    assertArrayEquals(ints(monai.get("spatial_shape")), spatialShape, name + " spatial_shape");
    Object ocd = v.meta().get(Metadata.ORIGINAL_CHANNEL_DIM);
    if (rgb) {
      // MONAI sees a structured (record) array without a channel axis; we make the components
      // channels and say so
      assertEquals(-1, ocd, name);
    } else {
      JsonNode m = monai.get("original_channel_dim");
      assertEquals(m.isTextual() ? m.asText() : (Object) m.asInt(), ocd, name);
    }
    boolean sameAsMonai = Affine.of(NiftiFixtures.matrix(monai.get("affine")))
        .almostEquals(v.affine(), 1e-12);
    if (name.equals("sform_pixdim_mismatch.nii") || name.equals("sform_and_qform.nii")) {
      assertFalse(sameAsMonai, name + ": MONAI replaces the sform by the qform here");
    } else {
      assertTrue(sameAsMonai, name + " affine vs MONAI");
    }
    if (!MONAI_HEADER_CORRECTED.contains(name)) {
      assertArrayEquals(NiftiFixtures.numbers(monai.get("pixdim")),
          v.meta().getDoubleArray(Metadata.PIXDIM), name + " pixdim vs MONAI");
    }
    assertEquals("nifti", v.meta().getString(Metadata.FORMAT));
    assertEquals(NiftiFixtures.path(name).toString(), v.meta().getString(Metadata.FILENAME));
    assertEquals("RAS", v.meta().getString(Metadata.SPACE));
  }

  private static void checkData(String name, Volume v, JsonNode data, int components) {
    int n = data.size();
    if (components > 1) {
      int spatial = v.voxelsPerChannel();
      assertEquals(n, spatial * (v.channels() / components), name + " voxel count");
      for (int i = 0; i < n; i++) {
        int frame = i / spatial;
        for (int c = 0; c < components; c++) {
          int ch = c + components * frame;
          assertEquals(data.get(i).get(c).asInt(), v.getDouble(ch * spatial + i % spatial),
              name + " voxel " + i + " component " + c);
        }
      }
      return;
    }
    assertEquals(n, v.size(), name + " element count");
    for (int i = 0; i < n; i++) {
      JsonNode e = data.get(i);
      switch (v.dtype()) {
        case FLOAT32:
          assertBits(NiftiFixtures.number(e), ((float[]) v.array())[i], name, i);
          break;
        case FLOAT64:
          assertBits(NiftiFixtures.number(e), ((double[]) v.array())[i], name, i);
          break;
        case UINT64:
        case INT64:
          assertEquals(new BigInteger(e.asText()).longValue(), ((long[]) v.array())[i],
              name + " element " + i);
          break;
        default:
          assertEquals(e.asLong(), (long) v.getDouble(i), name + " element " + i);
      }
    }
  }

  private static void assertBits(double expected, double actual, String name, int i) {
    if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(actual)) {
      fail(name + " element " + i + ": expected " + expected + ", got " + actual);
    }
  }

  /** Header fields against nibabel's loaded header (after its load-time fixes). */
  private static void checkHeader(String name, Metadata meta, JsonNode hdr) {
    for (String k : new String[] {"sizeof_hdr", "dim_info", "intent_code", "datatype", "bitpix",
        "slice_start", "slice_end", "slice_code", "xyzt_units", "qform_code", "sform_code"}) {
      assertEquals(hdr.get(k).asLong(), meta.getLong(k, Long.MIN_VALUE), name + " " + k);
    }
    for (String k : new String[] {"intent_p1", "intent_p2", "intent_p3", "cal_max", "cal_min",
        "slice_duration", "toffset", "quatern_b", "quatern_c", "quatern_d", "qoffset_x",
        "qoffset_y", "qoffset_z", "vox_offset", "scl_slope", "scl_inter"}) {
      assertEquals(NiftiFixtures.number(hdr.get(k)), meta.getDouble(k, -12345.0), name + " " + k);
    }
    for (String k : new String[] {"pixdim", "srow_x", "srow_y", "srow_z"}) {
      assertArrayEquals(NiftiFixtures.numbers(hdr.get(k)), meta.getDoubleArray(k), name + " " + k);
    }
    assertArrayEquals(longs(hdr.get("dim")), (long[]) meta.get("dim"), name + " dim");
    for (String k : new String[] {"descrip", "aux_file", "intent_name", "magic"}) {
      assertEquals(hdr.get(k).asText(), meta.getString(k), name + " " + k);
    }
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  private static long[] longs(JsonNode a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asLong();
    }
    return out;
  }

  @Test
  void sformIsTakenBitExactly() throws Exception {
    // sform_only.nii: the sform rows are float32 in the file; nibabel's affine is their exact
    // float64 widening (nibabel_reference.json), so no tolerance is needed
    JsonNode ref = NiftiFixtures.reference().get("sform_only.nii").get("nibabel");
    Volume v = READER.read(ImageSource.of(NiftiFixtures.path("sform_only.nii")));
    assertArrayEquals(NiftiFixtures.matrix(ref.get("affine")), v.affine().toArray(), 0.0);
  }

  @Test
  void inMemoryAndLocalSourcesReadTheSame() throws Exception {
    for (String name : new String[] {"gz_int16.nii.gz", "dtype_float64.nii",
        "gz_multimember.nii.gz",
        "bigendian_float64.nii.gz"}) {
      Volume local = READER.read(ImageSource.of(NiftiFixtures.path(name)));
      Volume memory = READER.read(ImageSource.of(name, NiftiFixtures.bytes(name)));
      assertTrue(local.sameVoxels(memory), name);
      assertEquals(local.affine(), memory.affine(), name);
    }
  }
}
