package org.medbeam.model.inferers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.medbeam.core.AppliedOperation;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;

/** Sliding-window mechanics with plain-Java networks (layouts, padding, batching, validation). */
class SlidingWindowInfererTest {
  /** (C, X, Y, Z) with voxel value c*1e6 + x + 100 y + 10000 z: every coordinate readable. */
  static Volume coded(int c, int nx, int ny, int nz) {
    float[] d = new float[c * nx * ny * nz];
    for (int ci = 0; ci < c; ci++) {
      for (int z = 0; z < nz; z++) {
        for (int y = 0; y < ny; y++) {
          for (int x = 0; x < nx; x++) {
            d[x + nx * (y + ny * (z + nz * ci))] = ci * 1_000_000f + x + 100 * y + 10_000 * z;
          }
        }
      }
    }
    return Volume.of(d, c, nx, ny, nz);
  }

  /** Returns its input; records every batch it saw. */
  static final class Identity implements Network {
    final List<int[]> shapes = new ArrayList<>();
    final List<float[]> batches = new ArrayList<>();
    final List<Boolean> direct = new ArrayList<>();

    @Override
    public NetworkOutput forward(ByteBuffer batch, int[] shape) {
      shapes.add(shape.clone());
      direct.add(batch.isDirect());
      assertEquals(ByteOrder.nativeOrder(), batch.order());
      FloatBuffer f = batch.order(ByteOrder.nativeOrder()).asFloatBuffer();
      float[] v = new float[f.remaining()];
      f.get(v);
      assertEquals(Volume.elementCount(shape), v.length, "buffer holds exactly the batch");
      batches.add(v);
      return NetworkOutput.of(new float[][] {v.clone()}, new int[][] {shape.clone()});
    }
  }

  @Test
  void windowsReachTheNetworkInMonaiLayoutAndComeBackInOurs() {
    Volume in = coded(2, 11, 7, 5);
    Identity net = new Identity();
    Volume out =
        SlidingWindowInferer.of(6, 4, 3).withSwBatchSize(3).withOverlap(0.5).inferVolume(in, net);
    // C order (B, C, X, Y, Z): z fastest (+10000), then y (+100), then x (+1), channel +1e6
    for (int k = 0; k < net.batches.size(); k++) {
      float[] b = net.batches.get(k);
      int[] s = net.shapes.get(k);
      assertEquals(5, s.length);
      assertArrayEquals(new int[] {2, 6, 4, 3}, Arrays.copyOfRange(s, 1, 5));
      assertEquals(10_000f, b[1] - b[0]);
      assertEquals(100f, b[3] - b[0]);
      assertEquals(1f, b[4 * 3] - b[0]);
      assertEquals(1_000_000f, b[6 * 4 * 3] - b[0]);
      assertTrue(net.direct.get(k), "batch buffer is direct");
    }
    // an identity network gives the input back (constant blending of equal values)
    assertArrayEquals(in.shape(), out.shape());
    float[] a = out.floats();
    float[] e = in.floats();
    for (int i = 0; i < a.length; i++) {
      assertEquals(e[i], a[i], 1e-6 * Math.abs(e[i]) + 1e-6, "voxel " + i);
    }
  }

  @Test
  void batchesHoldSwBatchSizeWindowsAndTheLastTheRest() {
    // 11 x 7 x 5 with roi (6, 4, 3), overlap 0.5: intervals (3, 2, 1) -> starts
    // x {0, 3, 5}, y {0, 2, 3}, z {0, 1, 2}: 27 windows -> batches 4 x 6 + 3
    Identity net = new Identity();
    SlidingWindowInferer.of(6, 4, 3).withSwBatchSize(6).withOverlap(0.5)
        .inferVolume(coded(1, 11, 7, 5), net);
    assertEquals(5, net.shapes.size());
    for (int k = 0; k < 4; k++) {
      assertEquals(6, net.shapes.get(k)[0]);
    }
    assertEquals(3, net.shapes.get(4)[0]);
    // windows run x slowest, z fastest (MONAI's meshgrid "ij"): window 6 of 3 x 3 x 3 is
    // (x #0, y #2, z #0) = start (0, 3, 0): y starts are 0, 2 and 4 pulled back to 7 - 4 = 3
    assertEquals(0 + 100 * 3 + 0, net.batches.get(1)[0]);
  }

