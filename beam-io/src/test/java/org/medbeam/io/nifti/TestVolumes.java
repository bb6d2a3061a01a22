package org.medbeam.io.nifti;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.medbeam.core.Affine;
import org.medbeam.core.DType;
import org.medbeam.core.Metadata;
import org.medbeam.core.Volume;

/** Seeded volumes of every dtype and a few affines for writer tests. */
final class TestVolumes {
  private TestVolumes() {}

  /** Oblique, sheared (non-orthogonal) and with a negative determinant: the hard qform case. */
  static final Affine SHEARED_FLIPPED =
      Affine.of(
          -0.7, 0.1, 0.02, 100.5,
          0.05, 0.68, 0.3, -50.25,
          0.01, -0.2, -1.9, 20.0,
          0, 0, 0, 1);

  /** A rotation about z by 0.3 rad with zooms (0.9, 1.1, 2.5). */
  static final Affine OBLIQUE =
      Affine.of(
          0.9 * Math.cos(0.3), -1.1 * Math.sin(0.3), 0, -12.5,
          0.9 * Math.sin(0.3), 1.1 * Math.cos(0.3), 0, 33.25,
          0, 0, 2.5, 7.0,
          0, 0, 0, 1);

  static Volume random(DType t, int[] shape, Affine affine, long seed) {
    Random r = new Random(seed);
    int n = (int) Volume.elementCount(shape);
    Object data = t.allocate(n);
    for (int i = 0; i < n; i++) {
      switch (t) {
        case UINT8:
        case INT8:
          ((byte[]) data)[i] = (byte) r.nextInt();
          break;
        case UINT16:
        case INT16:
          ((short[]) data)[i] = (short) r.nextInt();
          break;
        case UINT32:
        case INT32:
          ((int[]) data)[i] = r.nextInt();
          break;
        case UINT64:
        case INT64:
          ((long[]) data)[i] = r.nextLong();
          break;
        case FLOAT32:
          ((float[]) data)[i] = (float) (r.nextGaussian() * 1000);
          break;
        default:
          ((double[]) data)[i] = r.nextGaussian() * 1e6;
      }
    }
    return Volume.wrap(data, t, shape, affine);
  }

  static Volume withMeta(Volume v, String key, Object value) {
    return v.withMeta(v.meta().with(key, value));
  }

  static Metadata none() {
    return Metadata.empty();
  }

  /** SHA-256 of the voxels as little-endian bytes in storage order (nibabel_check.py's digest). */
  static String sha256(Volume v) {
    int es = v.dtype().byteSize();
    ByteBuffer bb = ByteBuffer.allocate(v.size() * es).order(ByteOrder.LITTLE_ENDIAN);
    VoxelCodec.encode(v.array(), v.dtype(), 0, v.size(), bb);
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bb.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
