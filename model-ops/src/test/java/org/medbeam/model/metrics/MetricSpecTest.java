package org.medbeam.model.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Volume;

/** {@link MetricSpec} parsing, {@link OneHot} and {@link MetricsEvaluation} helpers. */
class MetricSpecTest {
  @Test
  void parsesTheCommandLineList() {
    List<MetricSpec> s = MetricSpec.parse("dice,hausdorff95,surface_distance");
    assertEquals(3, s.size());
    assertEquals("dice", s.get(0).name());
    assertEquals("DiceMetric", s.get(0).metricClass());
    assertEquals("hausdorff95", s.get(1).name());
    HausdorffDistanceMetric h = (HausdorffDistanceMetric) s.get(1).newMetric(1);
    assertEquals(95.0, h.percentile());
    assertFalse(h.includeBackground());
    SurfaceDistanceMetric sd = (SurfaceDistanceMetric) s.get(2).newMetric(1);
    assertFalse(sd.symmetric());
  }

  @Test
  void argumentsBracketsAndNames() {
    List<MetricSpec> s =
        MetricSpec.parse(
            " dice(include_background=false, name=dice_fg), surface_dice(class_thresholds=[1.5,2]),"
                + "hausdorff(percentile=99.5,directed=true,distance_metric=chessboard), f1 score,"
                + "psnr(max_val=255), assd");
    assertEquals(
        List.of("dice_fg", "surface_dice", "hausdorff", "f1_score", "psnr", "assd"),
        s.stream().map(MetricSpec::name).collect(java.util.stream.Collectors.toList()));
    assertFalse(((DiceMetric) s.get(0).newMetric(1)).includeBackground());
    assertArrayEquals(
        new double[] {1.5, 2}, ((SurfaceDiceMetric) s.get(1).newMetric(1)).classThresholds());
    HausdorffDistanceMetric h = (HausdorffDistanceMetric) s.get(2).newMetric(1);
    assertEquals(99.5, h.percentile());
    assertTrue(h.directed());
    assertEquals(DistanceMetric.CHESSBOARD, h.distanceMetric());
    assertEquals("ConfusionMatrixMetric", s.get(3).metricClass());
    assertEquals(255.0, ((PSNRMetric) s.get(4).newMetric(1)).maxVal());
    assertTrue(((SurfaceDistanceMetric) s.get(5).newMetric(1)).symmetric());
    assertEquals(
        Map.of("percentile", "99.5", "directed", "true", "distance_metric", "chessboard"),
        s.get(2).args());
  }

  @Test
  void confusionMatrixSpecGivesPerCaseMetricOfEachClass() {
    // one 1x4 case: pred [1,1,0,0], label [1,0,1,0] -> tp=1 fp=1 tn=1 fn=1 -> sensitivity 0.5
    Volume p =
        Volume.wrap(
            new float[] {0, 0, 1, 1, 1, 1, 0, 0},
            DType.FLOAT32,
            new int[] {2, 4},
            Affine.identity());
    Volume l =
        Volume.wrap(
            new float[] {0, 1, 0, 1, 1, 0, 1, 0},
            DType.FLOAT32,
            new int[] {2, 4},
            Affine.identity());
    MetricSpec s = MetricSpec.of("sensitivity(include_background=false)");
    assertArrayEquals(new double[] {0.5}, s.evaluate(s.newMetric(1), p, l));
  }

  @Test
  void regressionSpecsTakeImagesAsTheyAre() {
    // an intensity image is not a label map: mse must not one-hot it
    Volume a =
        Volume.wrap(
            new float[] {0.5f, 1.5f, 2.5f, 3.25f},
            DType.FLOAT32,
            new int[] {1, 4},
            Affine.identity());
    Volume b =
        Volume.wrap(
            new float[] {0.5f, 1.0f, 2.5f, 3.0f},
            DType.FLOAT32,
            new int[] {1, 4},
            Affine.identity());
    MetricsEvaluation.Tables t =
        MetricsEvaluation.computeTables(
            List.of(MetricsEvaluation.Case.of("c", a, b)),
            MetricSpec.parse("mse,psnr(max_val=4)"),
            null,
            1);
    assertEquals(0, t.failures().size());
    // hand derivation: squared errors 0, 0.25, 0, 0.0625 -> mse 0.078125
    assertEquals(0.078125, t.tables().get(0).get(0, 0), 1e-15);
    assertEquals(
        20 * Math.log10(4) - 10 * Math.log10(0.078125), t.tables().get(1).get(0, 0), 1e-12);
    assertFalse(MetricSpec.of("psnr(max_val=1)").isSegmentation());
    assertTrue(MetricSpec.of("dice").isSegmentation());
  }

