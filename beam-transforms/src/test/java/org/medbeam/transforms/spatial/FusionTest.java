package org.medbeam.transforms.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.DType;
import org.medbeam.core.Sample;
import org.medbeam.core.Volume;
import org.medbeam.transforms.Compose;
import org.medbeam.transforms.KeySelection;
import org.medbeam.transforms.TransformContext;

/**
 * Lazy resampling ({@code Compose.withLazy(true)}) equals the eager chain: same shapes, affines
 * (1e-9), recorded operations and random draws; values equal within interpolation tolerance. On
 * a linear ramp both are exact away from the padding, so the comparison is tight.
 */
class FusionTest {
  private static final Volume IMG = TestVolumes.ramp(20, 18, 16, TestVolumes.OBLIQUE);

  private static List<String> ops(Volume v) {
    List<String> l = new ArrayList<>();
    for (AppliedOperation op : v.appliedOperations()) {
      l.add(op.className());
    }
    return l;
  }

  @Test
  void fusedChainEqualsEagerChain() {
    Compose chain =
        Compose.of(
            Orientation.of("RAS"),
            Spacing.of(0.9, 0.8, 1.1),
            Rotate.of(0.1, -0.05, 0.08),
            Flip.of(0),
            Zoom.of(1.2).withMode("trilinear"),
            Affine.of().withRotateParams(0.05).withTranslateParams(0.3, 0.2, 0)
                .withPaddingMode("border"),
            Rotate90.of(1),
            Resize.of(17, 19, 15).withMode("trilinear"));
    Volume eager = chain.apply(IMG);
    Volume fused = chain.withLazy(true).apply(IMG);
    assertEquals(ops(eager), ops(fused));
    TestVolumes.assertClose(eager, fused, 1e-9, 2e-3, 4);
    // and the fused result inverts like the eager one
    Volume back = chain.withLazy(true).inverse(fused);
    assertArrayEquals(IMG.shape(), back.shape());
    assertTrue(IMG.affine().almostEquals(back.affine(), 1e-9));
    assertTrue(back.appliedOperations().isEmpty());
  }

  @Test
  void randomChainDrawsTheSameWithAndWithoutFusion() {
    Compose chain =
        Compose.of(
            RandAffine.of(0.8).withRotateRange(new double[] {0.1}).withPaddingMode("border"),
            RandFlip.of(0.5, 1),
            RandRotate.of(0.9, new double[] {0.1}, null, null),
            RandZoom.of(0.9, new double[] {1.1}, new double[] {1.2}).withMode("trilinear"),
            RandRotate90.of(0.7));
    for (long seed = 0; seed < 4; seed++) {
      Volume eager = Compose.of(chain.transforms()).setRandomState(seed).apply(IMG);
      Volume fused = Compose.of(chain.transforms()).withLazy(true).setRandomState(seed).apply(IMG);
      assertEquals(eager.appliedOperations(), fused.appliedOperations(), "seed " + seed);
      TestVolumes.assertClose(eager, fused, 1e-9, 2e-3, 5);
    }
  }

  @Test
  void incompatibleModesAreNotFused() {
    // bilinear then nearest: two segments, each resampled alone, so lazy == eager bit for bit
    Compose chain =
        Compose.of(Spacing.of(0.9, 0.9, 1.2), Rotate.of(0.1, 0.1, 0.1).withMode("nearest"));
    Volume eager = chain.apply(IMG);
    Volume fused = chain.withLazy(true).apply(IMG);
    assertTrue(eager.sameVoxels(fused));
    assertEquals(eager.affine(), fused.affine());
  }

  @Test
  void exactOnlyRunsKeepTheDtype() {
    Volume labels = TestVolumes.labels(9, 8, 7, TestVolumes.OBLIQUE);
    Compose chain = Compose.of(Orientation.of("RAS"), Flip.of(2), Rotate90.of(1)).withLazy(true);
    Volume out = chain.apply(labels);
    assertEquals(DType.INT16, out.dtype());
    assertTrue(out.sameVoxels(Compose.of(chain.transforms()).apply(labels)));
  }

  @Test
  void nearestChainFusesExactly() {
    // flips and a nearest Spacing by an integer factor: every sample lands on a voxel centre
    Volume labels = TestVolumes.labels(12, 10, 8, org.medbeam.core.Affine.scaling(0.5, 0.5, 1));
    Compose chain =
        Compose.of(
            Flip.of(0), Spacing.of(1.0, 1.0, 1.0).withMode("nearest"), Rotate90.of(1));
    Volume eager = chain.apply(labels);
    Volume fused = chain.withLazy(true).apply(labels);
    assertTrue(eager.sameVoxels(fused));
    assertTrue(eager.affine().almostEquals(fused.affine(), 1e-12));
  }

  @Test
  void dictionaryChainFusesPerKeyWithThatKeysMode() {
    KeySelection keys = KeySelection.of("image", "label");
    Sample s =
        Sample.of("case-7")
            .with("image", IMG)
            .with("label", TestVolumes.labels(20, 18, 16, TestVolumes.OBLIQUE));
    Compose chain =
        Compose.of(
            Orientationd.of(keys, Orientation.of("RAS")),
            Spacingd.of(keys, Spacing.of(0.9, 0.9, 1.1), List.of("bilinear", "nearest"),
                List.of("border"), List.of(false), List.of("float64"), List.of(false)),
            RandAffined.of(keys, 0.9, RandAffine.of(1.0).withRotateRange(new double[] {0.1}),
                List.of("bilinear", "nearest"), List.of("border")),
            RandZoomd.of(keys, 0.9, RandZoom.of(1.0, new double[] {1.1}, new double[] {1.3}),
                List.of("trilinear", "nearest"), List.of("edge"),
                java.util.Collections.singletonList(null),
                java.util.Collections.singletonList(null)),
            RandFlipd.of(keys, RandFlip.of(0.5, 0)));
    TransformContext ctx = TransformContext.of(3).withThreads(2);
    Sample eager = chain.apply(s, ctx);
    Sample fused = chain.withLazy(true).apply(s, ctx);
    for (String k : new String[] {"image", "label"}) {
      assertEquals(eager.volume(k).appliedOperations(), fused.volume(k).appliedOperations(), k);
      assertArrayEquals(eager.volume(k).shape(), fused.volume(k).shape(), k);
      assertTrue(eager.volume(k).affine().almostEquals(fused.volume(k).affine(), 1e-9), k);
    }
    TestVolumes.assertClose(eager.volume("image"), fused.volume("image"), 1e-9, 2e-3, 4);
    // the label stays on label values (nearest end to end)
    Volume label = fused.volume("label");
    for (int i = 0; i < label.size(); i++) {
      double v = label.getDouble(i);
      assertTrue(v == Math.rint(v) && v >= 0 && v <= 4, "label value " + v);
    }
  }
}
