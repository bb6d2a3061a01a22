package org.medbeam.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.DType;
import org.medbeam.core.RandomState;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.Inversion;
import org.medbeam.transforms.InvertibleTransform;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.RandomizableTransform;
import org.medbeam.transforms.Transform;
import org.medbeam.transforms.TransformContext;

/**
 * Forward then inverse restores the original geometry: shape and affine exactly (1e-9), no
 * applied operation left, and values within interpolation tolerance. The input is a linear ramp,
 * which linear interpolation reproduces exactly, so the interior must come back to float
 * precision; a margin excludes voxels whose samples touched the padding.
 */
class InverseTest {
  private static final Volume IMG = TestVolumes.ramp(16, 14, 12, TestVolumes.OBLIQUE);

  private static void roundTrip(Transform t, Volume img, double tol, int margin) {
    Volume fwd = t.apply(img);
    assertFalse(fwd.appliedOperations().isEmpty(), "forward records an operation");
    Volume back = ((InvertibleTransform) t).inverse(fwd);
    assertTrue(back.appliedOperations().isEmpty(), "inverse pops the operation");
    TestVolumes.assertClose(img, back, 1e-9, tol, margin);
  }

  @Test
  void exactOpsRoundTripBitExactInTheirDtype() {
    Volume labels = TestVolumes.labels(7, 6, 5, TestVolumes.OBLIQUE);
    for (Transform t :
        new Transform[] {
          Orientation.of("RAS"), Orientation.of("SLP"), Orientation.closestCanonical(),
          Flip.of(), Flip.of(1), Rotate90.of(1), Rotate90.of(3, 0, 2), Rotate90.of(2, 2, 1)
        }) {
      Volume fwd = t.apply(labels);
      assertEquals(DType.INT16, fwd.dtype(), t + " keeps int16");
      Volume back = ((InvertibleTransform) t).inverse(fwd);
      assertTrue(back.sameVoxels(labels), t + " restores every voxel");
      assertTrue(labels.affine().almostEquals(back.affine(), 1e-12), t + " restores the affine");
      assertTrue(back.appliedOperations().isEmpty());
    }
  }

  @Test
  void spacingRoundTrip() {
    roundTrip(Spacing.of(0.6, 0.9, 1.1), IMG, 1e-3, 2);
    roundTrip(Spacing.of(0.5, 0.5, 0.7).withPaddingMode("zeros").withAlignCorners(true), IMG,
        1e-3, 3);
    // spacing already within 1e-3 of the target: no resampling, voxels and affine unchanged
    Volume diag = TestVolumes.ramp(8, 7, 6, org.medbeam.core.Affine.scaling(0.7, 0.8, 1.25));
    roundTrip(Spacing.of(0.7005, 0.8, 1.25), diag, 0, 0);
    assertTrue(Spacing.of(0.7005, 0.8, 1.25).apply(diag).sameVoxels(diag));
    // the inverse restores the recorded affine exactly
    Volume fwd = Spacing.of(0.6, 0.9, 1.1).apply(IMG);
    assertEquals(IMG.affine(), Spacing.of(1).inverse(fwd).affine());
  }

  @Test
  void interpolatingOpsRoundTrip() {
    roundTrip(Rotate.of(0.2, -0.1, 0.15), IMG, 1e-3, 4);
    roundTrip(Rotate.of(0.3, 0.1, 0.2).withKeepSize(false), IMG, 1e-3, 2);
    roundTrip(Zoom.of(1.3).withMode("trilinear"), IMG, 1e-3, 4);
    roundTrip(Zoom.of(1.25, 1.5, 1.2).withMode("trilinear").withKeepSize(false), IMG, 1e-3, 1);
    roundTrip(Resize.of(20, 18, 16).withMode("trilinear").withAlignCorners(true), IMG, 1e-3, 0);
    roundTrip(
        Affine.of().withRotateParams(0.1, 0.05, -0.1).withScaleParams(0.9, 1.1, 1.0)
            .withTranslateParams(0.5, -0.3, 0.2),
        IMG, 1e-3, 4);
    roundTrip(Affine.of().withRotateParams(0.1).withSpatialSize(18, 16, 14), IMG, 1e-3, 3);
    roundTrip(
        Rotate.of(0.3), TestVolumes.ramp2d(15, 13, org.medbeam.core.Affine.identity()), 1e-3, 5);
  }