  @Test
  void errorsNameTheProblem() {
    assertMessage(() -> MetricSpec.parse("dice,kappa"), "unknown metric 'kappa'");
    assertMessage(() -> MetricSpec.parse("dice,dice"), "metric name 'dice' appears twice");
    assertMessage(() -> MetricSpec.parse(""), "metric list is empty");
    assertMessage(() -> MetricSpec.parse("dice,,hausdorff"), "empty item");
    assertMessage(
        () -> MetricSpec.of("dice(symmetric=true)"),
        "metric 'dice' (DiceMetric) has no argument 'symmetric'; accepted: ignore_empty, "
            + "include_background, num_classes, name");
    assertMessage(
        () -> MetricSpec.of("dice(include_background=maybe)"),
        "include_background must be true or false, got 'maybe'");
    assertMessage(
        () -> MetricSpec.of("hausdorff(percentile=high)"),
        "percentile must be a number, got 'high'");
    assertMessage(
        () -> MetricSpec.of("hausdorff(percentile=120)"),
        "percentile should be a value between 0 and 100");
    assertMessage(() -> MetricSpec.of("hausdorff95(percentile=90)"), "already sets the percentile");
    assertMessage(() -> MetricSpec.of("surface_dice"), "surface_dice needs class_thresholds");
    assertMessage(() -> MetricSpec.of("psnr"), "psnr needs max_val");
    assertMessage(() -> MetricSpec.of("dice(name=a/b)"), "must be letters, digits");
    assertMessage(() -> MetricSpec.of("dice(include_background"), "closed with ')'");
    assertMessage(
        () -> MetricSpec.of("hausdorff(distance_metric=cosine)"),
        "distance_metric must be one of [euclidean, chessboard, taxicab], got 'cosine'");
  }

  @Test
  void oneHotFollowsAsDiscrete() {
    Volume labels =
        Volume.wrap(
            new float[] {0, 2, 1, 2.7f}, DType.FLOAT32, new int[] {1, 4}, Affine.identity());
    Volume oh = OneHot.toOneHot(labels, 3);
    assertArrayEquals(new int[] {3, 4}, oh.shape());
    assertEquals(DType.UINT8, oh.dtype());
    // 2.7 truncates to 2 (torch .long())
    assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1}, oh.bytes());
    assertMessage(
        () -> OneHot.toOneHot(labels, 2),
        "to_onehot=2: label value 2.0 at voxel 1 is outside [0, 2)");
  }

  @Test
  void prepareInfersOrUsesTheNumberOfClasses() {
    Volume bin =
        Volume.wrap(new float[] {0, 1, 1, 0}, DType.FLOAT32, new int[] {1, 4}, Affine.identity());
    Volume multi =
        Volume.wrap(new float[] {0, 1, 3, 0}, DType.FLOAT32, new int[] {1, 4}, Affine.identity());
    Volume[] r = OneHot.prepare(bin, bin, null);
    assertEquals(1, r[0].channels()); // binary masks stay foreground masks
    r = OneHot.prepare(bin, multi, null);
    assertEquals(4, r[0].channels());
    assertEquals(4, r[1].channels());
    r = OneHot.prepare(bin, bin, 3);
    assertEquals(3, r[1].channels());
    Volume oneHot = OneHot.toOneHot(multi, 5);
    r = OneHot.prepare(oneHot, multi, null);
    assertEquals(5, r[1].channels());
    assertMessage(
        () -> OneHot.prepare(oneHot, multi, 4),
        "num_classes=4 but the one-hot input has 5 channels");
  }

  @Test
  void pairsFilesByCaseId() {
    MetricsEvaluation.Pairing p =
        MetricsEvaluation.pairByName(
            List.of("/p/case1.nii.gz", "/p/case2.nii.gz", "/p/extra.nii"),
            List.of("gs://b/l/case2.nii.gz", "gs://b/l/case1.nii", "gs://b/l/lonely.npy"));
    assertEquals(List.of("case1", "case2"), List.copyOf(p.pairs().keySet()));
    assertArrayEquals(
        new String[] {"/p/case1.nii.gz", "gs://b/l/case1.nii"}, p.pairs().get("case1"));
    assertEquals(List.of("/p/extra.nii"), p.unmatchedPreds());
    assertEquals(List.of("gs://b/l/lonely.npy"), p.unmatchedLabels());
    assertMessage(
        () -> MetricsEvaluation.pairByName(List.of("a/x.nii", "b/x.nii.gz"), List.of()),
        "both give case id 'x'");
    assertEquals("scan.v2", MetricsEvaluation.caseId("dir/scan.v2.nii.gz"));
  }

  private static void assertMessage(Runnable r, String part) {
    Exception e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