  @Test
  void paddingReachesTheNetworkAndIsCroppedAway() {
    Volume in = coded(1, 4, 3, 2);
    Identity net = new Identity();
    Volume out =
        SlidingWindowInferer.of(4, 3, 5).withCval(-7).inferVolume(in, net);
    // Z: 2 -> 5, pad (1, 2): z = -1 and z = 2, 3 are cval
    float[] b = net.batches.get(0);
    assertEquals(1, net.shapes.size());
    for (int x = 0; x < 4; x++) {
      for (int y = 0; y < 3; y++) {
        int row = (x * 3 + y) * 5;
        assertEquals(-7f, b[row]);
        assertEquals(x + 100 * y, b[row + 1]);
        assertEquals(x + 100 * y + 10_000, b[row + 2]);
        assertEquals(-7f, b[row + 3]);
        assertEquals(-7f, b[row + 4]);
      }
    }
    assertTrue(out.sameVoxels(in));
  }

  @Test
  void replicateReflectCircularPadding() {
    Volume in = coded(1, 3, 1, 1); // x values 0, 1, 2
    // roi 7 along X: pad (2, 2)
    float[][] expected = {
      {0, 0, 0, 1, 2, 2, 2}, // replicate
      {2, 1, 0, 1, 2, 1, 0}, // reflect
      {1, 2, 0, 1, 2, 0, 1}, // circular
    };
    String[] modes = {"replicate", "reflect", "circular"};
    for (int m = 0; m < 3; m++) {
      Identity net = new Identity();
      SlidingWindowInferer.of(7, -1, -1).withPaddingMode(modes[m]).inferVolume(in, net);
      assertArrayEquals(expected[m], net.batches.get(0), modes[m]);
    }
  }

  @Test
  void nonPositiveRoiMeansFullSize() {
    Identity net = new Identity();
    SlidingWindowInferer.of(0, -1, 2).withOverlap(0).inferVolume(coded(1, 5, 4, 6), net);
    assertEquals(3, net.shapes.size());
    assertArrayEquals(new int[] {1, 1, 5, 4, 2}, net.shapes.get(0));
  }

  @Test
  void twoDimensionalInput() {
    float[] d = new float[6 * 5];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    Volume in = Volume.of(d, 1, 6, 5);
    Identity net = new Identity();
    Volume out = SlidingWindowInferer.of(4, 3).withMode("gaussian").inferVolume(in, net);
    assertEquals(4, net.shapes.get(0).length);
    // (B, C, X, Y): y fastest, so the second element is x=0, y=1 -> flat 6
    assertEquals(6f, net.batches.get(0)[1]);
    assertArrayEquals(in.shape(), out.shape());
    for (int i = 0; i < d.length; i++) {
      assertEquals(d[i], out.floats()[i], 1e-5);
    }
  }

  @Test
  void outputKeepsAffineMetadataAndAppliedOperations() {
    Affine aff =
        Affine.fromRows(new double[][] {{2, 0, 0, 1}, {0, 3, 0, 2}, {0, 0, 4, 3}, {0, 0, 0, 1}});
    Volume in =
        coded(1, 6, 5, 4)
            .withAffine(aff)
            .withMeta(Metadata.FILENAME, "ct.nii.gz")
            .pushOperation(AppliedOperation.of("Spacing", new int[] {3, 3, 3}, Metadata.empty()));
    Volume out = SlidingWindowInferer.of(4).inferVolume(in, new Identity());
    assertEquals(aff, out.affine());
    assertEquals("ct.nii.gz", out.meta().getString(Metadata.FILENAME));
    assertEquals(in.appliedOperations(), out.appliedOperations());
    assertEquals(DType.FLOAT32, out.dtype());
  }

