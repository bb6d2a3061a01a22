package org.medbeam.transforms.post;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.medbeam.core.Volume;
import org.medbeam.transforms.config.ChainConfig;

/** Connected components and post-processing behaviour beyond the MONAI fixtures. */
class PostBehaviourTest {

  @Test
  void componentsFollowConnectivityAndAreNumberedInCOrder() {
    // 2D (X=3, Y=3) in our storage (x fastest): voxels (0,0), (1,1), (2,2), (0,2)
    byte[] m = new byte[9];
    m[0] = 1; // (0,0)
    m[1 + 3] = 1; // (1,1)
    m[2 + 6] = 1; // (2,2)
    m[6] = 1; // (0,2)
    ConnectedComponents faces = ConnectedComponents.label(m, new int[] {3, 3}, 1);
    assertEquals(4, faces.count);
    // C order: (0,0) < (0,2) < (1,1) < (2,2)
    assertEquals(1, faces.labels[0]);
    assertEquals(2, faces.labels[6]);
    assertEquals(3, faces.labels[4]);
    assertEquals(4, faces.labels[8]);
    ConnectedComponents full = ConnectedComponents.label(m, new int[] {3, 3}, null);
    assertEquals(1, full.count);
    assertEquals(4, full.sizes[1]);
  }

  @Test
  void largeLabelVolumesAreLabelledInLinearTime() {
    int nx = 128;
    int ny = 128;
    int nz = 64;
    byte[] m = new byte[nx * ny * nz];
    for (int i = 0; i < m.length; i++) {
      int x = i % nx;
      int z = i / (nx * ny);
      m[i] = (byte) ((x % 4 != 3 && z % 8 != 7) ? 1 : 0);
    }
    ConnectedComponents cc = ConnectedComponents.label(m, new int[] {nx, ny, nz}, 1);
    assertEquals(32 * 8, cc.count);
    assertEquals(3 * ny * 7, cc.sizes[1]);
  }

  @Test
  void ensemblesNeedTheirDictionaryFormInConfigs() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChainConfig.fromText("{\"_target_\": \"VoteEnsemble\"}"));
    assertTrue(e.getMessage().contains("VoteEnsembled"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ChainConfig.fromText(
                    "{\"_target_\": \"AsDiscreted\", \"keys\": \"pred\", \"to_onehot\": true}"));
    assertTrue(e.getMessage().contains("to_onehot=True/False is deprecated"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChainConfig.fromText("{\"_target_\": \"Activations\", \"other\": \"gelu\"}"));
    assertTrue(e.getMessage().contains("tanh, relu"), e.getMessage());
  }

  @Test
  void keepLargestKeepsDtypeAndDoesNotTouchTheInput() {
    short[] d = {1, 1, 0, 1, 0, 0, 0, 0, 1};
    Volume v =
        Volume.wrap(
            d.clone(),
            org.medbeam.core.DType.INT16,
            new int[] {1, 3, 3},
            org.medbeam.core.Affine.identity());
    Volume out = new KeepLargestConnectedComponent(null, null, true, 1, 1).apply(v);
    assertEquals(org.medbeam.core.DType.INT16, out.dtype());
    assertArrayEquals(new short[] {1, 1, 0, 1, 0, 0, 0, 0, 0}, out.shorts());
    assertArrayEquals(d, v.shorts());
  }
}
