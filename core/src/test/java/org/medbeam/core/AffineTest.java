package org.medbeam.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class AffineTest {
  // Expected values: core_reference.json, written by make_core_fixtures.py with nibabel 5.0.
  private static final JsonNode REF = Fixtures.json(AffineTest.class, "/fixtures/core_reference.json");

  @Test
  void inverseTimesAffineIsIdentity() {
    Affine a = Affine.of(0, 0, 2, 5, -1, 0, 0, 7, 0, -1.5, 0, 9, 0, 0, 0, 1);
    assertTrue(a.multiply(a.inverse()).almostEquals(Affine.identity(), 1e-12));
    assertTrue(a.inverse().multiply(a).almostEquals(Affine.identity(), 1e-12));
  }

  @Test
  void singularAffineCannotBeInverted() {
    Affine a = Affine.of(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    assertThrows(ArithmeticException.class, a::inverse);
  }

  @Test
  void multiplyAppliesRightOperandFirst() {
    Affine scale = Affine.scaling(2, 3, 4);
    Affine shift = Affine.identity().withTranslation(1, 1, 1);
    assertArrayEquals(new double[] {3, 4, 5}, shift.multiply(scale).apply(1, 1, 1), 0);
    assertArrayEquals(new double[] {4, 6, 8}, scale.multiply(shift).apply(1, 1, 1), 0);
  }

  @Test
  void spacingIsColumnNorms() {
    Affine a = Affine.of(0, 0, 2, 0, -0.6, 0, 0, 0, 0.8, 1.5, 0, 0, 0, 0, 0, 1);
    assertArrayEquals(new double[] {1.0, 1.5, 2.0}, a.spacing(3), 1e-12);
  }

  @Test
  void nonFiniteValuesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Affine.of(1, 0, 0, Double.NaN, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1));
    assertTrue(e.getMessage().contains("finite"), e.getMessage());
  }

  @Test
  void axcodesMatchNibabel() {
    for (JsonNode c : REF.get("axcodes")) {
      Affine a = Affine.fromRows(Fixtures.matrix(c.get("affine")));
      assertEquals(c.get("axcodes").asText(), a.axcodes(), "affine " + a);
      int[][] ornt = Orientations.ioOrientation(a, 3);
      for (int i = 0; i < 3; i++) {
        assertEquals(c.get("ornt").get(i).get(0).asInt(), ornt[i][0]);
        assertEquals(c.get("ornt").get(i).get(1).asInt(), ornt[i][1]);
      }
    }
  }

  @Test
  void orientationTransformsMatchNibabel() {
    for (JsonNode c : REF.get("ornt_transforms")) {
      int[][] t =
          Orientations.orntTransform(
              Orientations.axcodesToOrnt(c.get("src").asText()),
              Orientations.axcodesToOrnt(c.get("dst").asText()));
      for (int i = 0; i < 3; i++) {
        assertEquals(c.get("transform").get(i).get(0).asInt(), t[i][0]);
        assertEquals(c.get("transform").get(i).get(1).asInt(), t[i][1]);
      }
      int[] shape = new int[3];
      for (int i = 0; i < 3; i++) {
        shape[i] = c.get("shape").get(i).asInt();
      }
      Affine expected = Affine.fromRows(Fixtures.matrix(c.get("inv_ornt_aff")));
      assertTrue(Orientations.invOrntAff(t, shape).almostEquals(expected, 1e-12));
    }
  }

  @Test
  void axcodesRoundTrip() {
    assertEquals("LPS", Orientations.orntToAxcodes(Orientations.axcodesToOrnt("LPS")));
    assertEquals("SAR", Orientations.orntToAxcodes(Orientations.axcodesToOrnt("sar")));
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> Orientations.axcodesToOrnt("RLS"));
    assertTrue(twice.getMessage().contains("twice"), twice.getMessage());
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> Orientations.axcodesToOrnt("RAX"));
    assertTrue(bad.getMessage().contains("'X'"), bad.getMessage());
  }

  @Test
  void twoDimensionalAxcodesUseTheInPlaneBlock() {
    Affine a = Affine.of(-1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1);
    assertEquals("LA", a.axcodes(2));
  }
}
