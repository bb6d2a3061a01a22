package org.medbeam.io.nifti;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;

/**
 * The qform fit against nibabel 5.0's {@code Nifti2Header.set_qform} (float64 fields), recorded
 * in {@code qform_fits.json} by {@code make_nifti_fixtures.py}.
 */
class QformFitTest {
  @Test
  void matchesNibabelSetQform() throws Exception {
    JsonNode fits;
    try (InputStream in = getClass().getResourceAsStream("/nifti/qform_fits.json")) {
      fits = new ObjectMapper().readTree(in);
    }
    Iterator<Map.Entry<String, JsonNode>> it = fits.fields();
    int n = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode f = e.getValue();
      Affine a = Affine.of(NiftiFixtures.matrix(f.get("affine")));
      QformFit q = QformFit.of(a);
      double[] pixdim = NiftiFixtures.numbers(f.get("pixdim"));
      assertEquals(pixdim[0], q.qfac, name + " qfac");
      assertArrayEquals(new double[] {pixdim[1], pixdim[2], pixdim[3]}, q.zooms, 1e-15,
          name + " zooms");
      double[] quat = NiftiFixtures.numbers(f.get("quatern"));
      assertArrayEquals(quat, new double[] {q.quaternion[1], q.quaternion[2], q.quaternion[3]},
          1e-14, name + " quaternion (b, c, d)");
      assertArrayEquals(NiftiFixtures.numbers(f.get("qoffset")), q.offset, 0.0, name);
      // and the header built from it gives nibabel's get_qform() back
      NiftiHeader h = NiftiHeader.builder().version(2)
          .pixdim(q.qfac, q.zooms[0], q.zooms[1], q.zooms[2], 1, 1, 1, 1)
          .quaternion(q.quaternion[1], q.quaternion[2], q.quaternion[3],
              q.offset[0], q.offset[1], q.offset[2])
          .qformCode(1).build();
      assertArrayEquals(NiftiFixtures.matrix(f.get("qform")), h.qform("fit").toArray(), 1e-13,
          name + " qform");
      n++;
    }
    assertTrue(n >= 7);
  }

  @Test
  void quaternionRoundTripsThroughTheRotationMatrix() {
    // hand derivation: a rotation by 0.4 rad about (1, 2, 2)/3 has w = cos(0.2), (b, c, d) =
    // sin(0.2) * (1, 2, 2)/3; quat2mat then mat2quat must give it back
    double s = Math.sin(0.2) / 3;
    double[] m = NiftiHeader.quaternionToMatrix(Math.cos(0.2), s, 2 * s, 2 * s);
    double[] q = QformFit.matrixToQuaternion(m);
    assertArrayEquals(new double[] {Math.cos(0.2), s, 2 * s, 2 * s}, q, 1e-15);
  }

  @Test
  void zeroColumnHasNoQform() {
    Affine a = Affine.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QformFit.of(a));
    assertTrue(e.getMessage().contains("column 1 is zero"), e.getMessage());
  }
}
