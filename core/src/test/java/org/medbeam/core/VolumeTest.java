package org.medbeam.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VolumeTest {
  @Test
  void layoutIsFirstSpatialIndexFastestChannelSlowest() {
    float[] d = new float[2 * 3 * 4 * 5];
    for (int i = 0; i < d.length; i++) {
      d[i] = i;
    }
    Volume v = Volume.of(d, 2, 3, 4, 5);
    // offset = x + X*(y + Y*(z + Z*c))
    assertEquals(1 + 3 * (2 + 4 * (3 + 5 * 1)), v.get(1, 1, 2, 3), 0);
    assertArrayEquals(new int[] {3, 4, 5}, v.spatialShape());
    assertEquals(3, v.spatialRank());
    assertEquals(60, v.voxelsPerChannel());
  }

  @Test
  void unsignedTypesReadUnsigned() {
    Volume u8 = Volume.wrap(new byte[] {(byte) 255, 1}, DType.UINT8, new int[] {1, 2}, Affine.identity());
    assertEquals(255, u8.getDouble(0), 0);
    Volume u16 =
        Volume.wrap(new short[] {(short) 65535}, DType.UINT16, new int[] {1, 1}, Affine.identity());
    assertEquals(65535, u16.getDouble(0), 0);
    Volume u32 = Volume.wrap(new int[] {-1}, DType.UINT32, new int[] {1, 1}, Affine.identity());
    assertEquals(4294967295.0, u32.getDouble(0), 0);
    Volume u64 = Volume.wrap(new long[] {-1L}, DType.UINT64, new int[] {1, 1}, Affine.identity());
    assertEquals(18446744073709551615.0, u64.getDouble(0), 0);
  }

  @Test
  void astypeTruncatesTowardZeroAndSaturates() {
    Volume f = Volume.of(new float[] {-1.7f, 2.9f, 300f, Float.NaN, -5e9f}, 1, 5);
    Volume b = f.astype(DType.UINT8);
    assertArrayEquals(new byte[] {0, 2, (byte) 255, 0, 0}, b.bytes());
    Volume i = f.astype(DType.INT32);
    assertArrayEquals(new int[] {-1, 2, 300, 0, Integer.MIN_VALUE}, i.ints());
    assertNotSame(f.array(), f.astype(DType.FLOAT64).array());
  }

  @Test
  void shapeAndStorageMustAgree() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Volume.wrap(new short[5], DType.INT16, new int[] {1, 2, 3}, Affine.identity()));
    assertTrue(e.getMessage().contains("6 elements"), e.getMessage());
    IllegalArgumentException t =
        assertThrows(
            IllegalArgumentException.class,
            () -> Volume.wrap(new float[6], DType.INT16, new int[] {1, 2, 3}, Affine.identity()));
    assertTrue(t.getMessage().contains("short[]"), t.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Volume.of(new float[1], 1, 1, 1, 1, 1));
    IllegalArgumentException big =
        assertThrows(
            IllegalArgumentException.class,
            () -> Volume.zeros(DType.UINT8, new int[] {1, 2048, 2048, 2048}, Affine.identity()));
    assertTrue(big.getMessage().contains("more than one Java array"), big.getMessage());
  }

  @Test
  void operationsStackPushesAndPops() {
    Volume v = Volume.of(new float[4], 1, 2, 2);
    Volume pushed = v.pushOperation(AppliedOperation.of("Flip", new int[] {2, 2}, Metadata.empty()));
    assertEquals(0, v.appliedOperations().size());
    assertEquals("Flip", pushed.peekOperation().className());
    assertEquals(0, pushed.popOperation().appliedOperations().size());
    assertThrows(IllegalStateException.class, v::popOperation);
  }

  @Test
  void dtypeNamesParseAsMonaiConfigsWriteThem() {
    assertEquals(DType.FLOAT32, DType.fromName("np.float32"));
    assertEquals(DType.FLOAT32, DType.fromName("torch.float32"));
    assertEquals(DType.FLOAT64, DType.fromName("float"));
    assertEquals(DType.INT16, DType.fromName("<i2"));
    assertEquals(DType.UINT8, DType.fromName("uint8"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DType.fromName("complex64"));
    assertTrue(e.getMessage().contains("accepted: uint8"), e.getMessage());
  }

  @Test
  void sampleIsImmutableAndOrdered() {
    Sample a = Sample.of("x").with("b", 1).with("a", 2);
    Sample b = a.with("b", 3);
    assertEquals(1, a.get("b"));
    assertEquals(3, b.get("b"));
    assertEquals("[b, a]", b.keys().toString());
    MissingKeyException e = assertThrows(MissingKeyException.class, () -> a.volume("image"));
    assertTrue(e.getMessage().contains("'image'"), e.getMessage());
    assertEquals("x#2", a.derivedId(2));
  }
}