  @Test
  void integerInputIsInferredAsFloat() {
    short[] s = new short[4 * 4 * 4];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) (i - 30);
    }
    Volume in = Volume.wrap(s, DType.INT16, new int[] {1, 4, 4, 4}, Affine.identity());
    Volume out = SlidingWindowInferer.of(3).inferVolume(in, new Identity());
    for (int i = 0; i < s.length; i++) {
      assertEquals(s[i], out.floats()[i], 1e-5);
    }
  }

  @Test
  void validationNamesParameterValueAndRange() {
    SlidingWindowInferer sw = SlidingWindowInferer.of(8);
    assertEquals("sw_batch_size must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> sw.withSwBatchSize(0)).getMessage());
    assertEquals("overlap must be >= 0 and < 1, got [0.2, 1.0]",
        assertThrows(IllegalArgumentException.class, () -> sw.withOverlap(0.2, 1.0))
            .getMessage());
    assertEquals("mode must be one of \"constant\", \"gaussian\"; got \"linear\"",
        assertThrows(IllegalArgumentException.class, () -> sw.withMode("linear")).getMessage());
    assertEquals(
        "padding_mode must be one of \"constant\", \"reflect\", \"replicate\", \"circular\"; got"
            + " \"edge\"",
        assertThrows(IllegalArgumentException.class, () -> sw.withPaddingMode("edge"))
            .getMessage());
    assertEquals("sigma_scale must be finite and > 0, got [0.0]",
        assertThrows(IllegalArgumentException.class, () -> sw.withSigmaScale(0)).getMessage());
    assertEquals("cval must be a finite number, got NaN",
        assertThrows(IllegalArgumentException.class, () -> sw.withCval(Double.NaN)).getMessage());
    assertEquals(
        "roi_size must have 1 to 3 values (one, or one per spatial axis), got [1, 2, 3, 4]",
        assertThrows(IllegalArgumentException.class, () -> SlidingWindowInferer.of(1, 2, 3, 4))
            .getMessage());
    assertEquals("threads must be >= 0 (0 = medbeam default), got -1",
        assertThrows(IllegalArgumentException.class, () -> sw.withThreads(-1)).getMessage());
    // combinations are checked against the input
    String msg =
        assertThrows(IllegalArgumentException.class,
                () -> SlidingWindowInferer.of(4, 4).inferVolume(coded(1, 5, 5, 5), new Identity()))
            .getMessage();
    assertTrue(msg.startsWith("roi_size [4, 4] has 2 values but the input [1, 5, 5, 5] has 3"),
        msg);
    msg =
        assertThrows(IllegalArgumentException.class,
                () -> SlidingWindowInferer.of(9, 1, 1).withPaddingMode("reflect")
                    .inferVolume(coded(1, 3, 2, 2), new Identity()))
            .getMessage();
    assertTrue(msg.contains("pads axis X of size 3 by (3, 3)"), msg);
  }

  /** Keeps every second voxel of each window: output size ceil(n / 2) per axis. */
  static final Network HALVING =
      (batch, shape) -> {
        FloatBuffer f = batch.order(ByteOrder.nativeOrder()).asFloatBuffer();
        int n = shape[0];
        int c = shape[1];
        int[] o = {n, c, (shape[2] + 1) / 2, (shape[3] + 1) / 2, (shape[4] + 1) / 2};
        float[] out = new float[(int) Volume.elementCount(o)];
        int i = 0;
        for (int b = 0; b < n * c; b++) {
          for (int x = 0; x < o[2]; x++) {
            for (int y = 0; y < o[3]; y++) {
              for (int z = 0; z < o[4]; z++) {
                out[i++] = f.get(((b * shape[2] + 2 * x) * shape[3] + 2 * y) * shape[4] + 2 * z);
              }
            }
          }
        }
        return NetworkOutput.of(new float[][] {out}, new int[][] {o});
      };

  @Test
  void constantBlendingCountsEqualThePerWindowSumOfOnes() {
    // a gaussian with a huge sigma has every weight exactly 1.0f, so it must give the constant
    // mode's result bit for bit: this pins the precomputed coverage counts of constant mode,
    // here with a zoomed (stride-2) output and padding along Z
    Volume in = coded(1, 19, 16, 13);
    SlidingWindowInferer base =
        SlidingWindowInferer.of(8, 12, 20).withSwBatchSize(3).withOverlap(0.5).withCval(0.25);
    Volume constant = base.inferVolume(in, HALVING);
    Volume flatGaussian = base.withMode("gaussian").withSigmaScale(1e6).inferVolume(in, HALVING);
    assertArrayEquals(new int[] {1, 9, 8, 6}, constant.shape());
    assertArrayEquals(constant.floats(), flatGaussian.floats());
    // and without zoom, with padding in Y and Z
    SlidingWindowInferer plain = SlidingWindowInferer.of(7, 20, 16).withOverlap(0.3);
    assertArrayEquals(plain.inferVolume(in, new Identity()).floats(),
        plain.withMode("gaussian").withSigmaScale(1e6).inferVolume(in, new Identity()).floats());
  }

  @Test
  void configIsImmutable() {
    SlidingWindowInferer a = SlidingWindowInferer.of(8);
    SlidingWindowInferer b = a.withSwBatchSize(4).withMode(BlendMode.GAUSSIAN);
    assertEquals(1, a.swBatchSize());
    assertEquals(BlendMode.CONSTANT, a.mode());
    assertEquals(4, b.swBatchSize());
    assertNotNull(b.toString());
  }

  @Test
  void networkThatReturnsAWrongBatchIsAnError() {
    Network bad = (batch, shape) -> NetworkOutput.of(new float[][] {new float[8]},
        new int[][] {{1, 1, 2, 2, 2}});
    String msg =
        assertThrows(IllegalStateException.class,
                () -> SlidingWindowInferer.of(2).withSwBatchSize(2)
                    .inferVolume(coded(1, 4, 2, 2), bad))
            .getMessage();
    assertTrue(msg.contains("network output 0 has shape [1, 1, 2, 2, 2] for a batch of shape"
        + " [2, 1, 2, 2, 2]"), msg);
  }
}