  @Test
  void zoomOutRoundTripKeepsGeometry() {
    // zooming out pads with edge values: the geometry comes back exactly, values inside
    Volume fwd = Zoom.of(0.8).withMode("trilinear").apply(IMG);
    Volume back = Zoom.of(0.8).inverse(fwd);
    assertArrayEquals(IMG.shape(), back.shape());
    assertTrue(IMG.affine().almostEquals(back.affine(), 1e-9));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void randomRoundTrip(RandomizableTransform t, long seed, double tol, int margin) {
    Volume fwd = t.apply(IMG, RandomState.of(seed));
    assertEquals(1, fwd.appliedOperations().size());
    Volume back = ((InvertibleTransform) t).inverse(fwd);
    assertTrue(back.appliedOperations().isEmpty());
    TestVolumes.assertClose(IMG, back, 1e-9, tol, margin);
  }

  @Test
  void randomOpsRoundTripWhetherOrNotTheyFired() {
    for (long seed = 0; seed < 6; seed++) {
      randomRoundTrip(RandFlip.of(0.5, 0, 2), seed, 0, 0);
      randomRoundTrip(RandRotate90.of(0.5, 3, 0, 1), seed, 0, 0);
      randomRoundTrip(
          RandRotate.of(0.5, new double[] {0.2}, new double[] {0.1}, null), seed, 1e-3, 4);
      randomRoundTrip(
          RandZoom.of(0.5, new double[] {1.1}, new double[] {1.3}).withMode("trilinear"), seed,
          1e-3, 4);
      randomRoundTrip(
          RandAffine.of(0.5).withRotateRange(new double[] {0.1}, new double[] {0.1})
              .withTranslateRange(new double[] {1}),
          seed, 1e-3, 4);
    }
  }

  @Test
  void inverterUsesTheModeOverride() {
    Volume labels = TestVolumes.labels(12, 10, 8, TestVolumes.OBLIQUE).asFloat32();
    Volume fwd = Spacing.of(0.6, 0.7, 1.0).withMode("nearest").apply(labels);
    Volume back = Inversion.undoTop(fwd, "SpatialResample", "nearest");
    for (int i = 0; i < back.size(); i++) {
      double v = back.getDouble(i);
      assertEquals(Math.rint(v), v, 0.0, "nearest inverse keeps label values");
    }
  }

  @Test
  void inverseChecksTheOperationOnTop() {
    Volume fwd = Flip.of(0).apply(IMG);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Rotate90.of(1).inverse(fwd));
    assertTrue(e.getMessage().contains("Flip"), e.getMessage());
  }

  @Test
  void dictionaryRoundTripPerKey() {
    Sample s =
        Sample.of("case-1")
            .with("image", IMG)
            .with("label", TestVolumes.labels(16, 14, 12, TestVolumes.OBLIQUE));
    KeySelection keys = KeySelection.of("image", "label");
    Compose chain =
        Compose.of(
            Orientationd.of(keys, Orientation.of("RAS")),
            Spacingd.of(keys, Spacing.of(0.8, 0.8, 1.0), List.of("bilinear", "nearest"),
                List.of("border"), List.of(false), List.of("float64"), List.of(false)),
            RandAffined.of(keys, 1.0, RandAffine.of(1.0).withRotateRange(new double[] {0.1}),
                List.of("bilinear", "nearest"), List.of("border")),
            RandFlipd.of(keys, RandFlip.of(1.0, 1)),
            RandRotate90d.of(keys, RandRotate90.of(1.0)));
    for (boolean lazy : new boolean[] {false, true}) {
      Compose c = chain.withLazy(lazy);
      Sample fwd = c.apply(s, TransformContext.of(7));
      assertEquals(5, fwd.volume("label").appliedOperations().size());
      Sample back = c.inverse(fwd);
      for (String k : new String[] {"image", "label"}) {
        Volume b = back.volume(k);
        assertArrayEquals(s.volume(k).shape(), b.shape(), k);
        assertTrue(s.volume(k).affine().almostEquals(b.affine(), 1e-9), k + " affine");
        assertTrue(b.appliedOperations().isEmpty());
      }
      TestVolumes.assertClose(IMG, back.volume("image"), 1e-9, 2e-3, 4);
    }
  }
}
